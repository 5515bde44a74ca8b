"""Demo partner network of the Ústecký kraj centre: schools, NGOs, municipalities, employers,
authorities (the Foreign Police, the Labour Office, the Ministry of the Interior's OAMP) with
contact people; volunteers and interns with agreements and logged hours; two coordination
platforms with a year of meetings, attendance, minutes and action items.

Organisations go to `ctx.shared["organisations"]` for the apps that run later (clients,
counselling, events). Rows are bulk-created and valid by the models' rules.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from unidecode import unidecode

from spolu.core.demo import DemoContext
from spolu.core.models import Activity, District, Language
from spolu.network.models import (
    ActionItem,
    AgreementKind,
    ContactPerson,
    MeetingAttendance,
    Organisation,
    OrganisationKind,
    Platform,
    PlatformMeeting,
    PlatformMembership,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerKind,
)

K = OrganisationKind
DEMO_SCANS = 4  # agreements with a scan of the signed paper
DEMO_MINUTES_FILES = 2  # per platform, the first meetings' minutes as a file

# name, kind, district, address, web domain, (contact name, role)…
ORGANISATIONS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    (
        "Základní škola Ústí nad Labem, Vojnovičova 620/5",
        K.SCHOOL,
        "CZ0427",
        "Vojnovičova 620/5, 400 01 Ústí nad Labem",
        "zsvojnovicova",
        [("Mgr. Jana Černá", "výchovná poradkyně"), ("Mgr. Petr Hošek", "ředitel")],
    ),
    (
        "Základní škola a mateřská škola Ústí nad Labem, Hlavní 193",
        K.SCHOOL,
        "CZ0427",
        "Hlavní 193, 400 03 Ústí nad Labem-Střekov",
        "zshlavni",
        [("Mgr. Lenka Vávrová", "koordinátorka začleňování žáků-cizinců")],
    ),
    (
        "Základní škola Teplice, Edisonova 1891",
        K.SCHOOL,
        "CZ0426",
        "Edisonova 1891, 415 01 Teplice",
        "zsedisonova",
        [("Mgr. Ivana Králová", "zástupkyně ředitele")],
    ),
    (
        "Gymnázium Teplice",
        K.SCHOOL,
        "CZ0426",
        "Čs. dobrovolců 530/11, 415 01 Teplice",
        "gymtce",
        [("PhDr. Martin Sýkora", "učitel společenských věd")],
    ),
    (
        "Základní škola Chomutov, Hornická 4387",
        K.SCHOOL,
        "CZ0422",
        "Hornická 4387, 430 04 Chomutov",
        "zshornicka",
        [("Mgr. Alena Fialová", "výchovná poradkyně")],
    ),
    (
        "Základní škola Děčín, Máchovo náměstí 11",
        K.SCHOOL,
        "CZ0421",
        "Máchovo náměstí 11, 405 02 Děčín",
        "zsmachovo",
        [("Mgr. Tomáš Beneš", "metodik prevence")],
    ),
    (
        "Univerzita J. E. Purkyně – Fakulta sociálně ekonomická",
        K.SCHOOL,
        "CZ0427",
        "Moskevská 54, 400 96 Ústí nad Labem",
        "fse-ujep",
        [("doc. PhDr. Kateřina Nová, Ph.D.", "garantka praxí sociální práce")],
    ),
    (
        "Univerzita J. E. Purkyně – Pedagogická fakulta",
        K.SCHOOL,
        "CZ0427",
        "České mládeže 8, 400 96 Ústí nad Labem",
        "pf-ujep",
        [("Mgr. Lucie Holá, Ph.D.", "katedra bohemistiky, čeština pro cizince")],
    ),
    (
        "Člověk v tísni – pobočka Ústí nad Labem",
        K.NGO,
        "CZ0427",
        "Prokopa Diviše 1603/5, 400 01 Ústí nad Labem",
        "clovekvtisni",
        [("Bc. Radka Svobodová", "koordinátorka sociálních služeb")],
    ),
    (
        "Poradna pro integraci – pracoviště Ústí nad Labem",
        K.NGO,
        "CZ0427",
        "Velká Hradební 3118/48, 400 01 Ústí nad Labem",
        "p-p-i",
        [("Mgr. Oksana Bilyk", "sociální pracovnice")],
    ),
    (
        "Oblastní charita Ústí nad Labem",
        K.NGO,
        "CZ0427",
        "Hoření 3, 400 11 Ústí nad Labem",
        "charitausti",
        [("Marie Dušková", "vedoucí azylového domu")],
    ),
    (
        "Diakonie ČCE – středisko Děčín",
        K.NGO,
        "CZ0421",
        "Teplická 13/4, 405 02 Děčín",
        "diakonie-decin",
        [("Bc. Jiří Kopecký", "vedoucí nízkoprahového centra")],
    ),
    (
        "Ukrajinská komunita Ústeckého kraje, z. s.",
        K.NGO,
        "CZ0427",
        "Masarykova 74, 400 01 Ústí nad Labem",
        "ukr-komunita-ul",
        [("Nataliia Kravchenko", "předsedkyně spolku")],
    ),
    (
        "Vietnamská komunita Děčín, z. s.",
        K.NGO,
        "CZ0421",
        "Prokopa Holého 8, 405 02 Děčín",
        "vncomm-decin",
        [("Nguyen Van Hung", "předseda spolku")],
    ),
    (
        "Magistrát města Ústí nad Labem – odbor sociálních věcí",
        K.MUNICIPALITY,
        "CZ0427",
        "Velká Hradební 2336/8, 400 01 Ústí nad Labem",
        "usti-nad-labem",
        [("Mgr. Hana Procházková", "koordinátorka pro národnostní menšiny a cizince")],
    ),
    (
        "Statutární město Teplice – odbor sociálních věcí",
        K.MUNICIPALITY,
        "CZ0426",
        "náměstí Svobody 2/2, 415 01 Teplice",
        "teplice",
        [("Bc. Pavla Novotná", "sociální pracovnice")],
    ),
    (
        "Statutární město Chomutov – odbor sociálních věcí",
        K.MUNICIPALITY,
        "CZ0422",
        "Zborovská 4602, 430 28 Chomutov",
        "chomutov-mesto",
        [("Ing. David Marek", "vedoucí oddělení sociální prevence")],
    ),
    (
        "Statutární město Děčín",
        K.MUNICIPALITY,
        "CZ0421",
        "Mírové náměstí 1175/5, 405 02 Děčín",
        "mmdecin",
        [("Mgr. Klára Veselá", "manažerka prevence kriminality")],
    ),
    (
        "Krajský úřad Ústeckého kraje – odbor sociálních věcí",
        K.MUNICIPALITY,
        "CZ0427",
        "Velká Hradební 3118/48, 400 02 Ústí nad Labem",
        "kr-ustecky",
        [("Mgr. Roman Zelenka", "krajský koordinátor pro integraci cizinců")],
    ),
    (
        "Policie ČR – Odbor cizinecké policie KŘP Ústeckého kraje",
        K.AUTHORITY,
        "CZ0427",
        "Lidické náměstí 899/9, 400 01 Ústí nad Labem",
        "policie",
        [("npor. Bc. Jan Hrubý", "vedoucí oddělení pobytové kontroly")],
    ),
    (
        "Ministerstvo vnitra – OAMP, pracoviště Ústí nad Labem",
        K.AUTHORITY,
        "CZ0427",
        "Winstona Churchilla 1/5, 400 01 Ústí nad Labem",
        "mvcr",
        [("Mgr. Eva Doležalová", "vedoucí pracoviště")],
    ),
    (
        "Úřad práce ČR – krajská pobočka v Ústí nad Labem",
        K.AUTHORITY,
        "CZ0427",
        "Dvořákova 3134/7, 400 01 Ústí nad Labem",
        "uradprace",
        [("Bc. Simona Malá", "zprostředkovatelka zaměstnání")],
    ),
    (
        "Úřad práce ČR – kontaktní pracoviště Teplice",
        K.AUTHORITY,
        "CZ0426",
        "Dubská 1536/2, 415 01 Teplice",
        "uradprace-tp",
        [("Ing. Lukáš Šťastný", "referent státní sociální podpory")],
    ),
    (
        "Okresní správa sociálního zabezpečení Ústí nad Labem",
        K.AUTHORITY,
        "CZ0427",
        "Hoření 3448/1A, 400 11 Ústí nad Labem",
        "cssz",
        [("Věra Kučerová", "referentka")],
    ),
    (
        "Masarykova nemocnice v Ústí nad Labem",
        K.HEALTH,
        "CZ0427",
        "Sociální péče 3316/12A, 400 11 Ústí nad Labem",
        "kzcr",
        [("Mgr. Dana Kalousová", "sociální pracovnice")],
    ),
    (
        "Spolchemie – Spolek pro chemickou a hutní výrobu, a. s.",
        K.EMPLOYER,
        "CZ0427",
        "Revoluční 1930/86, 400 32 Ústí nad Labem",
        "spolchemie",
        [("Ing. Barbora Říhová", "personalistka")],
    ),
    (
        "AGC Flat Glass Czech, a. s.",
        K.EMPLOYER,
        "CZ0426",
        "Sklářská 450, 416 74 Teplice",
        "agc",
        [("Mgr. Ondřej Pokorný", "HR business partner")],
    ),
    (
        "Nemak Czech Republic, s. r. o.",
        K.EMPLOYER,
        "CZ0425",
        "Průmyslová zóna Joseph 1, 434 01 Most",
        "nemak",
        [("Lenka Zemanová", "náborová specialistka")],
    ),
]

VOLUNTEERS = [
    # kind, first, last, office, school (name prefix), programme, languages
    (
        VolunteerKind.INTERN,
        "Kristýna",
        "Malinová",
        "usti",
        "Univerzita J. E. Purkyně – Fakulta",
        "Sociální práce",
        ["en"],
    ),
    (
        VolunteerKind.INTERN,
        "Adam",
        "Vondráček",
        "usti",
        "Univerzita J. E. Purkyně – Fakulta",
        "Sociální práce",
        ["de"],
    ),
    (
        VolunteerKind.INTERN,
        "Veronika",
        "Šimková",
        "usti",
        "Univerzita J. E. Purkyně – Pedagogická",
        "Čeština pro cizince",
        ["en", "ru"],
    ),
    (VolunteerKind.VOLUNTEER, "Iryna", "Melnyk", "usti", "", "", ["uk", "ru"]),
    (VolunteerKind.VOLUNTEER, "Tran Thi", "Mai", "decin", "", "", ["vi"]),
    (VolunteerKind.VOLUNTEER, "Jaroslav", "Kubíček", "teplice", "", "", ["en"]),
    (
        VolunteerKind.INTERN,
        "Natálie",
        "Horová",
        "teplice",
        "Gymnázium Teplice",
        "Odborná praxe – septima",
        [],
    ),
]

ASSIGNMENTS = [
    ("Doučování dětí cizinců", "A09"),
    ("Pomoc při integračních akcích", "A11"),
    ("Konverzace v češtině", "A08"),
    ("Praxe v sociálním poradenství", "A17"),
    ("Pomoc v informačním centru", "A03"),
]

PLATFORMS = [
    (
        "Regionální platforma pro integraci cizinců Ústeckého kraje",
        "usti",
        None,
        "Výměna informací mezi institucemi a neziskovými organizacemi, které pracují s cizinci "
        "v kraji; společné postupy a podněty pro kraj a ministerstvo vnitra.",
        91,
    ),
    (
        "Koordinační skupina pro cizince – Teplice",
        "teplice",
        "CZ0426",
        "Pracovní skupina města Teplice, školy, úřadu práce a neziskových organizací.",
        61,
    ),
]

AGENDA = [
    "- Aktuální data o cizincích v kraji\n- Zkušenosti škol se zápisem dětí-cizinců\n- Různé",
    "- Prodloužení dočasné ochrany\n- Bydlení a ubytovny\n- Plán společných akcí",
    "- Novela zákona o pobytu cizinců\n- Jazykové kurzy pro dospělé\n- Různé",
    "- Zaměstnávání cizinců v regionu\n- Zdravotní pojištění\n- Termíny akcí",
]

MINUTES = [
    (
        "**Přítomní** se shodli na potřebě společného letáku pro rodiče o zápisu do škol.\n\n"
        "- OAMP informovalo o čekacích lhůtách na vyřízení žádostí.\n"
        "- Školy hlásí nedostatek kapacit v kurzech češtiny pro děti.\n\n"
        "Příští setkání proběhne za tři měsíce."
    ),
    (
        "Úřad práce představil změny v příspěvku na bydlení.\n\n"
        "- Neziskové organizace upozornily na zhoršené podmínky na ubytovnách v Předlicích.\n"
        "- **Dohodnuto:** společný terénní výjezd CPIC a Člověka v tísni."
    ),
]

ACTION_ITEMS = [
    ("Připravit společný leták o zápisu do škol (cs, uk, vi)", "coordinator"),
    ("Zjistit kapacity kurzů češtiny pro děti v Ústí", "teacher"),
    ("Rozeslat členům přehled kontaktů na OAMP", "coordinator"),
    ("Domluvit terénní výjezd s Člověkem v tísni", "field_worker"),
    ("Poslat podklady o dočasné ochraně pro školy", "social_worker"),
]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _phone(ctx: DemoContext, first: str) -> str:
    rng = ctx.rng
    return f"+420 {first}{rng.randint(10, 79)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def demo_pdf(*lines: str) -> bytes:
    """A small valid one-page PDF showing `lines` (transliterated to ASCII: the built-in
    Helvetica has no Czech letters), for demo scans and minutes."""

    def escape(text: str) -> str:
        return unidecode(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "".join(f"({escape(line)}) Tj T* " for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 56 780 Td {text}ET".encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _files_rng(ctx: DemoContext) -> random.Random:
    """Names of demo files come from their own generator, so adding files leaves every other
    random choice of the demo (and what tests expect of it) unchanged."""
    return random.Random(ctx.seed * 7919 + 1)


def _organisations(ctx: DemoContext) -> list[Organisation]:
    districts = {d.code: d for d in District.objects.all()}
    organisations = []
    contacts = []
    for name, kind, district, address, domain, _people in ORGANISATIONS:
        organisation = Organisation(
            name=name,
            kind=kind,
            district=districts.get(district),
            address=address,
            email=f"info@{domain}.example",
            phone=_phone(ctx, "4"),
            website=f"https://www.{domain}.example",
        )
        organisation.full_clean()
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations)
    for organisation, (_n, _k, _d, _a, domain, people) in zip(
        organisations, ORGANISATIONS, strict=True
    ):
        for person, role in people:
            surname = unidecode(person.replace(",", "").split()[-1]).lower()
            contacts.append(
                ContactPerson(
                    organisation=organisation,
                    name=person,
                    role=role,
                    email=f"{surname}@{domain}.example",
                    phone=_phone(ctx, "7"),
                )
            )
    ContactPerson.objects.bulk_create(contacts)
    return organisations


def _volunteers(ctx: DemoContext, organisations: list[Organisation]) -> None:
    today, rng = ctx.today, ctx.rng
    activities = {a.code: a for a in Activity.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.filter(common=True)}
    supervisor = ctx.users.get("coordinator")
    files = _files_rng(ctx)
    scanned = 0
    for kind, first, last, office, school_prefix, programme, langs in VOLUNTEERS:
        if office not in ctx.offices:
            continue
        school = next(
            (o for o in organisations if school_prefix and o.name.startswith(school_prefix)), None
        )
        volunteer = Volunteer.objects.create(
            office=ctx.offices[office],
            kind=kind,
            first_name=first,
            last_name=last,
            email=f"{unidecode(last).lower()}@posta.example",
            school=school,
            study_programme=programme,
            created_by=supervisor,
        )
        volunteer.languages.set([languages[c] for c in langs if c in languages])
        start = today - timedelta(days=rng.randint(120, 330))
        end = start + timedelta(days=180) if kind == VolunteerKind.INTERN else None
        agreement = VolunteerAgreement(
            volunteer=volunteer,
            kind=AgreementKind.INTERNSHIP
            if kind == VolunteerKind.INTERN
            else AgreementKind.VOLUNTEERING,
            valid_from=start,
            valid_to=end,
            note="Podepsáno při nástupu.",
        )
        if scanned < DEMO_SCANS:
            scan = demo_pdf(
                f"Smlouva: {agreement.get_kind_display()}",
                f"{first} {last}",
                f"Platnost od {start:%d. %m. %Y}" + (f" do {end:%d. %m. %Y}" if end else ""),
                "Podpisy obou stran",
            )
            agreement.scan.save(f"{files.getrandbits(64):016x}.pdf", ContentFile(scan), save=False)
            agreement.scan_content_type = "application/pdf"
            scanned += 1
        agreement.save()
        title, code = rng.choice(
            ASSIGNMENTS if kind == VolunteerKind.VOLUNTEER else ASSIGNMENTS[3:4] + ASSIGNMENTS[:2]
        )
        assignment = VolunteerAssignment.objects.create(
            volunteer=volunteer,
            title=title,
            activity=activities[code],
            supervisor=supervisor,
            starts_on=start,
            ends_on=end,
        )
        entries = []
        day = start + timedelta(days=rng.randint(0, 6))
        last_day = min(end or today, today)
        while day <= last_day:
            if day.weekday() < 5:
                entries.append(
                    VolunteerHours(
                        volunteer=volunteer,
                        assignment=assignment,
                        date=day,
                        activity=assignment.activity,
                        hours=Decimal(rng.choice(["1.5", "2", "2", "3", "4", "6"])),
                        description=rng.choice(
                            [
                                "",
                                "Doučování – matematika",
                                "Příprava akce",
                                "Praxe v poradně",
                                "Konverzace",
                            ]
                        ),
                        logged_by=supervisor,
                    )
                )
            day += timedelta(days=rng.choice([3, 4, 7, 7]))
        VolunteerHours.objects.bulk_create(entries)


def _platforms(ctx: DemoContext, organisations: list[Organisation]) -> None:
    today, rng = ctx.today, ctx.rng
    districts = {d.code: d for d in District.objects.all()}
    staff = [u for u in (ctx.users.get("coordinator"), ctx.users.get("social_worker")) if u]
    delegates: dict[int, str] = {}
    for contact in ContactPerson.objects.order_by("pk"):
        delegates.setdefault(contact.organisation_id, contact.name)
    files = _files_rng(ctx)
    files.getrandbits(64 * len(VOLUNTEERS))  # past the volunteers' scan names
    for name, office, district, description, every in PLATFORMS:
        if office not in ctx.offices:
            continue
        platform = Platform.objects.create(
            office=ctx.offices[office],
            name=name,
            district=districts.get(district) if district else None,
            description=description,
        )
        local = [o for o in organisations if district is None or (o.district_id == district)]
        members = local if district else rng.sample(organisations, 14)
        PlatformMembership.objects.bulk_create(
            [
                PlatformMembership(
                    platform=platform,
                    organisation=org,
                    delegate=delegates.get(org.pk, ""),
                    joined_on=today - timedelta(days=rng.randint(400, 1500)),
                )
                for org in members
            ]
        )
        day = today - timedelta(days=365 - rng.randint(0, 20))
        meeting_number = 0
        while day <= today + timedelta(days=every):
            while day.weekday() >= 5:
                day += timedelta(days=1)
            starts = _aware(day, 9 if district is None else 13)
            past = day < today
            meeting = PlatformMeeting.objects.create(
                platform=platform,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=rng.choice([90, 120, 150])),
                place="Krajský úřad, zasedací místnost 2.12"
                if district is None
                else "Magistrát Teplice, malý sál",
                agenda=AGENDA[meeting_number % len(AGENDA)],
                minutes_text=MINUTES[meeting_number % len(MINUTES)] if past else "",
                created_by=staff[0] if staff else None,
            )
            meeting.staff.set(staff)
            if past and meeting_number < DEMO_MINUTES_FILES:
                # The first meetings' minutes were also kept as signed PDFs.
                minutes = demo_pdf(
                    f"Zapis z jednani: {name}",
                    f"{timezone.localtime(starts):%d. %m. %Y %H:%M}",
                    *(line.lstrip("- ") for line in meeting.agenda.splitlines()[:6]),
                )
                meeting.minutes_file.save(
                    f"{files.getrandbits(64):016x}.pdf", ContentFile(minutes), save=False
                )
                meeting.minutes_file_content_type = "application/pdf"
                meeting.save(update_fields=["minutes_file", "minutes_file_content_type"])
            if past:
                MeetingAttendance.objects.bulk_create(
                    [
                        MeetingAttendance(
                            meeting=meeting,
                            organisation=org,
                            present=rng.random() < 0.75,
                            attendee="",
                        )
                        for org in members
                    ]
                )
                for description, username in rng.sample(ACTION_ITEMS, 2):
                    owner = ctx.users.get(username)
                    if owner is None:
                        continue
                    due = day + timedelta(days=rng.choice([14, 30, 45]))
                    done = due < today - timedelta(days=10) and rng.random() < 0.85
                    ActionItem.objects.create(
                        meeting=meeting,
                        description=description,
                        owner=owner,
                        organisation=rng.choice(members),
                        due_on=due,
                        done_at=min(_aware(due - timedelta(days=2), 10), timezone.now())
                        if done
                        else None,
                        done_by=owner if done else None,
                    )
            meeting_number += 1
            day += timedelta(days=every)


def seed(ctx: DemoContext) -> None:
    organisations = _organisations(ctx)
    ctx.shared["organisations"] = organisations
    _volunteers(ctx, organisations)
    _platforms(ctx, organisations)
