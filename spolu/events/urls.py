from django.urls import path

from spolu.events import views, views_calendar, views_campaigns, views_field

app_name = "events"

urlpatterns = [
    path("", views_calendar.calendar_view, name="calendar"),
    path("feed/", views_calendar.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("list/", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_update, name="event_update"),
    path("<int:pk>/sheet.pdf", views.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/participants/search/", views.participant_search, name="participant_search"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/attendance/", views.attendance_save, name="attendance_save"),
    path("<int:pk>/professionals/add/", views.professional_add, name="professional_add"),
    path("<int:pk>/professionals/remove/", views.professional_remove, name="professional_remove"),
    path("<int:pk>/headcount/", views.headcount_save, name="headcount_save"),
    path("<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("campaigns/", views_campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", views_campaigns.campaign_create, name="campaign_create"),
    path("campaigns/report/", views_campaigns.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/", views_campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views_campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/materials/add/", views_campaigns.material_add, name="material_add"),
    path(
        "campaigns/<int:pk>/distribution/add/",
        views_campaigns.distribution_add,
        name="distribution_add",
    ),
    path(
        "campaigns/<int:pk>/distribution/<int:action_pk>/remove/",
        views_campaigns.distribution_remove,
        name="distribution_remove",
    ),
    path("field-visits/", views_field.field_visit_list, name="field_visit_list"),
    path("field-visits/new/", views_field.field_visit_create, name="field_visit_create"),
    path("field-visits/<int:pk>/", views_field.field_visit_detail, name="field_visit_detail"),
    path("field-visits/<int:pk>/edit/", views_field.field_visit_update, name="field_visit_update"),
    path(
        "field-visits/<int:pk>/clients/",
        views_field.field_visit_client_search,
        name="field_visit_client_search",
    ),
]
