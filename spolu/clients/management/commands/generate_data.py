"""Generate a large realistic data set for benchmarks (a bench database, never real data).

    manage.py generate_data --clients 100000 --services 1000000 [--seed N] [--today YYYY-MM-DD]

Clients get the demo's name mix (`spolu.clients.demo.make_person`: Cyrillic, Vietnamese,
Mongolian, Arabic-script names with their document spelling…), citizenships, districts and
offices of Ústecký kraj, residence status histories, consents, languages and aliases; their
search text is computed here, as `services.client_reindex` would. Services spread over the
year before `--today` across A02–A05, A07 (clients), A03 anonymous headcounts and A13/A16
(schools and partner organisations), with topics, interpreters, follow-ups and referrals.

Rows are written with PostgreSQL's COPY (plain multi-row inserts elsewhere), in one transaction,
without audit entries: generated rows are not anybody's work. The command refuses a database
that holds records it did not generate itself, unless `--force`.

Extending it (e.g. events and course lessons for the reporting benchmarks): an app adds
`spolu/<app>/generate.py` with

    def add_arguments(parser: CommandParser) -> None: ...   # optional, e.g. --events 20000
    def extend(gen: Generation) -> None: ...

`extend` runs after the clients and services, inside the same transaction. `gen` (below) has
the random generator, `today`, the command options, the offices, staff, organisations and the
generated clients (`gen.clients`: id, office id, first contact date, birth date), and writes rows
fast with `gen.write(Model, ["field", ...], rows)` after reserving primary keys with
`gen.reserve_ids(Model, count)`; `gen.pick_clients(k)` draws clients the way services do
(a few clients have many records, most have a few).
"""

from __future__ import annotations

import importlib
import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from spolu.clients.demo import (
    COUNTRY_WEIGHTS,
    DISTRICT_OFFICE,
    DISTRICT_WEIGHTS,
    LANGUAGES,
    make_person,
    phone_number,
    residence_history,
)
from spolu.clients.models import Client, ClientAlias, Consent, ResidenceStatus
from spolu.clients.search import search_text_for
from spolu.core.demo import OFFICES
from spolu.core.models import District, Office, User
from spolu.counselling.models import ServiceRecord
from spolu.network.models import Organisation, OrganisationKind

GENERATOR = "generator"  # the user every generated record is created by
CHUNK = 20_000
ACTIVITY_WEIGHTS = [("A04", 34), ("A03", 22), ("A05", 12), ("A07", 9), ("A02", 8)]
ANONYMOUS_SHARE = 0.08
ORGANISATION_SHARE = 0.04
MINUTES = {
    "A02": [10, 15, 20, 30],
    "A03": [5, 10, 15, 20],
    "A04": [30, 45, 60, 90],
    "A05": [30, 60, 90, 120],
    "A07": [30, 45, 60],
    "A13": [45, 60, 90, 120],
    "A16": [60, 90, 120],
}
CHANNELS = {
    "A02": ["field"],
    "A03": ["in_person", "in_person", "phone", "email"],
    "A04": ["in_person", "in_person", "in_person", "phone", "online"],
    "A05": ["in_person", "in_person", "phone", "email"],
    "A07": ["in_person", "in_person", "online"],
    "A13": ["in_person", "online", "phone"],
    "A16": ["in_person", "online"],
}
TOPICS = {
    "A02": ["everyday_life", "housing", "employment", "residence"],
    "A03": ["residence", "documents", "health_insurance", "housing", "czech_language"],
    "A04": ["housing", "social_benefits", "employment", "health_insurance", "family", "debts"],
    "A05": ["residence", "temporary_protection", "family_reunification", "citizenship"],
    "A07": ["qualifications", "schooling", "czech_language"],
    "A13": ["schooling"],
    "A16": ["other"],
}
NOTES = [
    "Vysvětlen postup a potřebné doklady.",
    "Doprovod na úřad, domluven další termín.",
    "Vyplnění žádosti, klient doloží chybějící doklady.",
]
SCHOOLS = [
    "Základní škola Ústí nad Labem",
    "Základní škola Teplice",
    "Základní škola Chomutov",
    "Základní škola Děčín",
    "Základní škola Most",
    "Základní škola Litoměřice",
    "Základní škola Louny",
]
PARTNERS = [
    ("Úřad práce ČR – kontaktní pracoviště", OrganisationKind.AUTHORITY),
    ("Poradna pro integraci", OrganisationKind.NGO),
    ("Charita – sociální poradna", OrganisationKind.NGO),
    ("Nemocnice – sociální oddělení", OrganisationKind.HEALTH),
    ("Městský úřad – odbor sociálních věcí", OrganisationKind.MUNICIPALITY),
]


@dataclass(frozen=True)
class GeneratedClient:
    id: int
    office_id: int
    first_contact: date
    birth_date: date | None


@dataclass
class Generation:
    """What extensions get: the generated data so far and fast writers (module docstring)."""

    rng: random.Random
    today: date
    options: dict[str, Any]
    offices: list[Office]
    staff: dict[int, list[User]]  # office id → staff members
    organisations: list[Organisation]
    generator: User
    clients: list[GeneratedClient] = field(default_factory=list)
    log: Callable[[str], None] = print
    _weights: list[float] = field(default_factory=list)

    def reserve_ids(self, model: type[models.Model], count: int) -> range:
        """`count` primary keys no other row has (the database's sequence moves past them)."""
        table = model._meta.db_table
        column = model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT GREATEST(COALESCE(MAX({column}), 0), "  # noqa: S608
                    f"(SELECT last_value FROM {sequence})) FROM {table}"
                )
                start = cursor.fetchone()[0] + 1
                cursor.execute("SELECT setval(%s, %s)", [sequence, start + count - 1])
            else:
                cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")  # noqa: S608
                start = cursor.fetchone()[0] + 1
        return range(start, start + count)

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert `rows` (values of `fields`; other columns get their defaults); returns count."""
        return _write(model, fields, rows)

    def pick_clients(self, k: int) -> list[GeneratedClient]:
        if not self._weights:
            # Most clients come a few times, some very often (a Pareto tail).
            weights = [self.rng.paretovariate(1.6) for _ in self.clients]
            self._weights = list(itertools.accumulate(weights))
        return self.rng.choices(self.clients, cum_weights=self._weights, k=k)


def _defaults(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], tuple]:
    """Columns and values for the concrete fields not in `given` (their defaults)."""
    now = timezone.now()
    columns, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.name in given or model_field.attname in given or model_field.primary_key:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value: Any = now
        elif model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        else:
            value = model_field.get_default()
        columns.append(str(model_field.column))
        values.append(value)
    return columns, tuple(values)


def _write(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    given = [str(model._meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]
    extra_columns, extra = _defaults(model, fields)
    columns = given + extra_columns
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
                    count += 1
        else:
            sql_fields = [_field_by_column(model, c) for c in columns]
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            batch: list[list[Any]] = []
            for row in rows:
                batch.append(
                    [
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(sql_fields, row + extra, strict=True)
                    ]
                )
                if len(batch) >= 1000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _field_by_column(model: type[models.Model], column: str) -> Any:
    return next(f for f in model._meta.concrete_fields if f.column == column)


def real_data_exists() -> bool:
    """Records not made by this command (by people, the demo or an import)."""
    generated = {"created_by__username": GENERATOR}
    return (
        Client.objects.exclude(**generated).exists()
        or ServiceRecord.objects.exclude(**generated).exists()
    )


def _extensions() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("spolu."):
            try:
                modules.append(importlib.import_module(f"{config.name}.generate"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.generate":
                    raise
    return modules


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Command(BaseCommand):
    help = "Generate clients and services for benchmarks (refuses a database with real data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=100_000)
        parser.add_argument("--services", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even though the database holds records this command did not generate",
        )
        for module in _extensions():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 0 or options["services"] < 0:
            raise CommandError("Counts cannot be negative.")
        if real_data_exists() and not options["force"]:
            raise CommandError(
                "This database holds records that generate_data did not make (real or demo "
                "data). It fills benchmark databases only; use --force if you really mean it."
            )
        started = time.monotonic()
        with transaction.atomic():
            gen = self._prepare(options)
            self._clients(gen, options["clients"])
            self._services(gen, options["services"])
            for module in _extensions():
                module.extend(gen)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Statistics, and the visibility map that index-only scans rely on (what
                # autovacuum does on a live database some time after a bulk load; VACUUM
                # cannot run inside a transaction, as in tests).
                vacuum = "" if connection.in_atomic_block else "VACUUM "
                cursor.execute(f"{vacuum}ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['clients']} clients and {options['services']} services "
                f"in {time.monotonic() - started:.0f} s."
            )
        )

    # --- set-up ------------------------------------------------------------------------------

    def _prepare(self, options: dict[str, Any]) -> Generation:
        today = options["today"] or timezone.localdate()
        rng = random.Random(options["seed"])
        districts = {d.code: d for d in District.objects.all()}
        if not Office.objects.exists():
            for code, name, address, district in OFFICES:
                Office.objects.create(
                    code=code, name=name, address=address, district=districts[district]
                )
        offices = list(Office.objects.order_by("pk"))
        generator, _ = User.objects.get_or_create(
            username=GENERATOR,
            defaults={"first_name": "Data", "last_name": "Generator", "is_active": False},
        )
        staff: dict[int, list[User]] = {}
        for office in offices:
            members = []
            for i in range(4):
                user, created = User.objects.get_or_create(
                    username=f"{GENERATOR}-{office.code}-{i}",
                    defaults={"first_name": "Staff", "last_name": f"{office.code} {i}"},
                )
                if created:
                    user.password = make_password(None)
                    user.save(update_fields=["password"])
                    user.offices.add(office)
                members.append(user)
            staff[office.pk] = members
        organisations = list(Organisation.objects.filter(active=True).order_by("pk"))
        if not organisations:
            rows = [
                Organisation(name=f"{name} {i + 1}", kind=OrganisationKind.SCHOOL)
                for name in SCHOOLS
                for i in range(8)
            ]
            rows += [
                Organisation(name=f"{name} {i + 1}", kind=kind)
                for name, kind in PARTNERS
                for i in range(6)
            ]
            organisations = Organisation.objects.bulk_create(rows)
        return Generation(
            rng=rng,
            today=today,
            options=options,
            offices=offices,
            staff=staff,
            organisations=organisations,
            generator=generator,
            log=lambda message: self.stdout.write(message),
        )

    # --- clients -----------------------------------------------------------------------------

    def _clients(self, gen: Generation, count: int) -> None:
        rng, today = gen.rng, gen.today
        offices = {o.code: o for o in gen.offices}
        default_office = gen.offices[0]
        countries, country_weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
        districts, district_weights = zip(*DISTRICT_WEIGHTS.items(), strict=True)
        ids = gen.reserve_ids(Client, count)
        now = timezone.now()
        for chunk in _chunks(ids, CHUNK):
            clients, languages, aliases, statuses, consents = [], [], [], [], []
            for client_id in chunk:
                country = rng.choices(countries, country_weights)[0]
                district = rng.choices(districts, district_weights)[0]
                office = offices.get(DISTRICT_OFFICE[district], default_office)
                person = make_person(rng, country)
                age = rng.choice([rng.randint(0, 17), rng.randint(18, 40), rng.randint(25, 70)])
                born = today - timedelta(days=int(age * 365.25) + rng.randint(0, 364))
                first_contact = max(born, today - timedelta(days=int(1400 * rng.random() ** 1.5)))
                arrived = max(born, first_contact - timedelta(days=int(rng.random() ** 2 * 3000)))
                phone = phone_number(rng, country) if age >= 15 and rng.random() < 0.8 else ""
                history = residence_history(rng, country, born, arrived, today)
                record = Client(
                    pk=client_id,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    first_name_latin=person.first_name_latin,
                    last_name_latin=person.last_name_latin,
                    birth_date=born,
                    phone=phone,
                )
                text = search_text_for(record, person.aliases, [s.permit_number for s in history])
                clients.append(
                    (
                        client_id,
                        office.pk,
                        person.first_name,
                        person.last_name,
                        person.first_name_latin,
                        person.last_name_latin,
                        person.sex,
                        born,
                        born.year,
                        country,
                        phone,
                        district,
                        first_contact,
                        rng.random() < 0.03,
                        text,
                        now,
                        now,
                        gen.generator.pk,
                    )
                )
                languages += [(client_id, code) for code in LANGUAGES.get(country, ["en"])]
                aliases += [(client_id, name) for name in person.aliases]
                statuses += [
                    (client_id, s.category, s.valid_from, s.valid_to, s.permit_number, s.note, now)
                    for s in history
                ]
                if rng.random() < 0.85:
                    consents.append((client_id, "case_work", first_contact, now))
                gen.clients.append(GeneratedClient(client_id, office.pk, first_contact, born))
            gen.write(
                Client,
                [
                    "id",
                    "office",
                    "first_name",
                    "last_name",
                    "first_name_latin",
                    "last_name_latin",
                    "sex",
                    "birth_date",
                    "birth_year",
                    "citizenship",
                    "phone",
                    "district",
                    "first_contact_date",
                    "vulnerable",
                    "search_text",
                    "created_at",
                    "updated_at",
                    "created_by",
                ],
                clients,
            )
            through = Client.languages.through
            gen.write(through, ["client", "language"], languages)
            gen.write(ClientAlias, ["client", "name"], aliases)
            gen.write(
                ResidenceStatus,
                [
                    "client",
                    "category",
                    "valid_from",
                    "valid_to",
                    "permit_number",
                    "note",
                    "created_at",
                ],
                statuses,
            )
            gen.write(Consent, ["client", "purpose", "given_on", "created_at"], consents)
            gen.log(f"  clients: {chunk[-1] - ids.start + 1} / {count}")

    # --- services ----------------------------------------------------------------------------

    def _services(self, gen: Generation, count: int) -> None:
        if not count:
            return
        rng, today = gen.rng, gen.today
        year_ago = today - timedelta(days=365)
        activities, activity_weights = zip(*ACTIVITY_WEIGHTS, strict=True)
        schools = [o.pk for o in gen.organisations if o.kind == OrganisationKind.SCHOOL]
        partners = [o.pk for o in gen.organisations if o.kind != OrganisationKind.SCHOOL]
        anonymous_countries = ["UA", "UA", "UA", "VN", "MN", "RU", None]
        ids = gen.reserve_ids(ServiceRecord, count)
        now = timezone.now()
        through = ServiceRecord.topics.through
        for chunk in _chunks(ids, CHUNK):
            rows, topics = [], []
            picked = iter(gen.pick_clients(len(chunk)) if gen.clients else [])
            for service_id in chunk:
                roll = rng.random()
                client_id = organisation_id = anonymous_country = None
                anonymous_count, anonymous_sex = 0, ""
                if roll < ANONYMOUS_SHARE or not gen.clients:
                    activity = rng.choice(["A03", "A03", "A02"])
                    office_id = rng.choice(gen.offices).pk
                    day = year_ago + timedelta(days=rng.randint(0, 365))
                    anonymous_count = rng.choice([1, 1, 1, 2, 3])
                    anonymous_country = rng.choice(anonymous_countries)
                    anonymous_sex = rng.choice(["F", "M", ""])
                elif roll < ANONYMOUS_SHARE + ORGANISATION_SHARE and schools and partners:
                    activity = "A13" if rng.random() < 0.7 else "A16"
                    organisation_id = rng.choice(schools if activity == "A13" else partners)
                    office_id = rng.choice(gen.offices).pk
                    day = year_ago + timedelta(days=rng.randint(0, 365))
                else:
                    client = next(picked)
                    activity = rng.choices(activities, activity_weights)[0]
                    client_id, office_id = client.id, client.office_id
                    start = max(client.first_contact, year_ago)
                    day = start + timedelta(days=rng.randint(0, (today - start).days))
                staff = rng.choice(gen.staff[office_id]).pk
                follow_up, follow_up_due, follow_up_done = "", None, None
                if client_id and rng.random() < 0.1:
                    follow_up = "Ověřit vyřízení žádosti"
                    follow_up_due = day + timedelta(days=rng.randint(5, 20))
                    if follow_up_due < today - timedelta(days=3) and rng.random() < 0.9:
                        follow_up_done = timezone.make_aware(
                            datetime.combine(follow_up_due, datetime.min.time())
                        )
                referral, outcome = None, ""
                if client_id and partners and rng.random() < 0.04:
                    referral = rng.choice(partners)
                    outcome = rng.choice(["pending", "accepted", "completed", "not_used"])
                rows.append(
                    (
                        service_id,
                        office_id,
                        activity,
                        day,
                        rng.choice(MINUTES[activity]),
                        rng.choice(CHANNELS[activity]),
                        client_id,
                        organisation_id,
                        anonymous_count,
                        anonymous_country,
                        anonymous_sex,
                        staff,
                        rng.choice(["uk", "vi", "mn", "ru"]) if rng.random() < 0.15 else None,
                        rng.choice(NOTES) if rng.random() < 0.3 else "",
                        activity == "A05",
                        follow_up,
                        follow_up_due,
                        follow_up_done,
                        referral,
                        outcome,
                        now,
                        now,
                        gen.generator.pk,
                    )
                )
                pool = TOPICS[activity]
                topics += [
                    (service_id, code)
                    for code in rng.sample(pool, min(len(pool), rng.choice([1, 1, 2])))
                ]
            gen.write(
                ServiceRecord,
                [
                    "id",
                    "office",
                    "activity",
                    "date",
                    "minutes",
                    "channel",
                    "client",
                    "organisation",
                    "anonymous_count",
                    "anonymous_citizenship",
                    "anonymous_sex",
                    "staff",
                    "interpreter_language",
                    "note",
                    "note_confidential",
                    "follow_up",
                    "follow_up_due",
                    "follow_up_done_at",
                    "referral_organisation",
                    "referral_outcome",
                    "created_at",
                    "updated_at",
                    "created_by",
                ],
                rows,
            )
            gen.write(through, ["servicerecord", "topic"], topics)
            gen.log(f"  services: {chunk[-1] - ids.start + 1} / {count}")
