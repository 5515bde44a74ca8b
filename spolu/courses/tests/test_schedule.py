from datetime import date, time, timedelta

from django.test import SimpleTestCase
from django.utils import timezone

from spolu.courses import services
from spolu.courses.models import CourseBreak
from spolu.courses.schedule import (
    BreakSpec,
    SlotSpec,
    czech_public_holidays,
    easter_sunday,
    planned_lessons,
)
from spolu.courses.testing import LateInTheDay, make_course
from spolu.testing import SpoluTestCase, make_client

MONDAY = SlotSpec(0, time(9, 0), time(10, 30))
WEDNESDAY = SlotSpec(2, time(17, 0), time(18, 30))


class PublicHolidaysTest(SimpleTestCase):
    def test_easter_is_computed_for_known_years(self):
        self.assertEqual(easter_sunday(2024), date(2024, 3, 31))
        self.assertEqual(easter_sunday(2026), date(2026, 4, 5))
        self.assertEqual(easter_sunday(2027), date(2027, 3, 28))

    def test_czech_holidays_include_good_friday_easter_monday_and_fixed_days(self):
        days = czech_public_holidays(2026)
        self.assertIn(date(2026, 4, 3), days)  # Good Friday
        self.assertIn(date(2026, 4, 6), days)  # Easter Monday
        self.assertIn(date(2026, 9, 28), days)
        self.assertIn(date(2026, 11, 17), days)
        self.assertNotIn(date(2026, 11, 16), days)
        self.assertEqual(len(days), 13)


class PlannedLessonsTest(SimpleTestCase):
    def test_weekly_slots_give_one_lesson_per_week_and_slot(self):
        lessons = planned_lessons(
            start=date(2026, 9, 1),
            end=date(2026, 9, 30),
            slots=[MONDAY, WEDNESDAY],
            skip_public_holidays=False,
        )
        # Mondays 7, 14, 21, 28 and Wednesdays 2, 9, 16, 23, 30
        self.assertEqual(len(lessons), 9)
        self.assertEqual(lessons[0].date, date(2026, 9, 2))
        self.assertTrue(all(lesson.date.weekday() in (0, 2) for lesson in lessons))

    def test_public_holidays_are_skipped_unless_asked_not_to(self):
        kwargs = {"start": date(2026, 9, 21), "end": date(2026, 9, 30), "slots": [MONDAY]}
        with_holiday = planned_lessons(**kwargs, skip_public_holidays=False)
        without = planned_lessons(**kwargs)
        self.assertIn(date(2026, 9, 28), [p.date for p in with_holiday])
        self.assertNotIn(date(2026, 9, 28), [p.date for p in without])

    def test_breaks_are_skipped(self):
        lessons = planned_lessons(
            start=date(2026, 10, 1),
            end=date(2026, 10, 31),
            slots=[WEDNESDAY],
            breaks=[BreakSpec(date(2026, 10, 12), date(2026, 10, 18), "autumn holidays")],
        )
        self.assertNotIn(date(2026, 10, 14), [p.date for p in lessons])
        # 7 and 21 October; the 28th is a public holiday
        self.assertEqual([p.date.day for p in lessons], [7, 21])


class ScheduleApplyTest(LateInTheDay, SpoluTestCase):
    def test_a_new_course_gets_its_lessons_with_their_minutes(self):
        course = make_course(self.usti, start=date(2026, 9, 1), end_date=date(2026, 9, 27))
        lessons = list(course.lessons.all())
        self.assertEqual(len(lessons), 8)
        self.assertTrue(all(lesson.minutes == 90 for lesson in lessons))
        self.assertTrue(all(lesson.generated for lesson in lessons))

    def test_a_changed_schedule_keeps_lessons_with_attendance_and_moved_lessons(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today - timedelta(days=1), weeks=6)
        future = list(course.lessons.filter(date__gt=today).order_by("date"))
        moved = future[0]
        services.lesson_update(
            actor=None,
            lesson=moved,
            expected_version=moved.version,
            date=moved.date + timedelta(days=1),
            starts_at=moved.starts_at,
            ends_at=moved.ends_at,
        )
        change = services.schedule_set(
            actor=None,
            course=course,
            expected_version=course.version,
            slots=[MONDAY],
            breaks=[],
        )
        self.assertGreater(change.removed, 0)
        remaining = set(course.lessons.values_list("pk", flat=True))
        self.assertIn(moved.pk, remaining)
        new_future = course.lessons.filter(date__gt=today, generated=True)
        self.assertTrue(all(lesson.date.weekday() == 0 for lesson in new_future))
        self.assertEqual(course.slots.count(), 1)

    def test_lessons_before_today_never_change_with_the_schedule(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today - timedelta(weeks=3), weeks=6)
        past = set(course.lessons.filter(date__lt=today).values_list("pk", flat=True))
        services.schedule_set(
            actor=None, course=course, expected_version=course.version, slots=[MONDAY], breaks=[]
        )
        self.assertTrue(past <= set(course.lessons.values_list("pk", flat=True)))

    def test_a_later_end_date_adds_lessons(self):
        course = make_course(self.usti, weeks=4)
        before = course.lessons.count()
        services.course_update(
            actor=None,
            course=course,
            expected_version=course.version,
            end_date=course.end_date + timedelta(weeks=2),
        )
        self.assertEqual(course.lessons.count(), before + 4)

    def test_a_break_removes_generated_future_lessons_without_attendance(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today, weeks=6)
        pause = BreakSpec(today + timedelta(days=14), today + timedelta(days=20))
        services.schedule_set(
            actor=None,
            course=course,
            expected_version=course.version,
            slots=list(course.slots.all()),  # same slots
            breaks=[pause],
        )
        self.assertFalse(
            course.lessons.filter(date__range=(pause.first_day, pause.last_day)).exists()
        )
        self.assertEqual(CourseBreak.objects.filter(course=course).count(), 1)

    def test_a_stale_schedule_edit_is_refused(self):
        from spolu.core.errors import StaleObjectError

        course = make_course(self.usti)
        with self.assertRaises(StaleObjectError):
            services.schedule_set(
                actor=None, course=course, expected_version=course.version - 1, slots=[], breaks=[]
            )

    def test_attendance_keeps_a_lesson_through_a_schedule_change(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today - timedelta(days=7), weeks=4)
        client = make_client(self.usti)
        enrolment = services.enrolment_create(actor=None, course=course, client=client)
        from spolu.courses.testing import backdate

        backdate(enrolment, today - timedelta(days=7))
        lesson = course.lessons.filter(date__lte=today).first()
        services.attendance_record(
            actor=None,
            lesson=lesson,
            marks={enrolment.pk: "present"},
            expected_version=lesson.version,
        )
        services.schedule_apply(course=course, from_day=course.start_date)
        self.assertTrue(course.lessons.filter(pk=lesson.pk).exists())
