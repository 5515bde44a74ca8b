from django.urls import path

from spolu.courses import views, views_enrolments, views_exams

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("my-lessons/", views.my_lessons, name="my_lessons"),
    path("new/", views.course_create, name="create"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/schedule/", views.course_schedule, name="schedule"),
    path("<int:pk>/cancel/", views.course_cancel, name="cancel"),
    path("<int:pk>/register/", views.course_register, name="register"),
    path("<int:pk>/lessons/new/", views.lesson_add, name="lesson_add"),
    path("<int:pk>/enrol/", views_enrolments.enrol, name="enrol"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/cancel/", views.lesson_cancel, name="lesson_cancel"),
    path("lessons/<int:pk>/restore/", views.lesson_restore, name="lesson_restore"),
    path("lessons/<int:pk>/sheet.pdf", views.lesson_sheet, name="lesson_sheet"),
    path("lessons/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("participants/<int:pk>/", views_enrolments.enrolment_edit, name="enrolment_edit"),
    path("participants/<int:pk>/drop/", views_enrolments.enrolment_drop, name="enrolment_drop"),
    path(
        "participants/<int:pk>/confirm/",
        views_enrolments.enrolment_confirm,
        name="enrolment_confirm",
    ),
    path("participants/<int:pk>/certificate.pdf", views_enrolments.certificate, name="certificate"),
    path("exams/", views_exams.sitting_list, name="sittings"),
    path("exams/new/", views_exams.sitting_create, name="sitting_create"),
    path("exams/<int:pk>/", views_exams.sitting_detail, name="sitting"),
    path("exams/<int:pk>/edit/", views_exams.sitting_edit, name="sitting_edit"),
    path("exams/<int:pk>/candidates/", views_exams.candidate_add, name="candidate_add"),
    path("exams/results/<int:pk>/", views_exams.result_edit, name="result"),
    path("exams/results/<int:pk>/remove/", views_exams.candidate_remove, name="candidate_remove"),
    path(
        "exams/candidates/<int:client_pk>/", views_exams.candidate_history, name="candidate_history"
    ),
]
