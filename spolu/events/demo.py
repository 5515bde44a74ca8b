"""Demo events of the Ústecký kraj centre: a year back and two months ahead of lectures (A06),
integration activities (A11), trainings of teachers and officials (A12), multicultural
festivals (A14), ethnic evenings (A15) and student excursions (A17), with registered clients,
attendance, professionals, public headcounts and a few scanned sheets and photos; three
information campaigns (A01) with materials and distribution; field visits with anonymous
contacts and services when the counselling demo has not made any.

Clients come from `ctx.shared["clients"]` (a few are registered here when it is missing),
organisations from `ctx.shared["organisations"]`. Rows are bulk-created, each validated first.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from spolu.clients.models import Client
from spolu.core.demo import DemoContext
from spolu.core.models import Activity, Country, District, Language, Office, User
from spolu.events.models import (
    Campaign,
    CampaignMaterial,
    DistributionAction,
    DistributionChannel,
    Event,
    EventEvidence,
    EventParticipant,
    EventProfessional,
    EvidenceKind,
    MaterialKind,
)
from spolu.network.models import Organisation, OrganisationKind

LECTURES = [
    "Pobyt v ČR: prodloužení a změna účelu",
    "Zdravotní pojištění cizinců",
    "Daňové přiznání a daňové slevy",
    "Nájemní smlouva a práva nájemníka",
    "Zápis dítěte do základní školy",
    "Trvalý pobyt: podmínky a zkouška z češtiny",
    "Dočasná ochrana: co platí letos",
    "Finanční gramotnost: dluhy a exekuce",
    "Pracovní smlouva, DPP a DPČ",
    "Sociální dávky a příspěvek na bydlení",
    "Uznání vzdělání (nostrifikace)",
    "Řidičský průkaz a registrace vozidla",
]
INTEGRATION = [
    "Komentovaná procházka Ústím nad Labem",
    "Výlet do Českého Švýcarska",
    "Vánoční tvoření pro rodiny",
    "Velikonoční dílna",
    "Návštěva knihovny a registrace čtenářů",
    "Sportovní odpoledne v parku",
    "Exkurze na krajský úřad",
    "Společné vaření českých jídel",
]
TRAININGS = [
    ("Žák-cizinec ve třídě: první kroky", "school"),
    ("Interkulturní komunikace pro úředníky", "municipality"),
    ("Čeština jako cizí jazyk: metodika pro lektory", "school"),
    ("Pobytová oprávnění v praxi úřadů", "authority"),
]
FESTIVALS = [
    "Den národů na Mírovém náměstí",
    "Multikulturní festival Spolu",
    "Světový den uprchlíků",
    "Den sousedů v Krásném Březně",
]
WORKSHOPS = [
    ("Mezikulturní dílna: hry a písničky z různých zemí", "základní škola, tělocvična"),
    ("Den mateřských jazyků", "Městská knihovna, dětské oddělení"),
    ("Kuchyně světa: vaříme společně", "Komunitní centrum, kuchyňka"),
    ("Mezikulturní dílna: pohádky našich sousedů", "základní škola, třída 2.B"),
    ("Výstava kreseb: Můj domov", "Městská knihovna, výstavní sál"),
]
EVENINGS = [
    ("UA", "Ukrajinský večer: Ivana Kupala"),
    ("VN", "Vietnamský večer: svátek Tết"),
    ("MN", "Mongolský večer: Naadam"),
    ("SY", "Syrský večer: kuchyně a hudba"),
    ("MD", "Moldavský večer"),
    ("PH", "Filipínský večer"),
]
EXCURSIONS = [
    "Exkurze studentů sociální práce v CPIC",
    "Studenti gymnázia: jak žijí cizinci v regionu",
    "Praxe v terénu: návštěva komunitního centra",
]
OFFICE_PLACES = {
    "usti": ("Velká Hradební 48, Ústí nad Labem", "CZ0427"),
    "teplice": ("náměstí Svobody 2, Teplice", "CZ0426"),
    "chomutov": ("Žižkovo náměstí 1, Chomutov", "CZ0422"),
    "decin": ("Masarykovo náměstí 3, Děčín", "CZ0421"),
}
# (first names, surnames) of women and of men, so that the pairs agree in Czech.
PEOPLE = [
    (
        ["Jana", "Petra", "Lucie", "Eva", "Hana", "Lenka"],
        ["Nováková", "Černá", "Kučerová", "Marešová"],
    ),
    (["Martin", "Tomáš", "Jiří", "Pavel", "Ondřej"], ["Dvořák", "Procházka", "Veselý", "Král"]),
]
PROFESSIONAL_ROLES = {
    "school": ["učitelka 1. stupně", "výchovný poradce", "asistentka pedagoga", "ředitel školy"],
    "municipality": ["referentka odboru sociálních věcí", "matrikářka", "sociální pracovník"],
    "authority": ["referent", "vedoucí oddělení", "sociální pracovnice"],
}


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


class _Events:
    """Collects events with their relations, then writes them in bulk."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.activities = {a.code: a for a in Activity.objects.all()}
        self.districts = {d.code: d for d in District.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.filter(common=True)}
        self.countries = {c.code: c for c in Country.objects.all()}
        self.events: list[Event] = []
        self.organisers: list[tuple[Event, list[User]]] = []
        self.partners: list[tuple[Event, list[Organisation]]] = []
        self.interpreting: list[tuple[Event, list[Language]]] = []

    def add(
        self,
        office: Office,
        activity: str,
        title: str,
        day: date,
        hour: int,
        minutes: int,
        *,
        organisers: Sequence[User] = (),
        partners: Sequence[Organisation] = (),
        interpreting: Sequence[str] = (),
        **fields: Any,
    ) -> Event:
        place, district = OFFICE_PLACES.get(office.code, (office.address, office.district_id))
        starts = _aware(day, hour)
        event = Event(
            office=office,
            activity=self.activities[activity],
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=minutes),
            place=fields.pop("place", place),
            district=self.districts[fields.pop("district", district)],
            language=self.languages.get("cs"),
            created_by=organisers[0] if organisers else None,
            **fields,
        )
        event.full_clean(exclude=["office", "activity", "district", "language", "created_by"])
        self.events.append(event)
        self.organisers.append((event, list(dict.fromkeys(organisers))))
        self.partners.append((event, list(dict.fromkeys(partners))))
        self.interpreting.append(
            (event, [self.languages[c] for c in interpreting if c in self.languages])
        )
        return event

    def save(self) -> list[Event]:
        Event.objects.bulk_create(self.events, batch_size=500)
        organisers = Event.organisers.through
        organisers.objects.bulk_create(
            [organisers(event_id=e.pk, user_id=u.pk) for e, us in self.organisers for u in us],
            batch_size=1000,
        )
        partners = Event.partner_organisations.through
        partners.objects.bulk_create(
            [partners(event_id=e.pk, organisation_id=o.pk) for e, os in self.partners for o in os],
            batch_size=1000,
        )
        languages = Event.interpretation_languages.through
        languages.objects.bulk_create(
            [languages(event_id=e.pk, language_id=x.pk) for e, xs in self.interpreting for x in xs],
            batch_size=1000,
        )
        return self.events


def _staff(ctx: DemoContext, *usernames: str) -> list[User]:
    return [ctx.users[u] for u in usernames if u in ctx.users]


def _clients(ctx: DemoContext) -> list[Client]:
    shared = [c for c in ctx.shared.get("clients") or [] if isinstance(c, Client)]
    if shared:
        return [c for c in shared if c.merged_into_id is None]
    existing = list(Client.objects.active())
    if existing:
        return existing
    from spolu.clients.services import client_create

    names = [
        ("Олена", "Коваленко", "Olena", "Kovalenko", "F", "UA"),
        ("Nguyen Van", "Nam", "Nguyen Van", "Nam", "M", "VN"),
        ("Батбаяр", "Ганболд", "Batbayar", "Ganbold", "M", "MN"),
        ("Ірина", "Шевчук", "Iryna", "Shevchuk", "F", "UA"),
    ]
    clients = []
    for first, last, first_latin, last_latin, sex, country in names:
        for office in ctx.offices.values():
            clients.append(
                client_create(
                    actor=None,
                    office=office,
                    first_name=first,
                    last_name=last,
                    first_name_latin=first_latin,
                    last_name_latin=last_latin,
                    sex=sex,
                    birth_year=ctx.rng.randint(1970, 2000),
                    citizenship=Country.objects.get(code=country),
                    first_contact_date=ctx.today - timedelta(days=400),
                )
            )
    return clients


def _organisations(ctx: DemoContext) -> list[Organisation]:
    shared = [o for o in ctx.shared.get("organisations") or [] if isinstance(o, Organisation)]
    return shared or list(Organisation.objects.filter(active=True))


def _plan(ctx: DemoContext, builder: _Events, organisations: list[Organisation]) -> None:
    rng, today = ctx.rng, ctx.today
    offices = ctx.offices
    schools = [o for o in organisations if o.kind == OrganisationKind.SCHOOL]
    by_kind: dict[str, list[Organisation]] = {}
    for org in organisations:
        by_kind.setdefault(org.kind, []).append(org)
    coordinator = _staff(ctx, "coordinator")
    lecturers = {
        "usti": _staff(ctx, "social_worker", "coordinator"),
        "teplice": _staff(ctx, "social_worker_teplice"),
        "chomutov": _staff(ctx, "social_worker_chomutov"),
        "decin": _staff(ctx, "field_worker"),
    }
    start = today - timedelta(days=365)
    end = today + timedelta(days=60)
    # Lectures (A06): fortnightly in Ústí, monthly elsewhere, on Tuesday or Thursday evening.
    for code, every in (("usti", 14), ("teplice", 28), ("chomutov", 28), ("decin", 42)):
        office = offices.get(code)
        if office is None:
            continue
        day = _weekday(start + timedelta(days=rng.randint(0, 10)), rng.choice([1, 3]))
        while day <= end:
            builder.add(
                office,
                "A06",
                rng.choice(LECTURES),
                day,
                17,
                rng.choice([90, 120]),
                organisers=lecturers.get(code) or coordinator,
                interpreting=rng.sample(["uk", "ru", "vi", "mn"], rng.randint(1, 2)),
                capacity=rng.choice([20, 25, 30]),
                cancelled=rng.random() < 0.03,
            )
            day = _weekday(day + timedelta(days=every), rng.choice([1, 3]))
    # Integration activities (A11) monthly in Ústí and Teplice, on Saturdays.
    for code in ("usti", "teplice"):
        office = offices.get(code)
        if office is None:
            continue
        day = _weekday(start + timedelta(days=rng.randint(0, 20)), 5)
        while day <= end:
            title = rng.choice(INTEGRATION)
            outdoors = "Český" in title or "park" in title or "procházka" in title
            builder.add(
                office,
                "A11",
                title,
                day,
                10,
                rng.choice([180, 240, 300]),
                organisers=(lecturers.get(code) or []) + coordinator,
                interpreting=["uk"],
                capacity=rng.choice([15, 20, None]),
                place="sraz před budovou CPIC" if outdoors else OFFICE_PLACES[code][0],
                headcount_children=rng.randint(0, 8),
            )
            day = _weekday(day + timedelta(days=rng.randint(26, 35)), 5)
    # Trainings of professionals (A12), quarterly.
    day = _weekday(start + timedelta(days=30), 2)
    while day <= end:
        title, kind = rng.choice(TRAININGS)
        partners = rng.sample(by_kind.get(kind, []) or organisations, 1)
        builder.add(
            offices.get("usti") or next(iter(offices.values())),
            "A12",
            title,
            day,
            9,
            360,
            organisers=coordinator,
            partners=partners,
            capacity=25,
        )
        day = _weekday(day + timedelta(days=rng.randint(80, 100)), 2)
    # Festivals (A14) twice a year and ethnic evenings (A15) every six to eight weeks.
    for month_offset in (5, 11):
        day = _weekday(start + timedelta(days=30 * month_offset), 5)
        if day <= end:
            builder.add(
                offices.get("usti") or next(iter(offices.values())),
                "A14",
                rng.choice(FESTIVALS),
                day,
                13,
                300,
                organisers=_staff(ctx, "coordinator", "social_worker", "receptionist"),
                partners=rng.sample(by_kind.get(OrganisationKind.NGO, organisations), 2)
                + rng.sample(by_kind.get(OrganisationKind.MUNICIPALITY, organisations), 1),
                place="Mírové náměstí, Ústí nad Labem",
                headcount_adults=rng.randint(150, 400),
                headcount_children=rng.randint(40, 120),
            )
    day = _weekday(start + timedelta(days=14), 4)
    index = 0
    while day <= end:
        country, title = EVENINGS[index % len(EVENINGS)]
        code = "usti" if index % 3 else "teplice"
        office = offices.get(code) or next(iter(offices.values()))
        community = next((o for o in organisations if "komunita" in o.name.lower()), None)
        builder.add(
            office,
            "A15",
            title,
            day,
            18,
            180,
            organisers=(lecturers.get(code) or []) + coordinator,
            partners=[community] if community and country in {"UA", "VN"} else [],
            featured_country=builder.countries.get(country),
            featured_community=f"{builder.countries[country].name_cs} komunita"
            if country in builder.countries
            else "",
            capacity=60,
            headcount_adults=rng.randint(20, 70),
            headcount_children=rng.randint(0, 20),
        )
        index += 1
        day = _weekday(day + timedelta(days=rng.randint(42, 56)), 4)
    # Information stands of the campaigns (A01) at markets and festivals.
    for offset in (70, 160, 250, 380):
        day = _weekday(start + timedelta(days=offset), 5)
        if day > end:
            continue
        builder.add(
            offices.get("usti") or next(iter(offices.values())),
            "A01",
            rng.choice(
                ["Informační stánek CPIC na farmářském trhu", "Informační stánek na Dni národů"]
            ),
            day,
            9,
            240,
            organisers=_staff(ctx, "receptionist", "field_worker") or coordinator,
            place="Lidické náměstí, Ústí nad Labem",
            headcount_adults=rng.randint(40, 140),
        )
    # Student excursions (A17) in term time.
    for offset in (40, 75, 150, 230, 290):
        day = _weekday(start + timedelta(days=offset), 2)
        if day > end or not schools:
            continue
        builder.add(
            offices.get("usti") or next(iter(offices.values())),
            "A17",
            rng.choice(EXCURSIONS),
            day,
            10,
            120,
            organisers=coordinator,
            partners=[rng.choice(schools)],
            headcount_unspecified=rng.randint(12, 28),
        )
    _multicultural_workshops(ctx, builder, schools, start, end)


def _multicultural_workshops(
    ctx: DemoContext, builder: _Events, schools: list[Organisation], start: date, end: date
) -> None:
    """Smaller multicultural activities (A14) at schools and libraries every six to nine weeks.
    They draw on their own random generator, so adding them left the rest of the demo as it was."""
    rng = random.Random(ctx.seed * 104729 + 14)
    codes = [code for code in ("teplice", "chomutov", "usti", "decin") if code in ctx.offices]
    if not codes:
        return
    organisers = _staff(ctx, "social_worker", "coordinator")
    day = _weekday(start + timedelta(days=rng.randint(5, 20)), 3)
    index = 0
    while day <= end:
        code = codes[index % len(codes)]
        title, place = WORKSHOPS[index % len(WORKSHOPS)]
        builder.add(
            ctx.offices[code],
            "A14",
            title,
            day,
            rng.choice([10, 14]),
            rng.choice([90, 120]),
            organisers=organisers,
            partners=[rng.choice(schools)] if schools and "škol" in place else [],
            interpreting=rng.sample(["uk", "vi", "ru"], 1),
            place=place,
            headcount_adults=rng.randint(5, 25),
            headcount_children=rng.randint(10, 40),
        )
        index += 1
        day = _weekday(day + timedelta(days=rng.randint(42, 63)), 3)


def _participants(ctx: DemoContext, events: list[Event], clients: list[Client]) -> None:
    rng, today = ctx.rng, ctx.today
    by_office: dict[int, list[Client]] = {}
    for client in clients:
        if client.anonymised_at is None:
            by_office.setdefault(client.office_id, []).append(client)
    registrations = []
    professionals = []
    organisations = _organisations(ctx)
    for event in events:
        if event.activity_id in {"A12"}:
            kind = next((k for t, k in TRAININGS if t == event.title), "school")
            institutions = [o for o in organisations if o.kind == kind] or organisations
            for _ in range(rng.randint(8, 20) if event.date <= today else rng.randint(2, 9)):
                org = rng.choice(institutions)
                first_names, surnames = rng.choice(PEOPLE)
                professionals.append(
                    EventProfessional(
                        event=event,
                        name=f"{rng.choice(['Mgr.', 'Bc.', 'Ing.', ''])} {rng.choice(first_names)} "
                        f"{rng.choice(surnames)}".strip(),
                        institution=org.name,
                        organisation=org,
                        role=rng.choice(PROFESSIONAL_ROLES.get(kind, ["pracovník"])),
                        attended=(rng.random() < 0.92) if event.date < today else None,
                    )
                )
            continue
        if event.activity_id == "A17":
            continue
        pool = [c for c in by_office.get(event.office_id, []) if c.first_contact_date <= event.date]
        if not pool or event.cancelled:
            continue
        wanted = {"A06": (6, 22), "A11": (5, 15), "A14": (10, 30), "A15": (8, 30)}.get(
            event.activity_id, (3, 10)
        )
        count = rng.randint(*wanted)
        if event.capacity:
            count = min(count, event.capacity)
        if event.date > today:
            count = count // 2
        for client in rng.sample(pool, min(count, len(pool))):
            registrations.append(
                EventParticipant(
                    event=event,
                    client=client,
                    attended=(rng.random() < 0.88) if event.date < today else None,
                    registered_at=event.starts_at - timedelta(days=rng.randint(1, 20)),
                )
            )
    EventParticipant.objects.bulk_create(registrations, batch_size=1000)
    EventProfessional.objects.bulk_create(professionals, batch_size=1000)


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small solid-colour PNG (a stand-in for a photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _evidence(ctx: DemoContext, events: list[Event]) -> None:
    past = [e for e in events if e.date < ctx.today and not e.cancelled]
    coordinator = ctx.users.get("coordinator")
    for event in ctx.rng.sample(past, min(8, len(past))):
        sheet = EventEvidence(
            event=event,
            kind=EvidenceKind.SIGNED_SHEET,
            content_type="application/pdf",
            size=len(SCAN),
            original_name="prezencni-listina-podpisy.pdf",
            uploaded_by=coordinator,
        )
        sheet.file.save(f"{ctx.rng.getrandbits(64):016x}.pdf", ContentFile(SCAN), save=False)
        sheet.save()
        if event.activity_id in {"A14", "A15", "A11"}:
            photo = _png(64, 48, (ctx.rng.randint(60, 200), 120, ctx.rng.randint(60, 200)))
            evidence = EventEvidence(
                event=event,
                kind=EvidenceKind.PHOTO,
                content_type="image/png",
                size=len(photo),
                original_name="foto-z-akce.png",
                description="Fotografie z akce (se souhlasem účastníků)",
                uploaded_by=coordinator,
            )
            evidence.file.save(
                f"{ctx.rng.getrandbits(64):016x}.png", ContentFile(photo), save=False
            )
            evidence.save()


CAMPAIGNS = [
    (
        "Prodloužení dočasné ochrany",
        "Držitelé dočasné ochrany v kraji vědí, jak a kdy si ochranu prodloužit "
        "a kde jim pomůžeme.",
        -200,
        120,
        [
            (MaterialKind.LEAFLET, "Leták: Jak prodloužit dočasnou ochranu", ["uk", "cs"]),
            (MaterialKind.SOCIAL_POST, "Příspěvek na Facebooku: termíny registrace", ["uk"]),
            (MaterialKind.POSTER, "Plakát do čekáren úřadů", ["uk", "ru", "cs"]),
        ],
    ),
    (
        "Zápis do škol – informace pro rodiče",
        "Rodiče-cizinci přihlásí děti k zápisu do 1. třídy a do MŠ včas.",
        -330,
        60,
        [
            (
                MaterialKind.LEAFLET,
                "Leták: Zápis do 1. třídy krok za krokem",
                ["vi", "uk", "mn", "ru"],
            ),
            (MaterialKind.WEB_ARTICLE, "Článek na webu: Zápis do školy", ["cs", "uk", "vi"]),
        ],
    ),
    (
        "Kde najdete pomoc – Centrum na podporu integrace cizinců",
        "Cizinci v kraji znají služby centra a jeho pobočky.",
        -120,
        240,
        [
            (MaterialKind.VIDEO, "Video: Co pro vás uděláme", ["uk", "ru", "vi", "en"]),
            (MaterialKind.LEAFLET, "Leták s kontakty na pobočky", ["cs", "en", "uk", "vi", "mn"]),
        ],
    ),
]
PLACES = [
    ("OAMP Ústí nad Labem, čekárna", "CZ0427"),
    ("Úřad práce Teplice", "CZ0426"),
    ("Asijská tržnice Děčín", "CZ0421"),
    ("ZŠ Vojnovičova – třídní schůzky", "CZ0427"),
    ("Komunitní centrum Předlice", "CZ0427"),
    ("Městská knihovna Chomutov", "CZ0422"),
]


def _campaigns(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    office = ctx.offices.get("usti") or next(iter(ctx.offices.values()))
    languages = {lang.code: lang for lang in Language.objects.filter(common=True)}
    districts = {d.code: d for d in District.objects.all()}
    coordinator = ctx.users.get("coordinator")
    for title, goal, start, length, materials in CAMPAIGNS:
        campaign = Campaign(
            office=office,
            title=title,
            goal=goal,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=start + length),
            created_by=coordinator,
        )
        campaign.full_clean()
        campaign.save()
        actions = []
        for kind, name, codes in materials:
            material = CampaignMaterial.objects.create(campaign=campaign, kind=kind, title=name)
            material.languages.set([languages[c] for c in codes if c in languages])
            day = campaign.starts_on + timedelta(days=rng.randint(3, 15))
            while day <= min(campaign.ends_on, today - timedelta(days=1)):
                if kind in {MaterialKind.LEAFLET, MaterialKind.POSTER}:
                    place, district = rng.choice(PLACES)
                    channel = rng.choice(
                        [
                            DistributionChannel.IN_PERSON,
                            DistributionChannel.PLACEMENT,
                            DistributionChannel.EVENT,
                        ]
                    )
                    copies, reach = rng.choice([20, 50, 100, 150, 300]), 0
                else:
                    place, district = "", None
                    channel = rng.choice(
                        [DistributionChannel.SOCIAL_MEDIA, DistributionChannel.WEB]
                    )
                    copies, reach = 0, rng.randint(300, 4500)
                actions.append(
                    DistributionAction(
                        campaign=campaign,
                        material=material,
                        date=day,
                        channel=channel,
                        place=place,
                        district=districts.get(district) if district else None,
                        copies=copies,
                        reach=reach,
                        recorded_by=coordinator,
                    )
                )
                day += timedelta(days=rng.randint(10, 30))
        DistributionAction.objects.bulk_create(actions)


def _field_visits(ctx: DemoContext, clients: list[Client]) -> None:
    """Only when the counselling demo made none: a few visits with contacts."""
    from spolu.counselling.models import FieldVisit
    from spolu.counselling.services import service_create
    from spolu.events import services

    if FieldVisit.objects.exists():
        return
    worker = ctx.users.get("field_worker")
    office = ctx.offices.get("usti")
    if worker is None or office is None:
        return
    a02 = Activity.objects.get(code="A02")
    ukraine = Country.objects.get(code="UA")
    for days_ago, place in (
        (2, "Ubytovna Předlice"),
        (9, "Komunitní centrum Krásné Březno"),
        (16, "Asijská tržnice Ústí"),
    ):
        visit = services.field_visit_create(
            actor=worker,
            office=office,
            staff=[worker],
            date=ctx.today - timedelta(days=days_ago),
            place=place,
            district=office.district,
            minutes=150,
            purpose="Pravidelný výjezd",
        )
        service_create(
            actor=worker,
            office=office,
            activity=a02,
            date=visit.date,
            minutes=20,
            channel="field",
            anonymous_count=ctx.rng.randint(2, 6),
            anonymous_citizenship=ukraine,
            field_visit=visit,
        )
        local = [c for c in clients if c.office_id == office.pk]
        if local:
            service_create(
                actor=worker,
                office=office,
                activity=a02,
                date=visit.date,
                minutes=25,
                channel="field",
                client=ctx.rng.choice(local),
                field_visit=visit,
            )


def seed(ctx: DemoContext) -> None:
    clients = _clients(ctx)
    builder = _Events(ctx)
    _plan(ctx, builder, _organisations(ctx))
    events = builder.save()
    _participants(ctx, events, clients)
    _evidence(ctx, events)
    _campaigns(ctx)
    _field_visits(ctx, clients)
    ctx.shared["events"] = events
