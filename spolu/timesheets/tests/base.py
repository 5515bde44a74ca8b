"""A month of work, built by hand, whose hours are known to the minute.

Last month (entirely in the past), Sam (social worker):
- services: A04 45 + 30 min, A07 60 min; A02 20 min during Filip's visit (Sam was not on it);
  A02 25 min during a visit Sam took part in (inside the visit's time: not counted again);
- field visit (A02) with Filip: 150 min;
- organised an A06 lecture with Alice: 90 min (a cancelled one and one next month don't count);
- attended a platform meeting (A18) 14:00–16:00: 120 min;
- own entries: A04 administration 1.5 h, A06 preparation 2 h.
So Sam: A02 170, A04 165, A06 210, A07 60, A18 120 → 725 min.
Tom teaches a course with lessons of 90 min every Tuesday and Thursday of the month, one
cancelled. Filip: the two field visits, 150 + 60 min.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spolu.core.models import Activity
from spolu.counselling import services as counselling
from spolu.courses.models import Lesson
from spolu.courses.testing import make_course
from spolu.events.testing import make_event, make_visit
from spolu.network import services as network
from spolu.testing import SpoluTestCase, make_client
from spolu.timesheets import services
from spolu.timesheets.queries import add_months, month_end, month_start


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class TimesheetWorld(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.month = add_months(month_start(today), -1)
        m = cls.month
        cls.d1, cls.d2, cls.d3, cls.d4, cls.d5 = (m + timedelta(days=n) for n in (1, 4, 8, 11, 15))
        client = make_client(cls.usti)
        activity = {code: Activity.objects.get(code=code) for code in ("A02", "A04", "A06", "A07")}

        def serve(day, code, minutes, staff=None, **extra):
            return counselling.service_create(
                actor=staff or cls.sam,
                office=cls.usti,
                activity=activity[code],
                date=day,
                minutes=minutes,
                channel="field" if code == "A02" else "in_person",
                client=client,
                **extra,
            )

        serve(cls.d1, "A04", 45)
        serve(cls.d2, "A04", 30)
        serve(cls.d2, "A07", 60)
        serve(cls.d1, "A04", 50, staff=cls.tereza)  # someone else's
        visit = make_visit(cls.usti, [cls.sam, cls.filip], date=cls.d3, minutes=150)
        serve(cls.d3, "A02", 25, field_visit=visit)  # inside Sam's own visit
        filips = make_visit(cls.usti, [cls.filip], date=cls.d3, minutes=60)
        serve(cls.d3, "A02", 20, field_visit=filips)  # Sam helped, not on the visit

        make_event(
            cls.usti,
            activity="A06",
            starts_at=at(cls.d4, 17),
            minutes=90,
            organisers=[cls.sam, cls.alice],
        )
        cancelled = make_event(
            cls.usti, activity="A06", starts_at=at(cls.d5, 17), minutes=60, organisers=[cls.sam]
        )
        cancelled.cancelled = True
        cancelled.save(update_fields=["cancelled"])
        make_event(
            cls.usti,
            activity="A11",
            starts_at=at(month_end(m) + timedelta(days=1), 10),
            minutes=45,
            organisers=[cls.sam],
        )

        platform = network.platform_create(actor=None, office=cls.usti, name="Platforma Ústí")
        network.meeting_create(
            actor=None,
            platform=platform,
            starts_at=at(cls.d5, 14),
            ends_at=at(cls.d5, 16),
            staff=[cls.sam],
        )

        services.entry_create(
            actor=cls.sam,
            day=cls.d1,
            activity=activity["A04"],
            kind="administration",
            minutes=90,
            note="Měsíční výkaz",
        )
        services.entry_create(
            actor=cls.sam, day=cls.d4, activity=activity["A06"], kind="preparation", minutes=120
        )

        course = make_course(cls.usti, teachers=[cls.tom], start=m, end_date=month_end(m))
        lessons = list(course.lessons.order_by("date"))
        Lesson.objects.filter(pk=lessons[0].pk).update(cancelled=True)
        cls.tom_lessons = (
            sum(
                1
                for day in range(1, calendar.monthrange(m.year, m.month)[1] + 1)
                if date(m.year, m.month, day).weekday() in (1, 3)
            )
            - 1
        )
