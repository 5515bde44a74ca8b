from django.urls import path

from spolu.network import views, views_platforms, views_volunteers

app_name = "network"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_update, name="organisation_update"),
    path("organisations/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path(
        "organisations/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("volunteers/", views_volunteers.volunteer_list, name="volunteer_list"),
    path("volunteers/new/", views_volunteers.volunteer_create, name="volunteer_create"),
    path("volunteers/<int:pk>/", views_volunteers.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views_volunteers.volunteer_update, name="volunteer_update"),
    path(
        "volunteers/<int:pk>/agreements/add/",
        views_volunteers.agreement_add,
        name="agreement_add",
    ),
    path(
        "volunteers/<int:pk>/agreements/<int:agreement_pk>/scan/",
        views_volunteers.agreement_scan,
        name="agreement_scan",
    ),
    path(
        "volunteers/<int:pk>/assignments/add/",
        views_volunteers.assignment_add,
        name="assignment_add",
    ),
    path("volunteers/<int:pk>/hours/add/", views_volunteers.hours_add, name="hours_add"),
    path(
        "volunteers/<int:pk>/hours/<int:hours_pk>/remove/",
        views_volunteers.hours_remove,
        name="hours_remove",
    ),
    path("platforms/", views_platforms.platform_list, name="platform_list"),
    path("platforms/new/", views_platforms.platform_create, name="platform_create"),
    path("platforms/<int:pk>/", views_platforms.platform_detail, name="platform_detail"),
    path("platforms/<int:pk>/edit/", views_platforms.platform_update, name="platform_update"),
    path("platforms/<int:pk>/members/add/", views_platforms.member_add, name="member_add"),
    path(
        "platforms/<int:pk>/members/<int:membership_pk>/remove/",
        views_platforms.member_remove,
        name="member_remove",
    ),
    path("platforms/<int:pk>/meetings/new/", views_platforms.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views_platforms.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views_platforms.meeting_update, name="meeting_update"),
    path("meetings/<int:pk>/minutes/", views_platforms.meeting_minutes_file, name="minutes_file"),
    path(
        "meetings/<int:pk>/attendance/",
        views_platforms.attendance_save,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/action-items/add/",
        views_platforms.action_item_add,
        name="action_item_add",
    ),
    path(
        "action-items/<int:pk>/done/",
        views_platforms.action_item_toggle,
        name="action_item_toggle",
    ),
]
