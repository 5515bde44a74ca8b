"""Importers of clients and services in the formats of DESIGN.md §7.

Both key rows by `external_id`: a new one creates a record, a known one with different values
updates it, an identical row changes nothing. Validation loads code lists and existing records
in bulk (a fixed number of queries per 2 000 rows); writing uses bulk inserts and updates, with
one audit entry per record.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spolu.clients.models import Client, ResidenceStatus, Sex
from spolu.clients.search import search_text_for
from spolu.core.models import Language, Office, ResidenceCategory
from spolu.counselling.models import (
    ANONYMOUS_ACTIVITIES,
    ANONYMOUS_COUNT_MAX,
    CLIENT_ACTIVITIES,
    Channel,
    ServiceRecord,
    Topic,
)
from spolu.interchange import bulk_audit
from spolu.interchange.registry import Cells, Column, Importer, Outcome, SourceRow

CHUNK = 2000
SEXES = [s.value for s in Sex]


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _office(importer: Importer[Any], cells: Cells) -> Office | None:
    office = cells.code("office", importer.codes.offices)
    if office is None and not cells.row["office"]:
        office = importer.default_office
        if office is None:
            cells.error("office", _("a value is required."))
    return office


def _model_errors(exc: ValidationError, columns: dict[str, str]) -> list[str]:
    messages = []
    for name, errors in exc.message_dict.items():
        column = columns.get(name, name)
        for message in errors:
            messages.append(
                _("%(column)s: %(message)s") % {"column": column, "message": message}
                if name != "__all__"
                else message
            )
    return messages


# --- Clients ----------------------------------------------------------------------------------

CLIENT_FIELDS = [
    "office",
    "first_name",
    "last_name",
    "first_name_latin",
    "last_name_latin",
    "sex",
    "birth_date",
    "citizenship",
    "district",
    "phone",
    "email",
    "first_contact_date",
]


_CLIENT_FK = {"office", "citizenship", "district"}


@dataclass
class ClientRow:
    external_id: str
    fields: dict[str, Any]
    languages: list[Language]
    residence: tuple[ResidenceCategory, date, date | None] | None
    existing: Client | None = None


def _comparable(value: Any) -> Any:
    return value.pk if hasattr(value, "_meta") else value


class ClientImporter(Importer[ClientRow]):
    label = gettext_lazy("Clients")
    description = gettext_lazy(
        "Client files keyed by your external ID. A known external ID updates the client; "
        "a residence status is added to the client's history."
    )
    columns = (
        Column("external_id", gettext_lazy("Your identifier of the client (required).")),
        Column("first_name", gettext_lazy("First name in the person's own script (required).")),
        Column("last_name", gettext_lazy("Last name in the person's own script (required).")),
        Column("first_name_latin", gettext_lazy("First name in Latin, as in documents.")),
        Column("last_name_latin", gettext_lazy("Last name in Latin, as in documents.")),
        Column("sex", gettext_lazy("F, M or X (required).")),
        Column("birth_date", gettext_lazy("Date of birth, YYYY-MM-DD.")),
        Column("citizenship", gettext_lazy("ISO 3166 code, e.g. UA; XX stateless (required).")),
        Column(
            "residence_category",
            gettext_lazy("Residence category code, e.g. temporary_protection."),
        ),
        Column(
            "residence_valid_from",
            gettext_lazy("Status valid from, YYYY-MM-DD (default: the first contact)."),
        ),
        Column("residence_valid_to", gettext_lazy("Status valid to, YYYY-MM-DD.")),
        Column("district", gettext_lazy("District code, e.g. CZ0427.")),
        Column("phone", gettext_lazy("Phone number.")),
        Column("email", gettext_lazy("E-mail address.")),
        Column("languages", gettext_lazy("ISO 639-1 codes separated by “;”, e.g. uk;ru.")),
        Column("first_contact_date", gettext_lazy("Date of the first contact (required).")),
        Column("office", gettext_lazy("Office code (required unless a default is chosen).")),
    )

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        ids = sorted({row["external_id"] for row in rows if row["external_id"]})
        self.existing: dict[str, Client] = {}
        for chunk in chunks(ids):
            found = Client.objects.filter(external_id__in=chunk).prefetch_related(
                "languages", "residence_statuses", "aliases"
            )
            self.existing.update({c.external_id: c for c in found if c.external_id})
        self.visible_office_ids = {o.pk for o in self.codes.offices.values()}

    def parse(self, row: SourceRow) -> ClientRow | list[str]:
        cells = Cells(row)
        codes = self.codes
        external_id = cells.text("external_id", required=True, max_length=100)
        values = {
            "office": _office(self, cells),
            "first_name": cells.text("first_name", required=True, max_length=150),
            "last_name": cells.text("last_name", required=True, max_length=150),
            "first_name_latin": cells.text("first_name_latin", max_length=150),
            "last_name_latin": cells.text("last_name_latin", max_length=150),
            "sex": cells.choice("sex", SEXES, required=True, upper=True),
            "birth_date": cells.date("birth_date", not_future=True),
            "citizenship": cells.code("citizenship", codes.countries, required=True),
            "district": cells.code("district", codes.districts),
            "phone": cells.text("phone", max_length=40),
            "email": cells.email("email"),
            "first_contact_date": cells.date("first_contact_date", required=True, not_future=True),
        }
        languages = cells.codes("languages", codes.languages)
        residence = self._residence(cells, values["first_contact_date"])
        born = values["birth_date"]
        if residence is not None and born and residence[1] < born:
            cells.error(
                "residence_valid_from",
                _("the status starts on %(from)s, before the date of birth %(birth)s.")
                % {"from": residence[1].isoformat(), "birth": born.isoformat()},
            )
        existing = self.existing.get(external_id)
        if existing is not None:
            self._check_existing(cells, existing)
        if cells.errors:
            return cells.errors
        client = Client(**values)
        try:
            client.clean()
        except ValidationError as exc:
            return _model_errors(exc, {"birth_year": "birth_date"})
        return ClientRow(external_id, values, languages, residence, existing)

    def _residence(
        self, cells: Cells, first_contact: date | None
    ) -> tuple[ResidenceCategory, date, date | None] | None:
        category = cells.code("residence_category", self.codes.residence_categories)
        valid_from = cells.date("residence_valid_from")
        valid_to = cells.date("residence_valid_to")
        if category is None:
            if not cells.row["residence_category"] and (valid_from or valid_to):
                cells.error(
                    "residence_category",
                    _("give the residence category the validity dates belong to."),
                )
            return None
        valid_from = valid_from or first_contact
        if valid_from is None:
            return None
        if valid_to and valid_to < valid_from:
            cells.error(
                "residence_valid_to",
                _("the end of validity %(to)s is before its start %(from)s.")
                % {"to": valid_to.isoformat(), "from": valid_from.isoformat()},
            )
            return None
        return (category, valid_from, valid_to)

    def _check_existing(self, cells: Cells, client: Client) -> None:
        if self.actor is not None and client.office_id not in self.visible_office_ids:
            cells.error(
                "external_id",
                _("the client with this external ID belongs to an office you cannot access."),
            )
        elif client.merged_into_id:
            cells.error(
                "external_id",
                _("the client with this external ID was merged into another client file."),
            )
        elif client.anonymised_at:
            cells.error("external_id", _("the client with this external ID has been anonymised."))

    def outcome(self, row: ClientRow) -> Outcome:
        client = row.existing
        if client is None:
            return Outcome.CREATE
        same_fields = all(
            _comparable(value) == getattr(client, f"{name}_id" if name in _CLIENT_FK else name)
            for name, value in row.fields.items()
        )
        same_languages = {lang.pk for lang in row.languages} == {
            lang.pk for lang in client.languages.all()
        }
        return (
            Outcome.UNCHANGED
            if same_fields and same_languages and self._status_change(row) is None
            else Outcome.UPDATE
        )

    @staticmethod
    def _status_change(row: ClientRow) -> ResidenceStatus | None:
        """The status to add or to change for the row (None: already recorded as it is)."""
        if row.residence is None:
            return None
        category, valid_from, valid_to = row.residence
        statuses = list(row.existing.residence_statuses.all()) if row.existing else []
        for status in statuses:
            if status.category_id == category.pk and status.valid_from == valid_from:
                if status.valid_to == valid_to:
                    return None
                changed = copy.copy(status)
                changed.valid_to = valid_to
                return changed
        return ResidenceStatus(
            client=row.existing, category=category, valid_from=valid_from, valid_to=valid_to
        )

    def write(self, *, create: list[ClientRow], update: list[ClientRow]) -> None:
        self._create(create)
        self._update(update)

    def _create(self, rows: list[ClientRow]) -> None:
        clients = []
        for row in rows:
            client = Client(external_id=row.external_id, created_by=self.actor, **row.fields)
            if client.birth_date:
                client.birth_year = client.birth_date.year
            client.search_text = search_text_for(client)
            clients.append(client)
        Client.objects.bulk_create(clients, batch_size=500)
        through = Client.languages.through
        through.objects.bulk_create(
            [
                through(client_id=client.pk, language_id=language.pk)
                for client, row in zip(clients, rows, strict=True)
                for language in row.languages
            ],
            batch_size=1000,
        )
        statuses = [
            ResidenceStatus(
                client=client,
                category=row.residence[0],
                valid_from=row.residence[1],
                valid_to=row.residence[2],
            )
            for client, row in zip(clients, rows, strict=True)
            if row.residence
        ]
        ResidenceStatus.objects.bulk_create(statuses, batch_size=1000)
        bulk_audit.log_created(clients, actor=self.actor, extra={"import": "clients"})
        bulk_audit.log_created(statuses, actor=self.actor, extra={"import": "clients"})

    def _update(self, rows: list[ClientRow]) -> None:
        now = timezone.now()
        pairs: list[tuple[Client, Client]] = []
        language_changes: dict[Any, dict[str, Any]] = {}
        new_statuses: list[ResidenceStatus] = []
        changed_statuses: list[tuple[ResidenceStatus, ResidenceStatus]] = []
        through = Client.languages.through
        relink: list[Any] = []
        for row in rows:
            client = row.existing
            assert client is not None
            before = copy.copy(client)
            for name, value in row.fields.items():
                setattr(client, name, value)
            if client.birth_date:
                client.birth_year = client.birth_date.year
            client.version += 1
            client.updated_at = now
            status = self._status_change(row)
            permits = [s.permit_number for s in client.residence_statuses.all()]
            if status is not None and status.pk:
                original = next(s for s in client.residence_statuses.all() if s.pk == status.pk)
                changed_statuses.append((original, status))
            elif status is not None:
                new_statuses.append(status)
            aliases = [a.name for a in client.aliases.all()]
            client.search_text = search_text_for(client, aliases, permits)
            old_languages = {lang.pk for lang in client.languages.all()}
            new_languages = {lang.pk for lang in row.languages}
            if old_languages != new_languages:
                language_changes[client.pk] = {
                    "languages": {
                        "type": "m2m",
                        "operation": "set",
                        "objects": sorted(new_languages),
                    }
                }
                relink.extend(
                    through(client_id=client.pk, language_id=code) for code in new_languages
                )
            pairs.append((before, client))
        Client.objects.bulk_update(
            [after for _before, after in pairs],
            [*CLIENT_FIELDS, "birth_year", "version", "updated_at", "search_text"],
            batch_size=500,
        )
        if language_changes:
            through.objects.filter(client_id__in=list(language_changes)).delete()
            through.objects.bulk_create(relink, batch_size=1000)
        ResidenceStatus.objects.bulk_create(new_statuses, batch_size=1000)
        ResidenceStatus.objects.bulk_update(
            [after for _before, after in changed_statuses], ["valid_to"], batch_size=1000
        )
        extra = {"import": "clients"}
        bulk_audit.log_updated(pairs, actor=self.actor, extra=extra, m2m_changes=language_changes)
        bulk_audit.log_created(new_statuses, actor=self.actor, extra=extra)
        bulk_audit.log_updated(changed_statuses, actor=self.actor, extra=extra)


# --- Services ---------------------------------------------------------------------------------

SERVICE_FIELDS = [
    "office",
    "activity",
    "date",
    "minutes",
    "channel",
    "client",
    "staff",
    "interpreter_language",
    "anonymous_count",
    "anonymous_citizenship",
    "anonymous_sex",
]
_SERVICE_FK = {
    "office",
    "activity",
    "client",
    "staff",
    "interpreter_language",
    "anonymous_citizenship",
}


@dataclass
class ServiceRow:
    external_id: str
    fields: dict[str, Any]
    topics: list[Topic] = field(default_factory=list)
    existing: ServiceRecord | None = None


class ServiceImporter(Importer[ServiceRow]):
    label = gettext_lazy("Services")
    description = gettext_lazy(
        "Individual services keyed by your external ID. The client must already be in Spolu "
        "(import clients first); an empty client with a headcount records anonymous contacts."
    )
    columns = (
        Column("external_id", gettext_lazy("Your identifier of the service (required).")),
        Column(
            "client_external_id",
            gettext_lazy("External ID of an imported client; empty for anonymous contacts."),
        ),
        Column("date", gettext_lazy("Date of the service, YYYY-MM-DD (required).")),
        Column("activity", gettext_lazy("Activity code A01–A19 (required).")),
        Column("minutes", gettext_lazy("Duration in minutes (0–1440).")),
        Column(
            "channel",
            gettext_lazy("in_person, phone, email, online or field (required)."),
        ),
        Column("topics", gettext_lazy("Topic codes separated by “;”, e.g. residence;housing.")),
        Column("interpreter_language", gettext_lazy("ISO 639-1 code of the interpreting.")),
        Column("staff", gettext_lazy("User name of the staff member (required).")),
        Column("office", gettext_lazy("Office code (required unless a default is chosen).")),
        Column(
            "anonymous_count",
            gettext_lazy("Headcount of anonymous contacts (at least 1 without a client)."),
        ),
        Column("anonymous_citizenship", gettext_lazy("Their citizenship, if known.")),
        Column("anonymous_sex", gettext_lazy("Their sex (F, M, X), if known.")),
    )

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        ids = sorted({row["external_id"] for row in rows if row["external_id"]})
        self.existing: dict[str, ServiceRecord] = {}
        for chunk in chunks(ids):
            found = ServiceRecord.objects.filter(external_id__in=chunk).prefetch_related("topics")
            self.existing.update({s.external_id: s for s in found if s.external_id})
        client_ids = sorted(
            {row["client_external_id"] for row in rows if row["client_external_id"]}
        )
        self.clients: dict[str, Client] = {}
        for chunk in chunks(client_ids):
            self.clients.update(
                {
                    c.external_id: c
                    for c in Client.objects.filter(external_id__in=chunk)
                    if c.external_id
                }
            )
        # A merged duplicate's services belong to the surviving client.
        survivors = {c.merged_into_id for c in self.clients.values() if c.merged_into_id}
        while survivors:
            found_survivors = {c.pk: c for c in Client.objects.filter(pk__in=survivors)}
            for key, client in list(self.clients.items()):
                if client.merged_into_id in found_survivors:
                    self.clients[key] = found_survivors[client.merged_into_id]
            survivors = {c.merged_into_id for c in found_survivors.values() if c.merged_into_id}
        self.visible_office_ids = {o.pk for o in self.codes.offices.values()}

    def parse(self, row: SourceRow) -> ServiceRow | list[str]:
        cells = Cells(row)
        codes = self.codes
        external_id = cells.text("external_id", required=True, max_length=100)
        client = self._client(cells)
        known_errors = len(cells.errors)
        # One row is one contact, as in the form: the same limit (a period's total is not a row).
        anonymous_count = cells.integer(
            "anonymous_count", default=0, minimum=0, maximum=ANONYMOUS_COUNT_MAX
        )
        bad_count = len(cells.errors) > known_errors
        values = {
            "office": _office(self, cells),
            "activity": cells.code("activity", codes.activities, required=True),
            "date": cells.date("date", required=True, not_future=True),
            "minutes": cells.integer("minutes", default=0, minimum=0, maximum=24 * 60),
            "channel": cells.choice("channel", Channel.values, required=True),
            "client": client,
            "staff": cells.code("staff", codes.staff, required=True),
            "interpreter_language": cells.code("interpreter_language", codes.languages),
            "anonymous_count": anonymous_count or 0,
            "anonymous_citizenship": cells.code("anonymous_citizenship", codes.countries),
            "anonymous_sex": cells.choice("anonymous_sex", SEXES, upper=True),
        }
        topics = cells.codes("topics", codes.topics)
        if not row["client_external_id"] and not values["anonymous_count"] and not bad_count:
            cells.error(
                "anonymous_count",
                _(
                    "give a client_external_id, or a headcount of at least 1 "
                    "for anonymous contacts."
                ),
            )
        self._check_activity(cells, values["activity"], for_client=bool(row["client_external_id"]))
        if client is not None and values["anonymous_count"]:
            cells.error(
                "anonymous_count",
                _("a service for a client has no anonymous headcount."),
            )
        if client is not None and (values["anonymous_citizenship"] or values["anonymous_sex"]):
            cells.error(
                "anonymous_citizenship",
                _("citizenship and sex are recorded only for anonymous contacts."),
            )
        if (
            client is not None
            and client.birth_date
            and values["date"]
            and values["date"] < client.birth_date
        ):
            cells.error(
                "date",
                _("the service date %(date)s is before the client's date of birth %(birth)s.")
                % {"date": values["date"].isoformat(), "birth": client.birth_date.isoformat()},
            )
        existing = self.existing.get(external_id)
        if existing is not None:
            if self.actor is not None and existing.office_id not in self.visible_office_ids:
                cells.error(
                    "external_id",
                    _("the service with this external ID belongs to an office you cannot access."),
                )
            elif existing.organisation_id:
                cells.error(
                    "external_id",
                    _(
                        "the service with this external ID was given to an organisation; "
                        "change it in Spolu."
                    ),
                )
        if cells.errors:
            return cells.errors
        try:
            # The rules the form's model enforces (e.g. a follow-up, a recipient) hold here too.
            ServiceRecord(**values).clean()
        except ValidationError as exc:
            return _model_errors(exc, {"client": "client_external_id"})
        return ServiceRow(external_id, values, topics, existing)

    def _check_activity(self, cells: Cells, activity: Any, *, for_client: bool) -> None:
        """The activities the forms offer for this kind of recipient (organisations: in Spolu)."""
        if activity is None:
            return
        allowed = CLIENT_ACTIVITIES if for_client else ANONYMOUS_ACTIVITIES
        if activity.code not in allowed:
            message = (
                _("activity %(code)s is not recorded for a client; use one of %(allowed)s.")
                if for_client
                else _(
                    "activity %(code)s is not recorded for anonymous contacts; "
                    "use one of %(allowed)s."
                )
            )
            cells.error(
                "activity", message % {"code": activity.code, "allowed": ", ".join(allowed)}
            )

    def _client(self, cells: Cells) -> Client | None:
        external_id = cells.row["client_external_id"]
        if not external_id:
            return None
        client = self.clients.get(external_id)
        if client is None:
            cells.error(
                "client_external_id",
                _("no client with external ID “%(id)s”; import the clients first.")
                % {"id": external_id},
            )
        elif self.actor is not None and client.office_id not in self.visible_office_ids:
            # The same answer as for an unknown ID: the row must not reveal who exists elsewhere.
            cells.error(
                "client_external_id",
                _("no client with external ID “%(id)s” in your offices.") % {"id": external_id},
            )
            return None
        elif client.anonymised_at:
            cells.error("client_external_id", _("the client has been anonymised."))
            return None
        return client

    def outcome(self, row: ServiceRow) -> Outcome:
        record = row.existing
        if record is None:
            return Outcome.CREATE
        for name, value in row.fields.items():
            current = getattr(record, f"{name}_id" if name in _SERVICE_FK else name)
            if _comparable(value) != current:
                return Outcome.UPDATE
        if {t.pk for t in row.topics} != {t.pk for t in record.topics.all()}:
            return Outcome.UPDATE
        return Outcome.UNCHANGED

    def write(self, *, create: list[ServiceRow], update: list[ServiceRow]) -> None:
        extra = {"import": "services"}
        through = ServiceRecord.topics.through
        records = [
            ServiceRecord(external_id=row.external_id, created_by=self.actor, **row.fields)
            for row in create
        ]
        ServiceRecord.objects.bulk_create(records, batch_size=1000)
        links = [
            through(servicerecord_id=record.pk, topic_id=topic.pk)
            for record, row in zip(records, create, strict=True)
            for topic in row.topics
        ]
        bulk_audit.log_created(records, actor=self.actor, extra=extra)

        now = timezone.now()
        pairs = []
        topic_changes: dict[Any, dict[str, Any]] = {}
        for row in update:
            record = row.existing
            assert record is not None
            before = copy.copy(record)
            for name, value in row.fields.items():
                setattr(record, name, value)
            record.version += 1
            record.updated_at = now
            new_topics = {t.pk for t in row.topics}
            if new_topics != {t.pk for t in record.topics.all()}:
                topic_changes[record.pk] = {
                    "topics": {"type": "m2m", "operation": "set", "objects": sorted(new_topics)}
                }
                links.extend(through(servicerecord_id=record.pk, topic_id=pk) for pk in new_topics)
            pairs.append((before, record))
        ServiceRecord.objects.bulk_update(
            [after for _before, after in pairs],
            [*SERVICE_FIELDS, "version", "updated_at"],
            batch_size=1000,
        )
        if topic_changes:
            through.objects.filter(servicerecord_id__in=list(topic_changes)).delete()
        through.objects.bulk_create(links, batch_size=1000)
        bulk_audit.log_updated(pairs, actor=self.actor, extra=extra, m2m_changes=topic_changes)
