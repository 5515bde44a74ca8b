from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _perms(actions: tuple[str, ...], models: list[str]) -> list[str]:
    return [f"courses.{a}_{m}" for m in models for a in actions]


_VIEW_ALL = _perms(
    ("view",), ["course", "lesson", "enrolment", "attendance", "lessonevidence"]
) + _perms(("view",), ["examsitting", "examresult", "examtype"])

# Teachers: their own courses' lessons, attendance, participants' levels, and mock exams.
_TEACHING = [
    *_VIEW_ALL,
    "courses.record_attendance",
    "courses.view_course_notes",
    *_perms(("add", "change"), ["lesson", "examsitting", "examresult"]),
    "courses.change_enrolment",
    "courses.add_lessonevidence",
    "courses.delete_examresult",
]

# Reception and social work: the catalogue, enrolling clients, results of their clients.
_FRONT_DESK = [
    *_perms(
        ("view",), ["course", "lesson", "enrolment", "attendance", "examsitting", "examresult"]
    ),
    "courses.view_office_courses",
    "courses.view_course_notes",
    *_perms(("add", "change"), ["enrolment"]),
]


class CoursesConfig(AppConfig):
    name = "spolu.courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "teacher": _TEACHING,
        "coordinator": [
            *_TEACHING,
            "courses.view_office_courses",
            *_perms(("add", "change"), ["course", "enrolment"]),
            "courses.delete_lessonevidence",
        ],
        "receptionist": _FRONT_DESK,
        "social_worker": _FRONT_DESK,
        # Evidence for the funder: courses, attendance and scans; never notes on people.
        "auditor": [*_VIEW_ALL, "courses.view_office_courses"],
        "administrator": _perms(
            ("view", "add", "change", "delete"), ["examtype", "exampart", "examsection"]
        ),
    }

    def ready(self) -> None:
        from spolu.clients.subject_access import register_withheld
        from spolu.courses.models import Enrolment, ExamResult

        def course_notes(row: Any, user: Any) -> set[str]:
            return (
                {"note"} if row.note and not user.has_perm("courses.view_course_notes") else set()
            )

        register_withheld(Enrolment, course_notes)
        register_withheld(ExamResult, course_notes)
        from spolu.clients.merge import register_merge_handler
        from spolu.clients.panels import ClientPanel, register_client_panel
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.courses import merge, models, panels
        from spolu.events.calendar import register_calendar_source

        audit.register(
            models.Course, exclude_fields=["version", "updated_at"], m2m_fields={"teachers"}
        )
        audit.register(models.Enrolment, exclude_fields=["version", "updated_at"])
        audit.register(models.Lesson, exclude_fields=["version"])
        audit.register(models.ExamResult, exclude_fields=["version"])
        for model in (
            models.CourseSlot,
            models.CourseBreak,
            models.LessonEvidence,
            models.Attendance,
            models.ExamType,
            models.ExamPart,
            models.ExamSection,
            models.ExamSitting,
            models.SectionScore,
        ):
            audit.register(model)

        register_menu(
            MenuItem(
                "courses",
                _("Courses"),
                "courses:list",
                "mortarboard",
                order=40,
                permission="courses.view_course",
            )
        )
        register_panel(
            DashboardPanel(
                key="courses_today",
                template="courses/_dashboard_panel.html",
                order=15,
                render=panels.dashboard_today,
            )
        )
        register_client_panel(
            ClientPanel(
                key="courses",
                template="courses/_client_panel.html",
                order=40,
                context=panels.client_courses,
            )
        )
        register_calendar_source("lessons", panels.calendar_lessons)
        register_merge_handler(models.Enrolment, merge.merge_enrolments)
        register_merge_handler(models.ExamResult, merge.merge_exam_results)
