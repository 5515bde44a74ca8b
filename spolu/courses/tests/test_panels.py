from datetime import datetime, time, timedelta

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spolu.core.models import User
from spolu.courses import panels, services
from spolu.courses.testing import enrol, make_course
from spolu.courses.tests.base import CoursesTestCase


def request_for(user):
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)
    return request


class ClientPanelTest(CoursesTestCase):
    def test_it_lists_enrolments_and_exam_results_of_the_client(self):
        context = panels.client_courses(request_for(self.sam), self.clients[0])
        self.assertEqual([r["e"].course for r in context["rows"]], [self.course])
        self.assertEqual([r.sitting for r in context["results"]], [self.sitting])

    def test_it_shows_nothing_for_a_client_without_courses(self):
        self.assertIsNone(panels.client_courses(request_for(self.sam), self.other_enrolment.client))

    def test_it_hides_another_office_s_courses(self):
        self.assertIsNone(panels.client_courses(request_for(self.sam), self.other_enrolment.client))
        self.assertIsNotNone(
            panels.client_courses(request_for(self.tereza), self.other_enrolment.client)
        )

    def test_it_takes_the_same_number_of_queries_for_one_or_many_courses(self):
        client = self.clients[1]
        request = request_for(self.sam)
        panels.client_courses(request, client)  # permissions and offices are cached by the page
        with CaptureQueriesContext(connection) as one:
            panels.client_courses(request, client)
        for i in range(4):
            enrol(make_course(self.usti, title=f"Další kurz {i}"), client)
        with self.assertNumQueries(len(one.captured_queries)):
            panels.client_courses(request, client)


class CalendarTest(CoursesTestCase):
    def test_lessons_appear_in_the_calendar_of_those_who_see_the_course(self):
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.lesson.date, time.min, tz)
        items = panels.calendar_lessons(
            request_for(self.tom).user, start, start + timedelta(days=1)
        )
        lesson_items = [i for i in items if i.url.endswith(f"/lessons/{self.lesson.pk}/")]
        self.assertEqual(len(lesson_items), 1)
        item = lesson_items[0]
        self.assertEqual(
            (item.kind, item.activity_id, item.staff_ids), ("lesson", "A08", (self.tom.pk,))
        )
        self.assertEqual(item.starts_at.time(), time(16, 0))
        seen_by_tereza = panels.calendar_lessons(
            request_for(self.tereza).user, start, start + timedelta(days=1)
        )
        self.assertEqual({i.office_id for i in seen_by_tereza}, {self.teplice.pk})

    def test_filters_by_office_and_activity(self):
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.lesson.date, time.min, tz)
        end = start + timedelta(days=1)
        user = request_for(self.alice).user
        teplice = panels.calendar_lessons(user, start, end, offices=[self.teplice.pk])
        self.assertEqual({i.office_id for i in teplice}, {self.teplice.pk})
        self.assertEqual(panels.calendar_lessons(user, start, end, activities=["A10"]), [])

    def test_the_calendar_source_is_registered(self):
        from spolu.events import calendar

        self.assertIn("lessons", calendar._sources)


class DashboardPanelTest(CoursesTestCase):
    def test_only_people_who_teach_get_the_panel(self):
        self.assertIsNone(panels.dashboard_today(request_for(self.rita)))
        lesson = services.lesson_add(
            actor=None,
            course=self.course,
            date=timezone.localdate(),
            starts_at=time(7, 0),
            ends_at=time(8, 0),
        )
        context = panels.dashboard_today(request_for(self.tom))
        self.assertIn(lesson, [item.lesson for item in context["lessons"]])
