"""Demo data: a year of courses in Ústí, Teplice and Chomutov with realistic attendance,
drop-outs, placement and exit levels, completions, and mock exam results.

Uses `ctx.shared["clients"]` (the clients demo) when present; otherwise it registers a few
clients of its own, so that it also runs alone. Past courses are written directly (the services
refuse enrolments into courses that have ended), then completion is computed by the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from spolu.clients.models import Client
from spolu.core.demo import DemoContext
from spolu.core.models import Country, Language, ResidenceCategory
from spolu.courses import services, services_exams
from spolu.courses.models import (
    Attendance,
    AttendanceStatus,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    ExamSection,
    ExamType,
    Lesson,
    LessonEvidence,
)
from spolu.courses.schedule import BreakSpec, SlotSpec, is_public_holiday


@dataclass(frozen=True)
class Plan:
    office: str
    teacher: str
    kind: str
    title: str
    level: int | None
    start: int  # days from today
    weeks: int
    slots: tuple[SlotSpec, ...]
    capacity: int
    place: str
    participants: int
    interpretation: str | None = None
    description: str = ""


def _slot(weekday: int, start: str, end: str) -> SlotSpec:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return SlotSpec(weekday, time(h1, m1), time(h2, m2))


USTI_ROOM = "Velká Hradební 48, Ústí nad Labem – učebna 2"
TEPLICE_ROOM = "náměstí Svobody 2, Teplice – klubovna"
CHOMUTOV_ROOM = "Žižkovo náměstí 1, Chomutov – učebna"

PLANS = [
    Plan(
        "usti",
        "teacher",
        CourseKind.CZECH,
        "Čeština A1 pro začátečníky",
        1,
        -320,
        15,
        (_slot(0, "17:00", "18:30"), _slot(2, "17:00", "18:30")),
        14,
        USTI_ROOM,
        14,
        "uk",
        "Kurz pro úplné začátečníky: pozdravy, nakupování, úřady, lékař.",
    ),
    Plan(
        "usti",
        "teacher",
        CourseKind.EXAM_PREPARATION,
        "Příprava na zkoušku A2 pro trvalý pobyt",
        2,
        -190,
        12,
        (_slot(1, "16:30", "18:00"), _slot(3, "16:30", "18:00")),
        12,
        USTI_ROOM,
        12,
        None,
        "Modelové testy, poslech, psaní a ústní část zkoušky A2.",
    ),
    Plan(
        "usti",
        "teacher",
        CourseKind.CZECH,
        "Čeština A1 – večerní kurz",
        1,
        -63,
        15,
        (_slot(0, "17:00", "18:30"), _slot(2, "17:00", "18:30")),
        12,
        USTI_ROOM,
        14,
        "uk",
        "Večerní kurz pro začátečníky i pro ty, kdo už základy mají.",
    ),
    Plan(
        "usti",
        "teacher",
        CourseKind.EXAM_PREPARATION,
        "Čeština B1 – příprava na občanství",
        3,
        -35,
        14,
        (_slot(1, "17:00", "19:00"),),
        10,
        USTI_ROOM,
        10,
        None,
        "Jazyková zkouška B1 a test z českých reálií.",
    ),
    Plan(
        "usti",
        "coordinator",
        CourseKind.ADAPTATION,
        "Vítejte v ČR – adaptačně-integrační kurz",
        None,
        -150,
        1,
        (_slot(5, "09:00", "13:00"),),
        20,
        USTI_ROOM,
        16,
        "uk",
        "Čtyřhodinový kurz o životě v Česku, právech a povinnostech.",
    ),
    Plan(
        "usti",
        "coordinator",
        CourseKind.ADAPTATION,
        "Vítejte v ČR – adaptačně-integrační kurz",
        None,
        26,
        1,
        (_slot(5, "09:00", "13:00"),),
        20,
        USTI_ROOM,
        6,
        "ru",
        "Čtyřhodinový kurz o životě v Česku, právech a povinnostech.",
    ),
    Plan(
        "usti",
        "teacher",
        CourseKind.CZECH,
        "Čeština A2 – navazující kurz",
        2,
        21,
        15,
        (_slot(0, "18:45", "20:15"), _slot(2, "18:45", "20:15")),
        8,
        USTI_ROOM,
        14,
        None,
        "Pro absolventy kurzu A1.",
    ),
    Plan(
        "usti",
        "teacher",
        CourseKind.PROFESSIONALS,
        "Čeština jako cizí jazyk ve třídě – seminář pro pedagogy",
        None,
        -120,
        3,
        (_slot(4, "13:00", "16:00"),),
        20,
        "Krajský úřad Ústeckého kraje, Velká Hradební 3118/48",
        14,
        None,
        "Jak učit žáky s odlišným mateřským jazykem.",
    ),
    Plan(
        "teplice",
        "teacher",
        CourseKind.SOCIOCULTURAL,
        "Život v Česku: úřady, škola, zdravotnictví",
        None,
        -28,
        8,
        (_slot(3, "10:00", "12:00"),),
        15,
        TEPLICE_ROOM,
        11,
        "vi",
        "Sociokulturní orientace s tlumočením do vietnamštiny.",
    ),
    Plan(
        "teplice",
        "teacher",
        CourseKind.TUTORING,
        "Doučování dětí – ZŠ Teplice",
        None,
        -70,
        16,
        (_slot(1, "14:00", "15:30"),),
        8,
        "ZŠ Teplice, Koperníkova 2770",
        7,
        None,
        "Pomoc s češtinou a domácími úkoly pro děti cizinců.",
    ),
    Plan(
        "chomutov",
        "teacher_chomutov",
        CourseKind.CZECH,
        "Čeština A1 – Chomutov",
        1,
        -250,
        14,
        (_slot(1, "17:00", "18:30"), _slot(3, "17:00", "18:30")),
        12,
        CHOMUTOV_ROOM,
        12,
        "mn",
    ),
    Plan(
        "chomutov",
        "teacher_chomutov",
        CourseKind.CZECH,
        "Čeština A2 – Chomutov",
        2,
        -42,
        14,
        (_slot(1, "17:00", "18:30"), _slot(3, "17:00", "18:30")),
        12,
        CHOMUTOV_ROOM,
        12,
        None,
    ),
]

PROFESSIONALS = [
    ("Mgr. Jana Malá", "ZŠ Ústí nad Labem, Vojnovičova", "učitelka 1. stupně"),
    ("Bc. Petr Novotný", "Magistrát města Ústí nad Labem", "referent odboru sociálních věcí"),
    ("Mgr. Lenka Horáková", "ZŠ a MŠ Teplice, Plynárenská", "zástupkyně ředitele"),
    ("Ing. Tomáš Beneš", "Úřad práce ČR, KoP Děčín", "poradce"),
    ("Mgr. Zuzana Krejčí", "Gymnázium Teplice", "učitelka češtiny"),
    ("Mgr. Marie Veselá", "ZŠ Chomutov, Školní", "asistentka pedagoga"),
    ("Bc. Kateřina Šimková", "MŠ Most, Lidické náměstí", "učitelka MŠ"),
    ("Mgr. Ondřej Pokorný", "ZŠ Děčín, Máchovo náměstí", "učitel"),
    ("Mgr. Alena Fialová", "Krajský úřad Ústeckého kraje", "metodička pro cizince"),
    ("Bc. Radka Dušková", "Městský úřad Litvínov", "sociální pracovnice"),
    ("Mgr. Pavla Nová", "ZŠ Ústí nad Labem, Pod Vodojemem", "učitelka"),
    ("Mgr. Jiří Kolář", "SŠ Děčín", "výchovný poradce"),
    ("Mgr. Eva Marková", "ZŠ Most, Zlatnická", "speciální pedagožka"),
    ("Bc. Hana Černá", "OSPOD Teplice", "sociální pracovnice"),
]

# Clients of our own when the clients demo left none: (first, last, first Latin, last Latin,
# sex, birth year, citizenship, residence, languages)
OWN_CLIENTS = [
    (
        "Олександр",
        "Шевченко",
        "Oleksandr",
        "Shevchenko",
        "M",
        1985,
        "UA",
        "temporary_protection",
        "uk",
    ),
    ("Олена", "Коваленко", "Olena", "Kovalenko", "F", 1990, "UA", "temporary_protection", "uk"),
    ("Nguyễn Thị", "Hương", "Nguyen Thi", "Huong", "F", 1988, "VN", "residence_permanent", "vi"),
    ("Trần Văn", "Minh", "Tran Van", "Minh", "M", 1979, "VN", "residence_long", "vi"),
    ("Батбаяр", "Ганбаатар", "Batbayar", "Ganbaatar", "M", 1992, "MN", "residence_long", "mn"),
    ("Анна", "Иванова", "Anna", "Ivanova", "F", 1986, "RU", "residence_permanent", "ru"),
    ("Ірина", "Бондаренко", "Iryna", "Bondarenko", "F", 1975, "UA", "temporary_protection", "uk"),
    ("Dmytro", "Melnyk", "", "", "M", 1998, "UA", "temporary_protection", "uk"),
    ("Phạm Thu", "Trang", "Pham Thu", "Trang", "F", 1995, "VN", "visa_long", "vi"),
    ("Ahmad", "Karimi", "", "", "M", 1990, "AF", "asylum_applicant", "fa"),
    ("Оксана", "Ткаченко", "Oksana", "Tkachenko", "F", 1983, "UA", "temporary_protection", "uk"),
    ("Сергій", "Кравченко", "Serhii", "Kravchenko", "M", 1980, "UA", "temporary_protection", "uk"),
    ("Lê Thị", "Mai", "Le Thi", "Mai", "F", 1991, "VN", "residence_permanent", "vi"),
    ("Mehmet", "Yılmaz", "Mehmet", "Yilmaz", "M", 1987, "TR", "residence_long", "tr"),
    (
        "Наталія",
        "Литвиненко",
        "Nataliia",
        "Lytvynenko",
        "F",
        1993,
        "UA",
        "temporary_protection",
        "uk",
    ),
    ("Энхтуяа", "Батсайхан", "Enkhtuya", "Batsaikhan", "F", 1989, "MN", "residence_long", "mn"),
    ("Андрій", "Мороз", "Andrii", "Moroz", "M", 1978, "UA", "temporary_protection", "uk"),
    ("Юлія", "Савченко", "Yuliia", "Savchenko", "F", 1996, "UA", "temporary_protection", "uk"),
    ("Vũ Đức", "Anh", "Vu Duc", "Anh", "M", 1984, "VN", "residence_long", "vi"),
    ("Olga", "Popescu", "", "", "F", 1982, "MD", "residence_long", "ro"),
    ("Тарас", "Петренко", "Taras", "Petrenko", "M", 1994, "UA", "temporary_protection", "uk"),
    ("Марина", "Сидоренко", "Maryna", "Sydorenko", "F", 1987, "UA", "temporary_protection", "uk"),
    ("Hoàng Thị", "Lan", "Hoang Thi", "Lan", "F", 1999, "VN", "visa_long", "vi"),
    ("Rustam", "Nazarov", "", "", "M", 1991, "UZ", "residence_long", "ru"),
]
OWN_CHILDREN = [
    ("Софія", "Шевченко", "Sofiia", "Shevchenko", "F", 11, 0),
    ("Максим", "Коваленко", "Maksym", "Kovalenko", "M", 9, 1),
    ("Nguyễn Minh", "Khang", "Nguyen Minh", "Khang", "M", 10, 2),
    ("Trần Bảo", "Ngọc", "Tran Bao", "Ngoc", "F", 12, 3),
    ("Даринка", "Бондаренко", "Daryna", "Bondarenko", "F", 8, 6),
    ("Артем", "Ткаченко", "Artem", "Tkachenko", "M", 13, 10),
    ("Marta", "Popescu", "", "", "F", 10, 19),
]


def _own_clients(ctx: DemoContext) -> tuple[list[Client], list[Client]]:
    from spolu.clients import services as client_services

    offices = ["usti", "usti", "teplice", "chomutov"]
    adults: list[Client] = []
    for index, (first, last, first_l, last_l, sex, year, country, residence, lang) in enumerate(
        OWN_CLIENTS
    ):
        client = client_services.client_create(
            actor=None,
            office=ctx.offices[offices[index % len(offices)]],
            first_name=first,
            last_name=last,
            first_name_latin=first_l,
            last_name_latin=last_l,
            sex=sex,
            birth_date=date(year, ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)),
            citizenship=Country.objects.get(code=country),
            first_contact_date=ctx.today - timedelta(days=ctx.rng.randint(200, 900)),
            languages=Language.objects.filter(
                code__in=[lang, "cs"] if ctx.rng.random() < 0.3 else [lang]
            ),
        )
        client_services.residence_status_add(
            client=client,
            category=ResidenceCategory.objects.get(code=residence),
            valid_from=ctx.today - timedelta(days=1200),
        )
        adults.append(client)
    return adults, _own_children(ctx, adults)


def _own_children(ctx: DemoContext, adults: list[Client]) -> list[Client]:
    from spolu.clients import services as client_services

    children = []
    for first, last, first_l, last_l, sex, age, parent in OWN_CHILDREN:
        guardian = adults[parent % len(adults)]
        child = client_services.client_create(
            actor=None,
            office=ctx.offices["teplice"],
            first_name=first,
            last_name=last,
            first_name_latin=first_l,
            last_name_latin=last_l,
            sex=sex,
            birth_date=ctx.today.replace(year=ctx.today.year - age)
            - timedelta(days=ctx.rng.randint(1, 300)),
            citizenship=guardian.citizenship,
            first_contact_date=ctx.today - timedelta(days=ctx.rng.randint(60, 400)),
            guardian=guardian,
        )
        client_services.residence_status_add(
            client=child,
            category=ResidenceCategory.objects.get(code="temporary_protection"),
            valid_from=ctx.today - timedelta(days=800),
        )
        children.append(child)
    return children


def _clients(ctx: DemoContext) -> tuple[list[Client], list[Client]]:
    shared = [c for c in ctx.shared.get("clients", []) if c.merged_into_id is None]
    if not shared:
        return _own_clients(ctx)
    adults = [c for c in shared if (c.age_on(ctx.today) or 30) >= 18]
    children = [c for c in shared if (c.age_on(ctx.today) or 30) < 18]
    if len(children) < 4:
        children += _own_children(ctx, adults)
    return adults, children


def _create_course(ctx: DemoContext, plan: Plan) -> Course:
    start = ctx.today + timedelta(days=plan.start)
    # Start on the weekday of the first slot, and never on a public holiday (a one-day course
    # would have no lesson at all).
    while start.weekday() != plan.slots[0].weekday or is_public_holiday(start):
        start += timedelta(days=1)
    end = start + timedelta(weeks=plan.weeks) - timedelta(days=1) if plan.weeks > 1 else start
    breaks = []
    if plan.weeks >= 10:
        # Autumn or spring holidays in the middle of a long course.
        middle = start + timedelta(weeks=plan.weeks // 2)
        breaks.append(BreakSpec(middle, middle + timedelta(days=6), "prázdniny"))
    teacher = ctx.users.get(plan.teacher)
    return services.course_create(
        actor=ctx.users.get("coordinator"),
        teachers=[teacher] if teacher else [],
        slots=list(plan.slots),
        breaks=breaks,
        office=ctx.offices[plan.office],
        kind=plan.kind,
        title=plan.title,
        level=plan.level,
        description=plan.description,
        place=plan.place,
        capacity=plan.capacity,
        language=Language.objects.get(code="cs"),
        interpretation_language=(
            Language.objects.get(code=plan.interpretation) if plan.interpretation else None
        ),
        start_date=start,
        end_date=end + timedelta(weeks=1 if plan.weeks >= 10 else 0),
    )


def _participants(
    ctx: DemoContext, course: Course, plan: Plan, pool: list[Client], children: list[Client]
) -> list[Enrolment]:
    today = ctx.today
    creator = ctx.users.get("receptionist")
    if course.for_professionals:
        return [
            Enrolment.objects.create(
                course=course,
                professional_name=name,
                professional_institution=institution,
                professional_role=role,
                status=EnrolmentStatus.ENROLLED,
                applied_on=course.start_date - timedelta(days=20),
                enrolled_on=course.start_date - timedelta(days=14),
                created_by=creator,
            )
            for name, institution, role in PROFESSIONALS[: plan.participants]
        ]
    clients = children if course.for_children else pool
    chosen = ctx.rng.sample(clients, min(plan.participants, len(clients)))
    enrolments = []
    taken = waiting = 0
    for client in chosen:
        applied = course.start_date - timedelta(days=ctx.rng.randint(7, 40))
        upcoming = course.start_date > today
        entry = None
        if course.level is not None:
            entry = max(0, course.level - ctx.rng.choice([1, 1, 1, 0]))
        if taken >= course.capacity and waiting < 2:
            status = EnrolmentStatus.WAITING  # came when the course was full
            waiting += 1
        elif taken >= course.capacity or (upcoming and ctx.rng.random() < 0.25):
            status = EnrolmentStatus.APPLIED  # waits for the placement test
        else:
            status = EnrolmentStatus.ENROLLED
            taken += 1
        enrolments.append(
            Enrolment.objects.create(
                course=course,
                client=client,
                guardian=client.guardian if course.for_children else None,
                guardian_name="" if (client.guardian or not course.for_children) else "matka",
                status=status,
                applied_on=min(applied, today),
                enrolled_on=(
                    min(applied + timedelta(days=3), today)
                    if status == EnrolmentStatus.ENROLLED
                    else None
                ),
                waiting_since=timezone.now() if status == EnrolmentStatus.WAITING else None,
                entry_level=entry,
                created_by=creator,
            )
        )
    return enrolments


def _attendance(ctx: DemoContext, course: Course, enrolments: list[Enrolment]) -> None:
    """Each participant has their own habit; some drop out part way, a few lessons go
    unrecorded (teachers forget) so the dashboard has something to remind them of."""
    today = ctx.today
    lessons = list(course.lessons.filter(date__lte=today, cancelled=False).order_by("date"))
    if not lessons:
        return
    teacher = course.teachers.first()
    active = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    habit = {e.pk: ctx.rng.uniform(0.55, 0.98) for e in active}
    leaves: dict[int, date] = {}
    for enrolment in active:
        if len(lessons) > 4 and ctx.rng.random() < 0.15:
            leaves[enrolment.pk] = lessons[ctx.rng.randint(2, len(lessons) - 2)].date
    rows = []
    recorded: list[Lesson] = []
    for lesson in lessons:
        forgotten = lesson.date >= today - timedelta(days=10) and ctx.rng.random() < 0.4
        if forgotten:
            continue
        for enrolment in active:
            left = leaves.get(enrolment.pk)
            if left and lesson.date >= left:
                continue
            roll = ctx.rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < habit[enrolment.pk]
                else AttendanceStatus.EXCUSED
                if roll < habit[enrolment.pk] + 0.05
                else AttendanceStatus.ABSENT
            )
            rows.append(
                Attendance(lesson=lesson, enrolment=enrolment, status=status, recorded_by=teacher)
            )
        lesson.attendance_recorded_by = teacher
        lesson.attendance_recorded_at = timezone.now()
        if not lesson.topic:
            topics = EXAM_TOPICS if course.kind == CourseKind.EXAM_PREPARATION else TOPICS
            lesson.topic = topics[len(recorded) % len(topics)]
        recorded.append(lesson)
    Attendance.objects.bulk_create(rows)
    Lesson.objects.bulk_update(
        recorded, ["attendance_recorded_by", "attendance_recorded_at", "topic"]
    )
    for enrolment in active:
        if enrolment.pk in leaves:
            enrolment.status = EnrolmentStatus.DROPPED
            enrolment.dropped_on = leaves[enrolment.pk]
            enrolment.drop_reason = ctx.rng.choice(DROP_REASONS)
            enrolment.save()
    # Places freed by drop-outs go to the waiting list, as the services do in real use.
    services.waiting_list_promote(course=course)
    services.completion_refresh(course=course, today=today)
    if course.state_on(today) == "finished" and course.level is not None:
        for enrolment in course.enrolments.filter(status=EnrolmentStatus.COMPLETED):
            improved = ctx.rng.random() < 0.7 and enrolment.entry_level is not None
            enrolment.exit_level = (
                min(course.level, (enrolment.entry_level or 0) + 1)
                if improved
                else enrolment.entry_level
            )
            enrolment.save(update_fields=["exit_level"])


TOPICS = [
    "Pozdravy a představení",
    "Čísla, datum a čas",
    "Rodina",
    "Nakupování a ceny",
    "Jídlo a restaurace",
    "Bydlení a inzeráty",
    "Doprava a jízdní řády",
    "U lékaře",
    "Na úřadě: formuláře",
    "Práce a životopis",
    "Minulý čas",
    "Volný čas",
    "Počasí a roční období",
    "Opakování",
]
EXAM_TOPICS = [
    "Modelový test: čtení",
    "Modelový test: poslech",
    "Psaní e-mailu a formuláře",
    "Ústní část zkoušky: představení",
    "Ústní část zkoušky: rozhovor podle obrázku",
    "Reálie: historie a státní symboly",
    "Reálie: ústava a volby",
    "Opakování a celý modelový test",
]
DROP_REASONS = ["nová práce", "přestěhování", "péče o dítě", "bez udání důvodu", "zdravotní důvody"]


def _evidence(course: Course) -> None:
    """Attach the printed sheet as a stand-in scan to the first held lessons (for the auditor)."""
    from spolu.courses.documents import lesson_sheet_pdf

    for lesson in course.lessons.filter(attendance_recorded_at__isnull=False).order_by("date")[:2]:
        pdf = lesson_sheet_pdf(lesson)
        evidence = LessonEvidence(
            lesson=lesson,
            original_name=f"prezence-{lesson.date:%Y-%m-%d}.pdf",
            content_type="application/pdf",
            size=len(pdf),
            uploaded_by=course.teachers.first(),
        )
        evidence.file.save(services.evidence_upload_name(evidence), ContentFile(pdf), save=False)
        evidence.save()


def _exams(ctx: DemoContext, candidates_a2: list[Client], candidates_b1: list[Client]) -> None:
    a2 = ExamType.objects.get(code="a2_permanent_residence")
    b1 = ExamType.objects.get(code="b1_citizenship")
    examiner = ctx.users.get("teacher")
    sittings = [
        (a2, -160, candidates_a2[:8]),
        (a2, -100, candidates_a2[4:12]),
        (b1, -20, candidates_b1[:6]),
        (a2, 18, candidates_a2[:3]),
    ]
    for exam_type, offset, candidates in sittings:
        sitting = services_exams.sitting_create(
            actor=examiner,
            exam_type=exam_type,
            office=ctx.offices["usti"],
            date=ctx.today + timedelta(days=offset),
            starts_at=time(9, 0),
            place=USTI_ROOM,
            examiner=examiner,
        )
        sections = list(ExamSection.objects.filter(part__exam_type=exam_type))
        for client in candidates:
            result = services_exams.candidate_add(actor=examiner, sitting=sitting, client=client)
            if offset > 0:
                continue
            absent = ctx.rng.random() < 0.08
            skill = ctx.rng.uniform(0.5, 0.95)
            points = {
                s.pk: max(0, min(s.max_points, round(s.max_points * ctx.rng.gauss(skill, 0.12))))
                for s in sections
            }
            services_exams.result_record(
                actor=examiner,
                result=result,
                expected_version=result.version,
                points=points,
                absent=absent,
            )


def seed(ctx: DemoContext) -> None:
    adults, children = _clients(ctx)
    if not adults:
        return
    courses: dict[str, Course] = {}
    for plan in PLANS:
        course = _create_course(ctx, plan)
        enrolments = _participants(ctx, course, plan, adults, children)
        _attendance(ctx, course, enrolments)
        courses.setdefault(plan.title, course)
    _evidence(courses["Čeština A1 pro začátečníky"])
    prep = courses["Příprava na zkoušku A2 pro trvalý pobyt"]
    a2_candidates = [e.client for e in prep.enrolments.select_related("client") if e.client]
    b1 = courses["Čeština B1 – příprava na občanství"]
    b1_candidates = [e.client for e in b1.enrolments.select_related("client") if e.client]
    _exams(ctx, list(dict.fromkeys(a2_candidates + adults[:4])), b1_candidates)
    ctx.shared["courses"] = list(courses.values())
