from django.urls import path

from spolu.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("statistics/", views.statistic_list, name="statistics"),
    path("observations/", views.observation_list, name="observations"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("observations/<int:pk>/edit/", views.observation_update, name="observation_update"),
]
