"""Printed evidence of courses: the lesson attendance sheet and the certificate of completion.

Both are in Czech (the funder's language); the certificate adds a page in the participant's
language when Spolu has a translation of it (see `certificate_languages`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from spolu.clients.models import Client
from spolu.core.pdf import AttendanceSheet, SheetRow, attendance_sheet_pdf, render_pdf
from spolu.courses.models import CEFRLevel, Enrolment, Lesson
from spolu.courses.queries import attendance_rates, held_dates

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def certificate_languages() -> list[str]:
    """Languages besides Czech a certificate can be printed in: English (the source language)
    and every language this app has a compiled catalogue for."""
    found = []
    for code, _name in settings.LANGUAGES:
        if code == "cs":
            continue
        if code == "en" or (LOCALE_DIR / code / "LC_MESSAGES" / "django.mo").exists():
            found.append(code)
    return found


def participant_language(client: Client | None) -> str | None:
    """The first of the client's languages (in the order recorded) that a certificate exists in."""
    if client is None:
        return None
    available = certificate_languages()
    codes = (
        Client.languages.through.objects.filter(client_id=client.pk)
        .order_by("pk")
        .values_list("language_id", flat=True)
    )
    return next((code for code in codes if code in available), None)


def _date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def lesson_sheet_pdf(lesson: Lesson) -> bytes:
    course = lesson.course
    with translation.override("cs"):
        enrolments = sorted(
            Enrolment.objects.filter(course=course)
            .active_on(lesson.date)
            .select_related("client", "guardian"),
            key=lambda e: e.participant_name.lower(),
        )
        rows = []
        for e in enrolments:
            if e.client is None:
                detail = ", ".join(
                    x for x in (e.professional_institution, e.professional_role) if x
                )
            else:
                detail = str(e.client.year_of_birth or "")
                guardian = e.guardian.display_name if e.guardian else e.guardian_name
                if guardian:
                    detail = _("%(year)s, guardian: %(name)s") % {"year": detail, "name": guardian}
            rows.append(SheetRow(e.participant_name, detail))
        numbers = list(course.lessons.filter(cancelled=False).values_list("pk", flat=True))
        teachers = ", ".join(str(t) for t in course.teachers.all())
        extra = {
            _("Course"): course.title,
            _("Lesson"): (
                f"{numbers.index(lesson.pk) + 1} / {len(numbers)}" if lesson.pk in numbers else ""
            ),
            _("Office"): course.office.name,
        }
        if course.level is not None:
            extra[_("Level")] = str(CEFRLevel(course.level).label)
        if lesson.topic:
            extra[_("What was taught")] = lesson.topic
        sheet = AttendanceSheet(
            title=course.title,
            activity=f"{course.activity_id} – {course.activity.name_cs}",
            when=f"{_date(lesson.date)} {lesson.starts_at:%H:%M}–{lesson.ends_at:%H:%M}",
            place=lesson.where,
            organiser=teachers or course.office.name,
            rows=rows,
            extra=extra,
        )
        return attendance_sheet_pdf(sheet)


def _certificate_page(enrolment: Enrolment, language: str) -> SafeString:
    course = enrolment.course
    today = timezone.localdate()
    lessons = list(course.lessons.all())
    held = held_dates(lessons, today)
    rate = attendance_rates([enrolment], held)[enrolment.pk]
    minutes = sum(lesson.minutes for lesson in lessons if lesson.took_place(today))
    with translation.override(language):
        context = {
            "enrolment": enrolment,
            "course": course,
            "name": enrolment.participant_name,
            "birth_date": (
                _date(enrolment.client.birth_date)
                if enrolment.client and enrolment.client.birth_date
                else ""
            ),
            "kind": str(course.get_kind_display()),
            "level": str(CEFRLevel(course.level).label) if course.level is not None else "",
            "exit_level": (
                str(CEFRLevel(enrolment.exit_level).label)
                if enrolment.exit_level is not None
                else ""
            ),
            "start": _date(course.start_date),
            "end": _date(course.end_date),
            "hours": formats.number_format(minutes / 60, decimal_pos=1),
            "lessons": len(held),
            "rate": rate.percent,
            "issued": _date(today),
            "place": course.office.district.name
            if course.office.district_id
            else course.office.name,
            "teachers": ", ".join(str(t) for t in course.teachers.all()),
            "language": language,
        }
        return mark_safe(render_to_string("courses/pdf/_certificate_page.html", context))


def certificate_pdf(enrolment: Enrolment) -> bytes:
    """The certificate of completion: Czech, then the participant's language if available."""
    languages = ["cs"]
    second = participant_language(enrolment.client)
    if second:
        languages.append(second)
    pages = [_certificate_page(enrolment, language) for language in languages]
    with translation.override("cs"):
        return render_pdf(
            "courses/pdf/certificate.html",
            {"pages": pages, "doc_title": _("Certificate of completion")},
        )
