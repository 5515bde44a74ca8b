"""Imports of events and their registered participants (DESIGN.md §7), on the framework of
`spolu.interchange.registry`:

    python manage.py import_data events FILE [--dry-run]
    python manage.py import_data event_participants FILE [--dry-run]

`events`: `external_id, activity, title, date, minutes, office, public_headcount`. A new
external ID creates an event, a known one with other values updates it, an identical row changes
nothing. The files carry no time of day: a new event starts at midnight of its date, which the
pages show as "time not recorded", and lasts `minutes`; an updated event keeps its start time
and is lengthened when the file gives more minutes than it lasted. The
public headcount is a total without the adult/child split, kept as "age not recorded"; an
event whose split adds up to the same total is unchanged.

`event_participants`: `event_external_id, client_external_id` — registrations of imported
clients for imported events. A known registration changes nothing; a merged client's rows go to
the surviving record. Capacity and cancelled events are checked as when registering by hand.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spolu.clients.models import Client
from spolu.core.models import Activity, Office
from spolu.events.models import EVENT_ACTIVITIES, Event, EventParticipant, EventProfessional
from spolu.interchange import bulk_audit
from spolu.interchange.registry import (
    Cells,
    Column,
    Importer,
    Outcome,
    ParsedRow,
    RowError,
    SourceRow,
)

CHUNK = 2000
MAX_MINUTES = 14 * 24 * 60  # an event lasts at most two weeks


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Events -----------------------------------------------------------------------------------


@dataclass
class EventRow:
    external_id: str
    activity: Activity
    title: str
    date: date
    minutes: int
    office: Office
    public_headcount: int
    existing: Event | None


class EventImporter(Importer[EventRow]):
    label = gettext_lazy("Events")
    permission = "events.import_events"
    description = gettext_lazy(
        "Events keyed by your external ID (lectures, integration and multicultural activities, "
        "ethnic evenings, trainings, excursions). The file has no time of day: new events start "
        "at midnight and show “time not recorded”."
    )
    columns = (
        Column("external_id", gettext_lazy("Your identifier of the event (required).")),
        Column(
            "activity",
            gettext_lazy("Activity code: A01, A06, A11, A12, A14, A15 or A17 (required)."),
        ),
        Column("title", gettext_lazy("Title of the event (required).")),
        Column("date", gettext_lazy("Date of the event, YYYY-MM-DD (required).")),
        Column("minutes", gettext_lazy("Duration in minutes counted in reports (required).")),
        Column("office", gettext_lazy("Office code (required unless a default is chosen).")),
        Column(
            "public_headcount",
            gettext_lazy("Number of people from the public, adults and children together."),
        ),
    )

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        ids = sorted({row["external_id"] for row in rows if row["external_id"]})
        self.existing: dict[str, Event] = {}
        for chunk in _chunks(ids):
            found = Event.objects.filter(external_id__in=chunk)
            self.existing.update({e.external_id: e for e in found if e.external_id})
        self.visible_office_ids = {o.pk for o in self.codes.offices.values()}

    def _office(self, cells: Cells) -> Office | None:
        office = cells.code("office", self.codes.offices)
        if office is None and not cells.row["office"]:
            office = self.default_office
            if office is None:
                cells.error("office", _("a value is required."))
        return office

    def parse(self, row: SourceRow) -> EventRow | list[str]:
        cells = Cells(row)
        external_id = cells.text("external_id", required=True, max_length=100)
        activity = cells.code("activity", self.codes.activities, required=True)
        if activity is not None and activity.pk not in EVENT_ACTIVITIES:
            cells.error(
                "activity",
                _("%(code)s is not recorded as an event (use %(codes)s).")
                % {"code": activity.pk, "codes": ", ".join(EVENT_ACTIVITIES)},
            )
        title = cells.text("title", required=True, max_length=250)
        day = cells.date("date", required=True)
        minutes = cells.integer("minutes", required=True, minimum=0, maximum=MAX_MINUTES)
        office = self._office(cells)
        headcount = cells.integer("public_headcount", default=0, minimum=0, maximum=1_000_000)
        existing = self.existing.get(external_id)
        out_of_reach = existing is not None and existing.office_id not in self.visible_office_ids
        if self.actor is not None and out_of_reach:
            cells.error(
                "external_id",
                _("the event with this external ID belongs to an office you cannot access."),
            )
        if cells.errors:
            return cells.errors
        assert activity is not None and day is not None and office is not None
        return EventRow(
            external_id, activity, title, day, minutes or 0, office, headcount or 0, existing
        )

    def outcome(self, row: EventRow) -> Outcome:
        event = row.existing
        if event is None:
            return Outcome.CREATE
        same = (
            event.activity_id,
            event.title,
            event.date,
            event.minutes,
            event.office_id,
            event.public_headcount,
        ) == (
            row.activity.pk,
            row.title,
            row.date,
            row.minutes,
            row.office.pk,
            row.public_headcount,
        )
        return Outcome.UNCHANGED if same else Outcome.UPDATE

    def write(self, *, create: list[EventRow], update: list[EventRow]) -> None:
        extra = {"import": "events"}
        events = []
        for row in create:
            starts = _midnight(row.date)
            events.append(
                Event(
                    external_id=row.external_id,
                    office=row.office,
                    activity=row.activity,
                    title=row.title,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=row.minutes),
                    date=row.date,
                    minutes=row.minutes,
                    place="",
                    district_id=row.office.district_id,
                    headcount_unspecified=row.public_headcount,
                    created_by=self.actor,
                )
            )
        Event.objects.bulk_create(events, batch_size=1000)
        bulk_audit.log_created(events, actor=self.actor, extra=extra)

        now = timezone.now()
        pairs = []
        for row in update:
            event = row.existing
            assert event is not None
            before = copy.copy(event)
            if row.date != event.date:
                shift = row.date - event.date
                event.starts_at += shift
                event.ends_at += shift
                event.date = row.date
            lasts = (event.ends_at - event.starts_at) // timedelta(minutes=1)
            time_not_recorded = timezone.localtime(event.starts_at).time() == time.min
            # Reports never count more minutes than an event lasted: a longer duration in the
            # file lengthens the event (its start stays), as a duration without a time sets it.
            if row.minutes != event.minutes and (time_not_recorded or row.minutes > lasts):
                event.ends_at = event.starts_at + timedelta(minutes=row.minutes)
            event.minutes = row.minutes
            event.activity = row.activity
            event.title = row.title
            event.office = row.office
            if row.public_headcount != event.public_headcount:
                event.headcount_adults = event.headcount_children = 0
                event.headcount_unspecified = row.public_headcount
            event.version += 1
            event.updated_at = now
            pairs.append((before, event))
        Event.objects.bulk_update(
            [after for _before, after in pairs],
            [
                "starts_at",
                "ends_at",
                "date",
                "minutes",
                "activity",
                "title",
                "office",
                "headcount_adults",
                "headcount_children",
                "headcount_unspecified",
                "version",
                "updated_at",
            ],
            batch_size=1000,
        )
        bulk_audit.log_updated(pairs, actor=self.actor, extra=extra)


# --- Event participants -----------------------------------------------------------------------


@dataclass
class ParticipantRow:
    event: Event
    client: Client
    known: bool  # already registered (or a repeated row of the same person): nothing to do


class EventParticipantImporter(Importer[ParticipantRow]):
    label = gettext_lazy("Event participants")
    permission = "events.import_events"
    description = gettext_lazy(
        "Registrations of clients for events, both by your external IDs: import the clients and "
        "the events first. A registration already in Spolu changes nothing."
    )
    key_column = None
    columns = (
        Column("event_external_id", gettext_lazy("External ID of an imported event (required).")),
        Column("client_external_id", gettext_lazy("External ID of an imported client (required).")),
    )

    def key(self, row: SourceRow) -> Hashable | None:
        if not row["event_external_id"] or not row["client_external_id"]:
            return None
        return (row["event_external_id"], row["client_external_id"])

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        event_ids = sorted({r["event_external_id"] for r in rows if r["event_external_id"]})
        client_ids = sorted({r["client_external_id"] for r in rows if r["client_external_id"]})
        self.events: dict[str, Event] = {}
        for chunk in _chunks(event_ids):
            found = Event.objects.filter(external_id__in=chunk)
            self.events.update({e.external_id: e for e in found if e.external_id})
        self.clients: dict[str, Client] = {}
        for chunk in _chunks(client_ids):
            found_clients = Client.objects.filter(external_id__in=chunk)
            self.clients.update({c.external_id: c for c in found_clients if c.external_id})
        # A merged duplicate's registrations belong to the surviving client.
        survivors = {c.merged_into_id for c in self.clients.values() if c.merged_into_id}
        while survivors:
            found_survivors = {c.pk: c for c in Client.objects.filter(pk__in=survivors)}
            for key, client in list(self.clients.items()):
                if client.merged_into_id in found_survivors:
                    self.clients[key] = found_survivors[client.merged_into_id]
            survivors = {c.merged_into_id for c in found_survivors.values() if c.merged_into_id}
        event_pks = [e.pk for e in self.events.values()]
        self.registered: set[tuple[int, int]] = set()
        self.taken: Counter[int] = Counter()
        for event_id, client_id in EventParticipant.objects.filter(
            event_id__in=event_pks
        ).values_list("event_id", "client_id"):
            self.registered.add((event_id, client_id))
            self.taken[event_id] += 1
        for event_id, count in Counter(
            EventProfessional.objects.filter(event_id__in=event_pks).values_list(
                "event_id", flat=True
            )
        ).items():
            self.taken[event_id] += count
        self.visible_office_ids = {o.pk for o in self.codes.offices.values()}
        self.visible_client_ids: set[int] | None = None
        if self.actor is not None:
            self.visible_client_ids = set(
                Client.objects.visible_to(self.actor)
                .filter(pk__in=[c.pk for c in self.clients.values()])
                .values_list("pk", flat=True)
            )
        self.seen: set[tuple[int, int]] = set()

    def parse(self, row: SourceRow) -> ParticipantRow | list[str]:
        cells = Cells(row)
        event_id = cells.text("event_external_id", required=True, max_length=100)
        client_id = cells.text("client_external_id", required=True, max_length=100)
        event = self.events.get(event_id) if event_id else None
        client = self.clients.get(client_id) if client_id else None
        if event_id and event is None:
            cells.error(
                "event_external_id",
                _("no event with external ID “%(id)s”; import the events first.")
                % {"id": event_id},
            )
        elif event is not None:
            if self.actor is not None and event.office_id not in self.visible_office_ids:
                cells.error(
                    "event_external_id",
                    _("the event belongs to an office you cannot access."),
                )
            elif event.cancelled:
                cells.error("event_external_id", _("the event is cancelled."))
        if client_id and client is None:
            cells.error(
                "client_external_id",
                _("no client with external ID “%(id)s”; import the clients first.")
                % {"id": client_id},
            )
        elif client is not None:
            if client.anonymised_at:
                cells.error("client_external_id", _("the client has been anonymised."))
            elif self.visible_client_ids is not None and client.pk not in self.visible_client_ids:
                cells.error(
                    "client_external_id",
                    _("the client belongs to an office you cannot access."),
                )
        if cells.errors:
            return cells.errors
        assert event is not None and client is not None
        pair = (event.pk, client.pk)
        known = pair in self.registered or pair in self.seen
        self.seen.add(pair)
        return ParticipantRow(event, client, known)

    def check(self, rows: Sequence[ParsedRow[ParticipantRow]]) -> list[RowError]:
        """Capacity: rows beyond an event's free places are refused, each on its own line."""
        errors = []
        taken = Counter(self.taken)
        for item in rows:
            row = item.row
            if row.known or row.event.capacity is None:
                continue
            taken[row.event.pk] += 1
            if taken[row.event.pk] > row.event.capacity:
                errors.append(
                    RowError(
                        item.line,
                        _("event_external_id: the event is full (capacity %(capacity)s).")
                        % {"capacity": row.event.capacity},
                    )
                )
        return errors

    def outcome(self, row: ParticipantRow) -> Outcome:
        return Outcome.UNCHANGED if row.known else Outcome.CREATE

    def write(self, *, create: list[ParticipantRow], update: list[ParticipantRow]) -> None:
        now = timezone.now()
        participants = [
            EventParticipant(
                event=row.event, client=row.client, registered_at=now, registered_by=self.actor
            )
            for row in create
        ]
        EventParticipant.objects.bulk_create(participants, batch_size=1000)
        bulk_audit.log_created(
            participants, actor=self.actor, extra={"import": "event_participants"}
        )
