from django.urls import path

from spolu.timesheets import views

app_name = "timesheets"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:user_id>/<int:year>/<int:month>/", views.sheet, name="sheet"),
    path("<int:user_id>/<int:year>/<int:month>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("<int:user_id>/<int:year>/<int:month>/close/", views.month_close, name="close"),
    path("<int:user_id>/<int:year>/<int:month>/reopen/", views.month_reopen, name="reopen"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", views.entry_update, name="entry_update"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("overview/", views.overview, name="overview"),
    path("overview/xlsx/", views.overview_xlsx, name="overview_xlsx"),
    path("overview/close/", views.overview_close, name="overview_close"),
]
