from django.urls import path

from spolu.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report, name="report"),
    path("export/<str:file_format>/", views.export, name="export"),
    path("records/<str:kind>/", views.records, name="records"),
]
