from django.urls import path

from spolu.clients import views, views_merge, views_retention

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("new/duplicates/", views.client_duplicates, name="duplicates"),
    path("picker/", views.client_picker, name="picker"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/residence/", views.residence_add, name="residence_add"),
    path("<int:pk>/residence/<int:status_pk>/", views.residence_edit, name="residence_edit"),
    path("<int:pk>/consents/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "<int:pk>/consents/<int:consent_pk>/evidence/",
        views.consent_evidence,
        name="consent_evidence",
    ),
    path("<int:pk>/household/", views.relation_add, name="relation_add"),
    path(
        "<int:pk>/household/<int:relation_pk>/remove/",
        views.relation_remove,
        name="relation_remove",
    ),
    path("<int:pk>/guardian/", views.guardian_set, name="guardian_set"),
    path("<int:pk>/merge/", views_merge.merge_choose, name="merge"),
    path("<int:pk>/merge/<int:other>/", views_merge.merge_confirm, name="merge_confirm"),
    path("<int:pk>/anonymise/", views_retention.client_anonymise, name="anonymise"),
    path("<int:pk>/export/", views_retention.client_subject_export, name="subject_export"),
]
