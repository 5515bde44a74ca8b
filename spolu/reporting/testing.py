"""A small hand-built world for the report's tests, with every expected number worked out.

Period 2026-01-01 – 2026-06-30, offices Ústí (usti) and Teplice (teplice). The comments give
each record's effect; `EXPECTED` (whole centre) and `EXPECTED_TEPLICE` are derived by hand from
them, never from the code under test.

Persons (citizenship, sex, birth; residence statuses):
- olena   UA F 1990-05-10; temporary protection since 2022 (eligible). Her duplicate "oksana"
          had a service on 2026-01-08 in Teplice and is merged into her (the tombstone has no rows).
- ivan    UA M 1965-08-20 (60 on his first engagement: counts as 18_60); temporary protection.
- dmytro  UA M 2008-03-15, turns 18 on 2026-03-15, first engagement 2026-02-10 (under_18).
- anna    SK F 1985-11-02; permanent residence (an eligible category, but an EU citizen).
- nguyen  VN F year 1980 only; asylum applicant until 2026-03-31 (not eligible), subsidiary
          protection from 2026-04-01 (eligible).
- ahmed   SY M no birth data, no residence status (unknown age and category, not eligible).
- bat     MN M 1995-01-01; permanent residence since 2020 and, overlapping, a newer short-stay
          visa for March 2026: on 2026-03-15 the visa decides (not eligible), on 2026-04-10 the
          permanent residence again (eligible).
- galina  RU F 1960-01-01 (over_60); permanent residence.
- lee     CN F 1970; services only just outside the period (never counted).

Volunteers (A17 outputs): Věra (Ústí) logs 2.5 h for A15 and 1.5 h for A04 in the period and
4 h for A15 after it; Tomáš (an intern in Teplice) logs 3 h for A15. So A15 has 2 volunteers
and 5.5 h, A04 1 volunteer and 1.5 h, the period 2 volunteers (Věra once) and 7 h.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from spolu.clients.merge import client_merge
from spolu.clients.models import Client, ResidenceStatus
from spolu.core.models import Country, Language, Office, ResidenceCategory, User
from spolu.counselling.models import ServiceRecord
from spolu.courses.models import Attendance, Course, Enrolment, EnrolmentStatus, Lesson
from spolu.events.models import (
    Campaign,
    CampaignMaterial,
    DistributionAction,
    Event,
    EventParticipant,
    EventProfessional,
)
from spolu.network.models import (
    Organisation,
    Platform,
    PlatformMeeting,
    Volunteer,
    VolunteerHours,
    VolunteerKind,
)

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def person(
    office: Office,
    first: str,
    last: str,
    citizenship: str,
    sex: str,
    *,
    birth_date: date | None = None,
    birth_year: int | None = None,
    statuses: tuple[tuple[str, date, date | None], ...] = (),
) -> Client:
    client = Client.objects.create(
        office=office,
        first_name=first,
        last_name=last,
        first_name_latin=first,
        last_name_latin=last,
        citizenship=Country.objects.get(code=citizenship),
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_year,
        first_contact_date=date(2024, 1, 10),
    )
    for category, valid_from, valid_to in statuses:
        ResidenceStatus.objects.create(
            client=client,
            category=ResidenceCategory.objects.get(code=category),
            valid_from=valid_from,
            valid_to=valid_to,
        )
    return client


def service(
    office: Office,
    activity: str,
    day: date,
    minutes: int,
    staff: User,
    *,
    client: Client | None = None,
    organisation: Organisation | None = None,
    anonymous: int = 0,
) -> ServiceRecord:
    return ServiceRecord.objects.create(
        office=office,
        activity_id=activity,
        date=day,
        minutes=minutes,
        channel="in_person",
        client=client,
        organisation=organisation,
        anonymous_count=anonymous,
        staff=staff,
        note="Důvěrná poznámka ke klientovi",
    )


def event(
    office: Office,
    activity: str,
    day: date,
    minutes: int,
    *,
    cancelled: bool = False,
    adults: int = 0,
    children: int = 0,
    unspecified: int = 0,
) -> Event:
    starts = aware(day, 17)
    return Event.objects.create(
        office=office,
        activity_id=activity,
        title=f"{activity} {day}",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        date=day,
        minutes=minutes,
        district=office.district,
        cancelled=cancelled,
        headcount_adults=adults,
        headcount_children=children,
        headcount_unspecified=unspecified,
    )


def course(office: Office, activity: str, kind: str, start: date, end: date) -> Course:
    return Course.objects.create(
        office=office,
        kind=kind,
        activity_id=activity,
        title=f"{kind} {start}",
        place="učebna",
        capacity=12,
        language=Language.objects.get(code="cs"),
        start_date=start,
        end_date=end,
    )


def lesson(course: Course, day: date, minutes: int, *, cancelled: bool = False) -> Lesson:
    start = datetime.combine(day, time(16, 0))
    return Lesson.objects.create(
        course=course,
        date=day,
        starts_at=start.time(),
        ends_at=(start + timedelta(minutes=minutes)).time(),
        cancelled=cancelled,
    )


def enrol(course: Course, client: Client | None = None, **fields: Any) -> Enrolment:
    return Enrolment.objects.create(
        course=course,
        client=client,
        status=fields.pop("status", EnrolmentStatus.ENROLLED),
        applied_on=course.start_date,
        enrolled_on=course.start_date,
        **fields,
    )


def attend(lesson: Lesson, enrolment: Enrolment, status: str = "present") -> Attendance:
    return Attendance.objects.create(lesson=lesson, enrolment=enrolment, status=status)


@dataclass
class World:
    clients: dict[str, Client] = field(default_factory=dict)
    services: dict[str, ServiceRecord] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    enrolments: dict[str, Enrolment] = field(default_factory=dict)


def build_world(usti: Office, teplice: Office, staff: User) -> World:
    w = World()
    tp = ("temporary_protection", date(2022, 3, 1), None)
    c = w.clients
    c["olena"] = person(
        usti, "Olena", "Kovalenko", "UA", "F", birth_date=date(1990, 5, 10), statuses=(tp,)
    )
    c["oksana"] = person(
        teplice, "Oksana", "Kovalenko", "UA", "F", birth_date=date(1990, 5, 10), statuses=(tp,)
    )
    c["ivan"] = person(
        usti, "Ivan", "Petrenko", "UA", "M", birth_date=date(1965, 8, 20), statuses=(tp,)
    )
    c["dmytro"] = person(
        usti, "Dmytro", "Bondar", "UA", "M", birth_date=date(2008, 3, 15), statuses=(tp,)
    )
    c["anna"] = person(
        usti,
        "Anna",
        "Horváthová",
        "SK",
        "F",
        birth_date=date(1985, 11, 2),
        statuses=(("residence_permanent", date(2019, 5, 1), None),),
    )
    c["nguyen"] = person(
        teplice,
        "Thi Lan",
        "Nguyen",
        "VN",
        "F",
        birth_year=1980,
        statuses=(
            ("asylum_applicant", date(2025, 6, 1), date(2026, 3, 31)),
            ("subsidiary_protection", date(2026, 4, 1), None),
        ),
    )
    c["ahmed"] = person(usti, "Ahmed", "Haddad", "SY", "M")
    c["bat"] = person(
        usti,
        "Bat-Erdene",
        "Ganbaatar",
        "MN",
        "M",
        birth_date=date(1995, 1, 1),
        statuses=(
            ("residence_permanent", date(2020, 1, 1), None),
            ("visa_short", date(2026, 3, 1), date(2026, 3, 31)),
        ),
    )
    c["galina"] = person(
        teplice,
        "Galina",
        "Ivanova",
        "RU",
        "F",
        birth_date=date(1960, 1, 1),
        statuses=(("residence_permanent", date(2015, 1, 1), None),),
    )
    c["lee"] = person(
        usti,
        "Mei",
        "Lee",
        "CN",
        "F",
        birth_year=1970,
        statuses=(("residence_long", date(2020, 1, 1), None),),
    )

    school = Organisation.objects.create(
        name="ZŠ Vojnovičova", kind="school", district=usti.district
    )
    s = w.services
    s["S1"] = service(usti, "A04", date(2026, 1, 15), 60, staff, client=c["olena"])
    s["S2"] = service(usti, "A04", date(2026, 3, 10), 45, staff, client=c["ivan"])
    s["S3"] = service(usti, "A05", date(2026, 3, 10), 30, staff, client=c["ivan"])
    s["S4"] = service(usti, "A07", date(2026, 2, 10), 40, staff, client=c["dmytro"])
    s["S5"] = service(teplice, "A04", date(2026, 2, 5), 50, staff, client=c["nguyen"])
    s["S6"] = service(teplice, "A05", date(2026, 5, 12), 60, staff, client=c["nguyen"])
    s["S7"] = service(usti, "A04", date(2026, 4, 2), 30, staff, client=c["anna"])
    s["S8"] = service(usti, "A04", date(2026, 3, 15), 20, staff, client=c["bat"])
    s["S9"] = service(usti, "A05", date(2026, 4, 10), 25, staff, client=c["bat"])
    s["S10"] = service(teplice, "A03", date(2026, 1, 8), 15, staff, client=c["oksana"])
    s["S11"] = service(usti, "A04", date(2025, 12, 31), 30, staff, client=c["lee"])
    s["S12"] = service(usti, "A04", date(2026, 7, 1), 30, staff, client=c["lee"])
    s["S13"] = service(usti, "A13", date(2026, 2, 20), 90, staff, organisation=school)
    s["S14"] = service(usti, "A02", date(2026, 3, 5), 20, staff, anonymous=4)
    s["S15"] = service(teplice, "A03", date(2026, 6, 30), 10, staff, anonymous=1)
    s["S16"] = service(usti, "A04", date(2026, 6, 30), 35, staff, client=c["olena"])

    e = w.events
    e["E1"] = event(usti, "A11", date(2026, 2, 14), 120)
    EventParticipant.objects.create(event=e["E1"], client=c["ahmed"])  # not marked: counts
    EventParticipant.objects.create(event=e["E1"], client=c["olena"], attended=True)
    e["E2"] = event(teplice, "A14", date(2026, 5, 20), 180, adults=40, children=10, unspecified=5)
    EventParticipant.objects.create(event=e["E2"], client=c["galina"], attended=True)
    EventParticipant.objects.create(event=e["E2"], client=c["olena"])
    EventParticipant.objects.create(event=e["E2"], client=c["ivan"], attended=False)  # absent
    e["E3"] = event(usti, "A06", date(2026, 3, 25), 90, cancelled=True, adults=30)
    EventParticipant.objects.create(event=e["E3"], client=c["bat"])  # cancelled event
    e["E4"] = event(usti, "A06", date(2026, 7, 2), 90, adults=12)  # after the period
    EventParticipant.objects.create(event=e["E4"], client=c["olena"])
    e["E5"] = event(usti, "A12", date(2026, 4, 20), 240)
    EventProfessional.objects.create(event=e["E5"], name="Mgr. Jana Malá", institution="ZŠ")
    EventProfessional.objects.create(event=e["E5"], name="Petr Veselý", attended=False)

    k, ls, en = w.courses, w.lessons, w.enrolments
    k["K1"] = course(usti, "A08", "czech", date(2026, 3, 2), date(2026, 6, 26))
    ls["L1"] = lesson(k["K1"], date(2026, 4, 14), 90)
    ls["L2"] = lesson(k["K1"], date(2026, 4, 16), 90, cancelled=True)
    ls["L3"] = lesson(k["K1"], date(2026, 5, 5), 90)
    en["dmytro"] = enrol(
        k["K1"],
        c["dmytro"],
        status=EnrolmentStatus.COMPLETED,
        completed_on=date(2026, 5, 5),
        entry_level=1,
        exit_level=2,
    )
    en["olena"] = enrol(k["K1"], c["olena"], entry_level=1, exit_level=1)
    attend(ls["L1"], en["dmytro"])
    attend(ls["L1"], en["olena"], "absent")
    attend(ls["L2"], en["olena"])  # at a cancelled lesson: never counts
    attend(ls["L3"], en["dmytro"])
    attend(ls["L3"], en["olena"])

    k["K2"] = course(teplice, "A10", "sociocultural", date(2026, 1, 10), date(2026, 2, 28))
    ls["L4"] = lesson(k["K2"], date(2026, 1, 20), 120)
    ls["L5"] = lesson(k["K2"], date(2026, 2, 3), 120)
    en["nguyen"] = enrol(k["K2"], c["nguyen"])
    en["ivan"] = enrol(k["K2"], c["ivan"])
    attend(ls["L4"], en["nguyen"])
    attend(ls["L5"], en["ivan"])

    k["K3"] = course(usti, "A12", "professionals", date(2026, 5, 1), date(2026, 5, 30))
    ls["L6"] = lesson(k["K3"], date(2026, 5, 15), 60)
    en["teacher"] = enrol(k["K3"], None, professional_name="Mgr. Eva Nová")
    attend(ls["L6"], en["teacher"])

    platform = Platform.objects.create(office=usti, name="Platforma Ústí")
    PlatformMeeting.objects.create(
        platform=platform,
        starts_at=aware(date(2026, 3, 18), 10),
        ends_at=aware(date(2026, 3, 18), 11, 30),
    )
    PlatformMeeting.objects.create(
        platform=platform,
        starts_at=aware(date(2026, 7, 10), 10),
        ends_at=aware(date(2026, 7, 10), 12),
    )

    campaign = Campaign.objects.create(
        office=usti,
        title="Dočasná ochrana 2026",
        goal="Informovat",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    leaflet = CampaignMaterial.objects.create(campaign=campaign, kind="leaflet", title="Leták UA")
    poster = CampaignMaterial.objects.create(campaign=campaign, kind="poster", title="Plakát RU")
    DistributionAction.objects.create(
        campaign=campaign, material=leaflet, date=date(2026, 2, 1), channel="in_person", copies=200
    )
    DistributionAction.objects.create(
        campaign=campaign, material=leaflet, date=date(2026, 5, 1), channel="web", reach=1500
    )
    DistributionAction.objects.create(
        campaign=campaign, material=poster, date=date(2025, 11, 1), channel="placement", copies=50
    )

    vera = Volunteer.objects.create(
        office=usti, kind=VolunteerKind.VOLUNTEER, first_name="Věra", last_name="Dobrá"
    )
    tomas = Volunteer.objects.create(
        office=teplice, kind=VolunteerKind.INTERN, first_name="Tomáš", last_name="Student"
    )
    for volunteer, day, activity, hours in (
        (vera, date(2026, 2, 10), "A15", "2.5"),
        (vera, date(2026, 3, 1), "A04", "1.5"),
        (vera, date(2026, 7, 5), "A15", "4"),  # after the period
        (tomas, date(2026, 4, 2), "A15", "3"),
    ):
        VolunteerHours.objects.create(
            volunteer=volunteer, date=day, activity_id=activity, hours=Decimal(hours)
        )

    client_merge(survivor=c["olena"], duplicate=c["oksana"], actor=None)
    return w


ZERO = {
    "unique_clients": 0,
    "eligible_unique_clients": 0,
    "service_records": 0,
    "anonymous_contacts": 0,
    "event_participants": 0,
    "public_headcount": 0,
    "hours": 0.0,
}


def _activity(**numbers: Any) -> dict[str, Any]:
    return {**ZERO, **numbers}


# The whole centre, 2026-01-01 – 2026-06-30, in the JSON shape of DESIGN.md §5 (documented keys).
EXPECTED: dict[str, Any] = {
    "period": {"from": "2026-01-01", "to": "2026-06-30"},
    "office": None,
    "totals": {
        "unique_clients": 8,  # olena ivan dmytro anna nguyen ahmed bat galina
        "eligible_unique_clients": 6,  # not anna (EU), not ahmed (no status)
        "service_records": 14,  # S1–S10, S13–S16
        "anonymous_contacts": 5,  # S14 4 + S15 1
        "event_participants": 4,  # E1 ahmed olena, E2 galina olena
        "public_headcount": 55,  # E2 40 + 10 + 5
        "hours": 27.33,  # 530 service + 540 event + 480 lesson + 90 meeting = 1640 minutes
    },
    "activities": {
        **{f"A{n:02d}": dict(ZERO) for n in range(1, 20)},
        "A02": _activity(service_records=1, anonymous_contacts=4, hours=0.33),  # 20 min
        "A03": _activity(
            unique_clients=1,
            eligible_unique_clients=1,
            service_records=2,
            anonymous_contacts=1,
            hours=0.42,  # 15 + 10 min
        ),
        "A04": _activity(
            unique_clients=5, eligible_unique_clients=2, service_records=6, hours=4.0
        ),  # olena ivan | anna (EU) nguyen (applicant) bat (short visa); 240 min
        "A05": _activity(
            unique_clients=3, eligible_unique_clients=3, service_records=3, hours=1.92
        ),  # ivan nguyen bat; 115 min
        "A07": _activity(
            unique_clients=1, eligible_unique_clients=1, service_records=1, hours=0.67
        ),
        "A08": _activity(unique_clients=2, eligible_unique_clients=2, hours=3.0),  # L1 L3
        "A10": _activity(unique_clients=2, eligible_unique_clients=1, hours=4.0),  # nguyen not yet
        "A11": _activity(
            unique_clients=2, eligible_unique_clients=1, event_participants=2, hours=2.0
        ),
        "A12": _activity(hours=5.0),  # E5 240 + L6 60 min
        "A13": _activity(service_records=1, hours=1.5),
        "A14": _activity(
            unique_clients=2,
            eligible_unique_clients=2,
            event_participants=2,
            public_headcount=55,
            hours=3.0,
        ),
        "A18": _activity(hours=1.5),  # the March meeting
    },
    "breakdowns": {
        "citizenship": {"MN": 1, "RU": 1, "SK": 1, "SY": 1, "UA": 3, "VN": 1},
        "sex": {"F": 4, "M": 4, "X": 0},
        "age_band": {"under_18": 1, "18_60": 5, "over_60": 1, "unknown": 1},
        "residence_category": {
            "temporary_protection": 3,
            "residence_permanent": 2,
            "asylum_applicant": 1,
            "visa_short": 1,
            "unknown": 1,
        },
    },
    "indicators": [
        {"code": "O.2.3", "value": 6},
        {"code": "O.2.3.1", "value": 2},  # dmytro olena
        {"code": "O.2.3.2", "value": 1},  # ivan (nguyen was an applicant on 2026-01-20)
        {"code": "O.2.3.3", "value": 5},  # olena ivan dmytro nguyen bat
        {"code": "O.2.4", "value": 2},  # the leaflet and its campaign
        {"code": "R.2.8", "value": 1},  # dmytro A1 → A2
        {"code": "R.2.9", "value": None},  # entered by hand, no value yet
    ],
}

# Extra numbers per activity (beyond the documented keys).
EXPECTED_EXTRA = {
    "A04": {"ineligible_unique_clients": 3, "minutes": 240},
    "A08": {"courses_run": 1, "completions": 1, "lessons": 2, "attendances": 3, "minutes": 180},
    "A10": {"courses_run": 1, "completions": 0, "lessons": 2, "attendances": 2, "minutes": 240},
    "A11": {"events": 1, "minutes": 120},
    "A12": {"events": 1, "professionals": 2, "courses_run": 1, "lessons": 1, "minutes": 300},
    "A14": {"events": 1, "minutes": 180},
    "A18": {"meetings": 1, "minutes": 90},
}

# The outputs table (every format): what activities produced besides engaging clients.
OUTPUT_ZERO = {
    "event_professionals": 0,
    "course_professionals": 0,
    "meetings": 0,
    "lessons": 0,
    "attendances": 0,
    "volunteers": 0,
    "volunteer_hours": 0.0,
}
EXPECTED_OUTPUTS: dict[str, dict[str, int | float]] = {
    **{f"A{n:02d}": dict(OUTPUT_ZERO) for n in range(1, 20)},
    "A04": {**OUTPUT_ZERO, "volunteers": 1, "volunteer_hours": 1.5},  # Věra
    "A08": {**OUTPUT_ZERO, "lessons": 2, "attendances": 3},  # L1 dmytro; L3 dmytro olena
    "A10": {**OUTPUT_ZERO, "lessons": 2, "attendances": 2},  # L4 nguyen, L5 ivan
    # E5: Jana attended, Petr did not; K3: Eva enrolled (her attendance is not a client's)
    "A12": {**OUTPUT_ZERO, "event_professionals": 1, "course_professionals": 1, "lessons": 1},
    "A15": {**OUTPUT_ZERO, "volunteers": 2, "volunteer_hours": 5.5},  # Věra 2.5, Tomáš 3
    "A18": {**OUTPUT_ZERO, "meetings": 1},  # the March meeting
}
EXPECTED_OUTPUT_TOTALS: dict[str, int | float] = {
    "event_professionals": 1,
    "course_professionals": 1,
    "meetings": 1,
    "lessons": 5,
    "attendances": 5,
    "volunteers": 2,  # Věra once, though she helped with A04 and A15
    "volunteer_hours": 7.0,
}

# Only the Teplice office: S5 S6 S10 S15, E2, K2.
EXPECTED_TEPLICE_TOTALS = {
    "unique_clients": 4,  # nguyen olena galina ivan
    "eligible_unique_clients": 4,  # nguyen eligible on 2026-05-12
    "service_records": 4,
    "anonymous_contacts": 1,
    "event_participants": 2,
    "public_headcount": 55,
    "hours": 9.25,  # 135 + 180 + 240 = 555 minutes
}
