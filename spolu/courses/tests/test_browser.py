"""A teacher records a lesson's attendance on a phone, in a real browser."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import timezone

from spolu.core import roles
from spolu.core.models import District, Office
from spolu.courses import services
from spolu.courses.models import Attendance
from spolu.courses.testing import backdate, enrol, make_course
from spolu.testing import make_client, make_user, verified_login

pytestmark = [pytest.mark.browser]

NAMES = [
    ("Олена", "Шевченко", "Olena", "Shevchenko"),
    ("Nguyễn Thị", "Hương", "Nguyen Thi", "Huong"),
    ("Батбаяр", "Ганбаатар", "Batbayar", "Ganbaatar"),
    ("Ірина", "Бондаренко", "Iryna", "Bondarenko"),
    ("Ahmad", "Karimi", "", ""),
]


def teacher_lesson():
    office = Office.objects.create(
        code="usti",
        name="Ústí nad Labem",
        address="Velká Hradební 48",
        district=District.objects.get(code="CZ0427"),
    )
    teacher = make_user("eva", roles.TEACHER, [office], last_name="Procházková")
    course = make_course(
        office, teachers=[teacher], start=timezone.localdate() - timedelta(weeks=3)
    )
    enrolments = [
        backdate(
            enrol(
                course,
                make_client(
                    office, first_name=f, last_name=la, first_name_latin=fl, last_name_latin=ll
                ),
            ),
            course.start_date,
        )
        for f, la, fl, ll in NAMES
    ]
    lesson = services.lesson_add(
        actor=None,
        course=course,
        date=timezone.localdate(),
        starts_at=time(0, 0),
        ends_at=time(1, 30),
    )
    return teacher, lesson, enrolments


def sign_in(page, live_server, user):
    http = HttpClient()
    verified_login(http, user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": http.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_teacher_marks_all_present_then_one_absent_on_a_phone(page, live_server, screenshot):
    teacher, lesson, enrolments = teacher_lesson()
    sign_in(page, live_server, teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("link", name="Docházka").first.click()
    page.wait_for_url(f"**/courses/lessons/{lesson.pk}/")
    screenshot(page, "courses-attendance-phone-empty")
    page.get_by_role("button", name="Všichni přítomni").click()
    assert page.locator("input[type=radio][value=present]:checked").count() == len(enrolments)
    absent = enrolments[1]
    page.locator(f"label[for='a-{absent.pk}-absent']").click()
    assert "Nepřítomen: 1" in page.locator("[data-attendance-summary]").inner_text()
    page.get_by_label("Probíraná látka").fill("U lékaře")
    screenshot(page, "courses-attendance-phone")
    page.get_by_role("button", name="Uložit docházku").click()
    page.wait_for_selector(".alert-success")
    assert "přítomno 4, nepřítomno 1" in page.locator(".alert-success").inner_text()
    marks = dict(Attendance.objects.filter(lesson=lesson).values_list("enrolment_id", "status"))
    assert marks[absent.pk] == "absent"
    assert sorted(marks.values()).count("present") == 4
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "courses-attendance-phone-saved")


def test_the_course_pages_fit_a_phone(page, live_server, screenshot):
    teacher, lesson, _enrolments = teacher_lesson()
    sign_in(page, live_server, teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (
        ("courses-list-phone", "/courses/"),
        ("courses-detail-phone", f"/courses/{lesson.course_id}/"),
        ("courses-my-lessons-phone", "/courses/my-lessons/"),
        ("courses-register-phone", f"/courses/{lesson.course_id}/register/"),
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        screenshot(page, name)
