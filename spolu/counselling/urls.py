from django.urls import path

from spolu.counselling import views

app_name = "counselling"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("client/<int:pk>/new/", views.service_create_for_client, name="service_create_for_client"),
    path("client/<int:pk>/eligibility/", views.eligibility_hint, name="eligibility"),
    path(
        "organisation/new/",
        views.service_create_for_organisation,
        name="service_create_for_organisation",
    ),
    path("anonymous/new/", views.anonymous_create, name="anonymous_create"),
    path("<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("<int:pk>/follow-up-done/", views.follow_up_mark_done, name="follow_up_done"),
    path("<int:pk>/attribute/", views.anonymous_upgrade, name="anonymous_upgrade"),
    path("appointments/", views.appointment_list, name="appointments"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/status/", views.appointment_status, name="appointment_status"),
]
