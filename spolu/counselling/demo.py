"""Demo services: a year of consultations, field work, anonymous contacts and appointments.

For the clients of `ctx.shared["clients"]`: information centre inquiries (A03), social (A04),
legal (A05) and education (A07) counselling and field work contacts (A02) with realistic
topics, minutes, channels, interpreters, notes in Czech, follow-ups (some open and due soon
for the demo staff, so their dashboards show something) and referrals with their outcomes;
counselling for schools (A13) and support of organisations (A16) for the organisations of
`ctx.shared["organisations"]` (or the directory); anonymous headcounts at the information
centre and on field visits; appointments today and this week.

Rows are bulk-created (the demo must load in seconds); every row is valid by the models' rules.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from spolu.clients.models import Client
from spolu.core.models import Activity, Country, District, Language, User
from spolu.counselling.models import (
    Appointment,
    AppointmentStatus,
    Channel,
    FieldVisit,
    ReferralOutcome,
    ServiceRecord,
    Topic,
)
from spolu.network.models import Organisation, OrganisationKind

# Who does which activity at which office (demo users of spolu.core.demo).
STAFF = {
    "usti": {
        "A03": ["receptionist"],
        "A04": ["social_worker"],
        "A05": ["lawyer"],
        "A07": ["social_worker", "teacher"],
        "A02": ["field_worker"],
    },
    "teplice": {
        "A03": ["receptionist_teplice"],
        "A04": ["social_worker_teplice"],
        "A05": ["lawyer"],
        "A07": ["social_worker_teplice"],
        "A02": ["field_worker"],
    },
    "chomutov": {
        "A03": ["social_worker_chomutov"],
        "A04": ["social_worker_chomutov"],
        "A05": ["lawyer"],
        "A07": ["social_worker_chomutov", "teacher_chomutov"],
        "A02": ["social_worker_chomutov"],
    },
    "decin": {
        "A03": ["field_worker"],
        "A04": ["social_worker"],
        "A05": ["lawyer"],
        "A07": ["social_worker"],
        "A02": ["field_worker"],
    },
}
MINUTES = {"A02": (10, 30), "A03": (5, 20), "A04": (30, 90), "A05": (30, 120), "A07": (30, 60)}
CHANNELS = {
    "A02": [(Channel.FIELD, 1)],
    "A03": [(Channel.IN_PERSON, 50), (Channel.PHONE, 35), (Channel.EMAIL, 15)],
    "A04": [(Channel.IN_PERSON, 70), (Channel.PHONE, 20), (Channel.ONLINE, 10)],
    "A05": [(Channel.IN_PERSON, 80), (Channel.PHONE, 10), (Channel.EMAIL, 10)],
    "A07": [(Channel.IN_PERSON, 75), (Channel.ONLINE, 15), (Channel.PHONE, 10)],
}
TOPICS = {
    "A02": ["everyday_life", "housing", "employment", "residence", "health_insurance"],
    "A03": [
        "residence",
        "documents",
        "health_insurance",
        "housing",
        "czech_language",
        "everyday_life",
        "employment",
        "translation",
    ],
    "A04": [
        "housing",
        "social_benefits",
        "employment",
        "health_insurance",
        "healthcare",
        "family",
        "debts",
        "documents",
        "taxes",
    ],
    "A05": ["residence", "family_reunification", "employment", "citizenship", "business"],
    "A07": ["qualifications", "schooling", "czech_language"],
}
# Topics typical of a citizenship or situation, added to the activity's usual ones.
EXTRA_TOPICS = {
    "UA": ["temporary_protection"],
    "SY": ["international_protection", "family_reunification"],
    "AF": ["international_protection", "family_reunification"],
    "VN": ["business", "taxes", "czech_language"],
    "MN": ["employment"],
}
NOTES = {
    "residence": [
        "Prodloužení pobytu – vysvětlen postup a doklady, klient si domluví termín na OAMP.",
        "Změna zaměstnavatele při zaměstnanecké kartě – oznámení na MV, lhůty.",
        "Žádost o trvalý pobyt: zkouška A2, doklad o zajištění bydlení.",
    ],
    "temporary_protection": [
        "Prodloužení dočasné ochrany – registrace online, vysvětleno klientce krok za krokem.",
        "Oznámení změny pobytu při dočasné ochraně, kontrola údajů v dokladu.",
    ],
    "international_protection": [
        "Průběh řízení o mezinárodní ochraně, práva a povinnosti žadatele.",
        "Po udělení doplňkové ochrany: zdravotní pojištění, úřad práce.",
    ],
    "housing": [
        "Hledání nájemního bydlení, vzor nájemní smlouvy a výše kauce.",
        "Problém s ubytovnou – výpověď, možnosti azylového domu.",
        "Příspěvek na bydlení: podmínky a podání žádosti.",
    ],
    "employment": [
        "Pracovní smlouva přes agenturu – kontrola mzdy a přesčasů.",
        "Registrace na úřadu práce jako uchazeč, doporučení k rekvalifikaci.",
        "Výpověď ze strany zaměstnavatele – nárok na odstupné.",
    ],
    "health_insurance": [
        "Veřejné zdravotní pojištění – registrace u VZP, průkaz pojištěnce.",
        "Komerční pojištění cizinců: co kryje a co ne.",
    ],
    "healthcare": ["Hledání praktického lékaře a pediatra, registrace dětí."],
    "social_benefits": [
        "Humanitární dávka – podmínky, výpočet a podání žádosti na ÚP.",
        "Přídavek na dítě a příspěvek na bydlení, potřebné doklady.",
    ],
    "schooling": [
        "Zápis dítěte do ZŠ, adaptační koordinátor, doučování češtiny.",
        "Přijímací zkoušky na SŠ – úpravy pro cizince, termíny.",
    ],
    "qualifications": [
        "Nostrifikace maturitního vysvědčení – postup na krajském úřadě.",
        "Uznání odborné kvalifikace zdravotní sestry, kontakt na MZ.",
    ],
    "family_reunification": ["Sloučení rodiny – podmínky, doklady, lhůty."],
    "citizenship": ["Žádost o státní občanství – zkouška B1 a test z reálií."],
    "czech_language": ["Doporučení kurzu češtiny A1/A2, termíny zkoušky pro trvalý pobyt."],
    "documents": ["Vyplnění formulářů pro úřad, ověřený překlad rodného listu."],
    "debts": ["Exekuce – kontrola v centrální evidenci, kontakt na dluhovou poradnu."],
    "taxes": ["Daňové přiznání OSVČ, slevy na dani za děti."],
    "business": ["Živnostenské oprávnění – ohlášení živnosti, zdravotní a sociální pojištění."],
    "family": ["Rodinná situace, péče o děti, kontakt na OSPOD."],
    "everyday_life": ["Orientace ve městě, MHD, kde vyřídit SIM kartu a bankovní účet."],
    "translation": ["Pomoc s překladem dopisu z úřadu."],
    "other": ["Jiný dotaz."],
}
FOLLOW_UPS = {
    "A03": ["Zavolat klientovi termín konzultace", "Poslat e-mailem seznam dokladů"],
    "A04": [
        "Zkontrolovat, zda ÚP vyplatil dávku",
        "Domluvit prohlídku bytu s klientkou",
        "Ověřit u zaměstnavatele výplatní pásku",
        "Připravit žádost o příspěvek na bydlení",
    ],
    "A05": [
        "Připravit odvolání proti rozhodnutí",
        "Zkontrolovat stav řízení na OAMP",
        "Doplnit podklady k žádosti o trvalý pobyt",
    ],
    "A07": ["Zjistit volná místa v ZŠ", "Poslat kontakt na nostrifikaci"],
}
FIELD_PLACES = [
    ("Ubytovna Předlice, Ústí nad Labem", "CZ0427", "usti"),
    ("Komunitní centrum Krásné Březno, Ústí nad Labem", "CZ0427", "usti"),
    ("Hlavní nádraží Ústí nad Labem", "CZ0427", "usti"),
    ("Tržnice Hřensko", "CZ0421", "decin"),
    ("Tržnice Dolní Poustevna", "CZ0421", "decin"),
    ("Ubytovna Na Vyhlídce, Děčín", "CZ0421", "decin"),
    ("Průmyslová zóna Triangle, Žatec", "CZ0424", "usti"),
    ("Průmyslová zóna Joseph, Havraň", "CZ0425", "usti"),
    ("Ubytovna pro zaměstnance, Klášterec nad Ohří", "CZ0422", "usti"),
    ("Asijská tržnice, Dubí", "CZ0426", "usti"),
]
SCHOOL_NOTES = [
    "Konzultace s třídní učitelkou k integraci žáků z Ukrajiny, metodické materiály.",
    "Jazyková příprava žáků s odlišným mateřským jazykem – plán podpory.",
    "Komunikace s rodiči-cizinci: tlumočení na třídních schůzkách.",
    "Seminář pro pedagogy: žák-cizinec v hodině, hodnocení.",
]
SUPPORT_NOTES = [
    "Podpora při přípravě komunitní akce, propagace mezi cizinci.",
    "Konzultace projektu integrace cizinců v obci.",
    "Předání informačních letáků v ukrajinštině a vietnamštině.",
]
SOON = 7  # days: follow-ups due this soon show on the dashboard


def _choice(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    options, weights = zip(*weighted, strict=True)
    return rng.choices(options, weights)[0]


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _working_day(day: date, first: date, last: date) -> date:
    """The nearest weekday within first–last (the office is closed at weekends): Monday after,
    or the Friday before when Monday would be past `last`; `day` itself when neither fits."""
    after = _weekday_on_or_after(day)
    if after <= last:
        return after
    before = day
    while before.weekday() >= 5:
        before -= timedelta(days=1)
    return before if before >= first else day


# Used only when the network demo left no organisations: schools and partners to refer to.
FALLBACK_ORGANISATIONS = [
    ("Základní škola Ústí nad Labem, Vojnovičova 620", OrganisationKind.SCHOOL, "CZ0427"),
    ("Základní škola Teplice, Plynárenská 2953", OrganisationKind.SCHOOL, "CZ0426"),
    ("Základní škola Chomutov, Školní 1480", OrganisationKind.SCHOOL, "CZ0422"),
    ("Gymnázium Děčín, Komenského náměstí 4", OrganisationKind.SCHOOL, "CZ0421"),
    ("Poradna pro občanství, občanská a lidská práva", OrganisationKind.NGO, "CZ0427"),
    ("Úřad práce ČR – kontaktní pracoviště Ústí nad Labem", OrganisationKind.AUTHORITY, "CZ0427"),
    ("Krajská zdravotní, a.s. – Masarykova nemocnice", OrganisationKind.HEALTH, "CZ0427"),
    ("Magistrát města Teplice, odbor sociálních věcí", OrganisationKind.MUNICIPALITY, "CZ0426"),
]


def _organisations(ctx: Any) -> list[Organisation]:
    shared = ctx.shared.get("organisations")
    if isinstance(shared, dict):
        shared = list(shared.values())
    organisations = [o for o in shared or [] if isinstance(o, Organisation)]
    organisations = organisations or list(Organisation.objects.filter(active=True).order_by("pk"))
    if not organisations:
        districts = {d.code: d for d in District.objects.all()}
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(name=name, kind=kind, district=districts.get(district))
                for name, kind, district in FALLBACK_ORGANISATIONS
            ]
        )
    return organisations


class _Builder:
    """Collects the demo rows, then writes them in a few bulk inserts."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.rng: random.Random = ctx.rng
        self.today: date = ctx.today
        self.activities = {a.code: a for a in Activity.objects.all()}
        self.topics = {t.code: t for t in Topic.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.services: list[ServiceRecord] = []
        self.service_topics: list[list[str]] = []
        organisations = _organisations(ctx)
        self.schools = [o for o in organisations if o.kind == OrganisationKind.SCHOOL]
        self.partners = [o for o in organisations if o.kind != OrganisationKind.SCHOOL]

    def user(self, office: str, activity: str) -> User | None:
        names = STAFF.get(office, STAFF["usti"]).get(activity, [])
        users = [self.ctx.users[n] for n in names if n in self.ctx.users]
        return self.rng.choice(users) if users else None

    def add(self, topics: Iterable[str], **fields: Any) -> ServiceRecord:
        service = ServiceRecord(**fields)
        service.created_by = service.staff
        if service.activity_id == "A05":
            service.note_confidential = True
        self.services.append(service)
        self.service_topics.append([t for t in dict.fromkeys(topics) if t in self.topics])
        return service

    def topics_for(self, activity: str, country: str) -> list[str]:
        pool = TOPICS[activity] + (EXTRA_TOPICS.get(country, []) if activity != "A07" else [])
        return self.rng.sample(pool, k=min(len(pool), self.rng.choice([1, 1, 2, 2, 3])))

    def note(self, topics: list[str]) -> str:
        return self.rng.choice(NOTES.get(topics[0], NOTES["other"])) if topics else ""

    def client_service(self, client: Client, day: date, activity: str, **extra: Any) -> None:
        rng = self.rng
        staff = extra.pop("staff", None) or self.user(client.office.code, activity)
        if staff is None:
            return
        country = client.citizenship_id
        topics = self.topics_for(activity, country)
        low, high = MINUTES[activity]
        fields: dict[str, Any] = {
            "office": client.office,
            "activity": self.activities[activity],
            "date": day,
            "minutes": rng.randrange(low, high + 1, 5),
            "channel": _choice(rng, CHANNELS[activity]),
            "client": client,
            "staff": staff,
            "note": self.note(topics),
        }
        spoken = [lang.code for lang in client.languages.all()]
        if activity in {"A04", "A05", "A07"} and spoken and rng.random() < 0.35:
            fields["interpreter_language"] = self.languages.get(spoken[0])
        if activity in FOLLOW_UPS and rng.random() < 0.18:
            due = day + timedelta(days=rng.randint(5, 21))
            fields["follow_up"] = rng.choice(FOLLOW_UPS[activity])
            fields["follow_up_due"] = due
            if due < self.today - timedelta(days=2) and rng.random() < 0.92:
                done = datetime.combine(due - timedelta(days=rng.randint(0, 3)), time(14, 0))
                fields["follow_up_done_at"] = timezone.make_aware(done)
        if activity in {"A04", "A05"} and self.partners and rng.random() < 0.08:
            fields["referral_organisation"] = rng.choice(self.partners)
            if (self.today - day).days < 21:
                fields["referral_outcome"] = ReferralOutcome.PENDING
            else:
                fields["referral_outcome"] = _choice(
                    rng,
                    [
                        (ReferralOutcome.COMPLETED, 45),
                        (ReferralOutcome.ACCEPTED, 25),
                        (ReferralOutcome.DECLINED, 10),
                        (ReferralOutcome.NOT_USED, 20),
                    ],
                )
        fields.update(extra)
        self.add(topics, **fields)

    def save(self) -> None:
        ServiceRecord.objects.bulk_create(self.services, batch_size=500)
        through = ServiceRecord.topics.through
        through.objects.bulk_create(
            [
                through(servicerecord_id=service.pk, topic_id=code)
                for service, codes in zip(self.services, self.service_topics, strict=True)
                for code in codes
            ],
            batch_size=1000,
        )


def _activity_for(rng: random.Random, client: Client, today: date) -> str:
    age = client.age_on(today)
    if age is not None and age < 18:
        return _choice(rng, [("A07", 70), ("A04", 30)])
    protection = client.citizenship_id in {"SY", "AF"}
    return _choice(
        rng,
        [
            ("A03", 25),
            ("A04", 40),
            ("A05", 28 if protection else 14),
            ("A07", 10),
        ],
    )


def _client_services(builder: _Builder, clients: list[Client]) -> None:
    rng, today = builder.rng, builder.today
    start = today - timedelta(days=365)
    for client in clients:
        first = max(client.first_contact_date, start)
        span = (today - first).days
        level = rng.random()
        count = rng.randint(1, 3) if level < 0.45 else rng.randint(4, 10) if level < 0.8 else 0
        if not count:
            count = rng.randint(10, 25)
        count = max(1, round(count * (span + 30) / 395))
        days = sorted(
            _working_day(first + timedelta(days=rng.randint(0, span)), first, today)
            for _ in range(count)
        )
        if client.first_contact_date >= start:
            days[0] = client.first_contact_date  # the first contact is a service too
        for day in days:
            builder.client_service(client, day, _activity_for(rng, client, today))


def _dashboard_follow_ups(builder: _Builder, clients: list[Client]) -> None:
    """Open follow-ups due soon for the demo staff (their dashboards' "My work")."""
    rng, today = builder.rng, builder.today
    plans = [
        ("social_worker", "A04", "usti", 5),
        ("lawyer", "A05", None, 4),
        ("receptionist", "A03", "usti", 2),
        ("social_worker_teplice", "A04", "teplice", 3),
        ("social_worker_chomutov", "A04", "chomutov", 2),
    ]
    adults = [c for c in clients if (c.age_on(today) or 30) >= 18 and c.merged_into_id is None]
    for username, activity, office, count in plans:
        user = builder.ctx.users.get(username)
        if user is None:
            continue
        mine = [c for c in adults if office is None or c.office.code == office]
        for client in rng.sample(mine, min(count, len(mine))):
            day = max(client.first_contact_date, today - timedelta(days=rng.randint(1, 12)))
            day = _working_day(day, client.first_contact_date, today)
            builder.client_service(
                client,
                day,
                activity,
                staff=user,
                follow_up=rng.choice(FOLLOW_UPS[activity]),
                follow_up_due=today + timedelta(days=rng.randint(-2, SOON)),
                follow_up_done_at=None,
            )


def _field_work(builder: _Builder, clients: list[Client]) -> None:
    """Field visits (A02) with the clients met there and anonymous headcounts."""
    ctx, rng, today = builder.ctx, builder.rng, builder.today
    field_worker = ctx.users.get("field_worker")
    if field_worker is None:
        return
    districts = {d.code: d for d in District.objects.all()}
    countries = {c.code: c for c in Country.objects.filter(code__in=["UA", "VN", "MN", "MD"])}
    helpers = [u for u in (ctx.users.get("social_worker"),) if u]
    visits: list[tuple[FieldVisit, list[User]]] = []
    day = today - timedelta(days=360)
    while day <= today:
        day = _weekday_on_or_after(day + timedelta(days=rng.randint(5, 10)))
        if day > today:
            break
        place, district, office = rng.choice(FIELD_PLACES)
        staff = [field_worker] + (helpers if rng.random() < 0.25 else [])
        visit = FieldVisit(
            office=ctx.offices.get(office) or next(iter(ctx.offices.values())),
            date=day,
            place=place,
            district=districts[district],
            minutes=rng.choice([120, 150, 180, 240]),
            purpose=rng.choice(["Pravidelný výjezd", "Informační kampaň", "Doprovod na úřad"]),
            created_by=field_worker,
        )
        visits.append((visit, staff))
    FieldVisit.objects.bulk_create([v for v, _ in visits])
    through = FieldVisit.staff.through
    through.objects.bulk_create(
        [through(fieldvisit_id=v.pk, user_id=u.pk) for v, staff in visits for u in staff]
    )
    local: dict[str, list[Client]] = {c.office.code: [] for c in clients}
    for client in clients:
        if (client.age_on(today) or 30) >= 18 and client.merged_into_id is None:
            local[client.office.code].append(client)
    for visit, _staff in visits:
        met = [c for c in local.get(visit.office.code, []) if c.first_contact_date <= visit.date]
        for client in rng.sample(met, min(len(met), rng.randint(0, 3))):
            builder.client_service(
                client,
                visit.date,
                "A02",
                staff=field_worker,
                field_visit=visit,
                place=visit.place,
                office=visit.office,
            )
        for _ in range(rng.randint(1, 4)):
            known = rng.random() < 0.7
            builder.add(
                rng.sample(TOPICS["A02"], 1),
                office=visit.office,
                activity=builder.activities["A02"],
                date=visit.date,
                minutes=rng.randrange(10, 35, 5),
                channel=Channel.FIELD,
                anonymous_count=rng.choice([1, 1, 2, 3, 5, 8]),
                anonymous_citizenship=rng.choice(list(countries.values())) if known else None,
                anonymous_sex=rng.choice(["F", "M", ""]),
                field_visit=visit,
                place=visit.place,
                staff=field_worker,
            )


def _anonymous_inquiries(builder: _Builder) -> None:
    """Quick information centre inquiries of people who did not register (A03)."""
    ctx, rng, today = builder.ctx, builder.rng, builder.today
    countries = {
        c.code: c for c in Country.objects.filter(code__in=["UA", "VN", "MN", "RU", "MD", "SK"])
    }
    weights = [("UA", 55), ("VN", 15), ("MN", 8), ("RU", 8), ("MD", 8), ("SK", 6)]
    for _ in range(220):
        office = rng.choice(["usti", "usti", "teplice", "chomutov"])
        staff = builder.user(office, "A03")
        if staff is None or office not in ctx.offices:
            continue
        day = _weekday_on_or_after(today - timedelta(days=rng.randint(0, 364)))
        if day > today:
            day = today
        known = rng.random() < 0.7
        builder.add(
            rng.sample(TOPICS["A03"], rng.choice([1, 1, 2])),
            office=ctx.offices[office],
            activity=builder.activities["A03"],
            date=day,
            minutes=rng.choice([5, 5, 10, 10, 15]),
            channel=_choice(rng, CHANNELS["A03"]),
            anonymous_count=rng.choice([1, 1, 1, 2]),
            anonymous_citizenship=countries[_choice(rng, weights)] if known else None,
            anonymous_sex=rng.choice(["F", "F", "M", ""]),
            staff=staff,
        )


def _organisation_services(builder: _Builder) -> None:
    """Counselling for schools (A13) and support of partner organisations (A16)."""
    ctx, rng, today = builder.ctx, builder.rng, builder.today
    plans = [
        ("A13", builder.schools, ["social_worker", "social_worker_teplice", "coordinator"], 60),
        ("A16", builder.partners, ["coordinator"], 30),
    ]
    for activity, organisations, usernames, count in plans:
        users = [ctx.users[n] for n in usernames if n in ctx.users]
        if not organisations or not users:
            continue
        offices = {u.pk: u.offices.order_by("pk").first() for u in users}
        for _ in range(count):
            staff = rng.choice(users)
            office = offices[staff.pk] or next(iter(ctx.offices.values()))
            day = _weekday_on_or_after(today - timedelta(days=rng.randint(0, 364)))
            builder.add(
                ["schooling"] if activity == "A13" else ["other"],
                office=office,
                activity=builder.activities[activity],
                date=min(day, today),
                minutes=rng.choice([45, 60, 90, 120]),
                channel=_choice(
                    rng, [(Channel.IN_PERSON, 70), (Channel.ONLINE, 20), (Channel.PHONE, 10)]
                ),
                organisation=rng.choice(organisations),
                staff=staff,
                note=rng.choice(SCHOOL_NOTES if activity == "A13" else SUPPORT_NOTES),
            )


def _appointments(ctx: Any, clients: list[Client]) -> None:
    """Appointments today and this week for the demo staff, and some past ones."""
    rng, today = ctx.rng, ctx.today
    activities = {a.code: a for a in Activity.objects.filter(code__in=["A03", "A04", "A05", "A07"])}
    languages = {lang.code: lang for lang in Language.objects.all()}
    plans = [
        ("social_worker", "usti", "A04", 3, 5),
        ("lawyer", None, "A05", 2, 4),
        ("receptionist", "usti", "A03", 2, 3),
        ("social_worker_teplice", "teplice", "A04", 2, 4),
        ("social_worker_chomutov", "chomutov", "A04", 2, 3),
    ]
    active = [c for c in clients if c.merged_into_id is None and (c.age_on(today) or 30) >= 18]
    rows: list[Appointment] = []
    for username, office, activity, today_count, week_count in plans:
        user = ctx.users.get(username)
        if user is None:
            continue
        mine = [c for c in active if office is None or c.office.code == office]
        days = [today] * today_count
        days += [today + timedelta(days=rng.randint(1, 6)) for _ in range(week_count)]
        days += [today - timedelta(days=rng.randint(1, 14)) for _ in range(3)]
        hours = [time(h, m) for h in range(8, 16) for m in (0, 30)]
        for day in days:
            day = _weekday_on_or_after(day) if day != today else day
            client = rng.choice(mine) if mine and rng.random() < 0.85 else None
            spoken = [lang.code for lang in client.languages.all()] if client else []
            past = day < today
            rows.append(
                Appointment(
                    office=client.office if client else ctx.offices.get(office or "usti"),
                    client=client,
                    contact_name=""
                    if client
                    else rng.choice(["Iryna K.", "Nguyen V. T.", "Oyuna B."]),
                    staff=user,
                    starts_at=timezone.make_aware(datetime.combine(day, rng.choice(hours))),
                    minutes=rng.choice([30, 45, 60]),
                    activity=activities.get(activity),
                    interpreter_language=languages.get(spoken[0])
                    if spoken and rng.random() < 0.3
                    else None,
                    note=rng.choice(
                        ["", "Přinese rozhodnutí z OAMP", "Nájemní smlouva", "S dětmi"]
                    ),
                    status=_choice(
                        rng,
                        [(AppointmentStatus.DONE, 80), (AppointmentStatus.NO_SHOW, 20)],
                    )
                    if past
                    else AppointmentStatus.PLANNED,
                )
            )
    Appointment.objects.bulk_create(rows)


def seed(ctx: Any) -> None:
    clients: list[Client] = [
        c for c in ctx.shared.get("clients", []) if isinstance(c, Client) and c.pk
    ]
    clients = list(
        Client.objects.filter(pk__in=[c.pk for c in clients])
        .select_related("office", "citizenship")
        .prefetch_related("languages")
        .order_by("pk")
    )
    builder = _Builder(ctx)
    _client_services(builder, clients)
    _dashboard_follow_ups(builder, clients)
    _field_work(builder, clients)
    _anonymous_inquiries(builder)
    _organisation_services(builder)
    builder.save()
    _appointments(ctx, clients)
    ctx.shared["services"] = builder.services
