from django.urls import path

from spolu.legal import views

app_name = "legal"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/deadlines/", views.deadline_add, name="deadline_add"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/services/", views.services_link, name="services_link"),
    path("deadlines/<int:pk>/toggle/", views.deadline_toggle, name="deadline_toggle"),
]
