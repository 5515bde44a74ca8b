"""Importing events and their participants: dry run, every bad row with its line number, all or
nothing, idempotent by external ID; the command line and the scope of the importing user."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from spolu.events import services
from spolu.events.importers import EventImporter, EventParticipantImporter
from spolu.events.models import Event, EventParticipant
from spolu.events.testing import make_event
from spolu.interchange.services import import_file
from spolu.interchange.testing import csv_bytes, xlsx_bytes
from spolu.testing import SpoluTestCase, make_client

EVENT_HEADER = EventImporter.column_names()
PARTICIPANT_HEADER = EventParticipantImporter.column_names()


def event_row(**values):
    row = {
        "external_id": "E-1",
        "activity": "A06",
        "title": "Přednáška: pobyt a práce",
        "date": "2025-10-14",
        "minutes": "90",
        "office": "usti",
        "public_headcount": "",
    }
    row.update(values)
    return [row[name] for name in EVENT_HEADER]


class ImportTestCase(SpoluTestCase):
    def run_import(self, kind, header, rows, *, write=True, actor=None, xlsx=False, **kw):
        data = (xlsx_bytes if xlsx else csv_bytes)([header, *rows])
        with translation.override("en"):
            return import_file(
                kind=kind,
                data=data,
                filename="f.xlsx" if xlsx else "f.csv",
                actor=actor,
                write=write,
                **kw,
            )

    def messages(self, report):
        return {e.line: e.message for e in report.errors}


class EventImportTest(ImportTestCase):
    def import_events(self, rows, **kw):
        return self.run_import("events", EVENT_HEADER, rows, **kw)

    def test_events_are_created_with_the_date_and_duration(self):
        report = self.import_events(
            [event_row(), event_row(external_id="E-2", activity="a15", public_headcount="45")],
            actor=self.alice,
        )
        self.assertEqual((report.errors, report.created), ([], 2))
        lecture = Event.objects.get(external_id="E-1")
        self.assertEqual(lecture.date.isoformat(), "2025-10-14")
        self.assertEqual(
            (lecture.minutes, lecture.office, lecture.district_id), (90, self.usti, "CZ0427")
        )
        self.assertFalse(lecture.time_recorded)
        self.assertEqual(Event.objects.get(external_id="E-2").public_headcount, 45)

    def test_a_dry_run_writes_nothing(self):
        report = self.import_events([event_row()], write=False)
        self.assertEqual((report.errors, report.created, report.written), ([], 1, False))
        self.assertFalse(Event.objects.exists())

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(self):
        report = self.import_events(
            [
                event_row(),
                event_row(external_id="E-2", activity="A04"),
                event_row(external_id="E-3", date="14.10.2025"),
                event_row(external_id="E-4", minutes="-5"),
                event_row(external_id="E-5", public_headcount="-1"),
                event_row(external_id="E-6", office="nowhere", title=""),
                event_row(),  # the same external ID twice
            ]
        )
        lines = self.messages(report)
        self.assertEqual(sorted(lines), [2, 3, 4, 5, 6, 7, 8])
        self.assertIn("A04", lines[3])
        self.assertIn("YYYY-MM-DD", lines[4])
        self.assertFalse(Event.objects.exists())

    def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates(self):
        self.import_events([event_row(), event_row(external_id="E-2")])
        report = self.import_events([event_row(), event_row(external_id="E-2")])
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 0, 2))
        report = self.import_events(
            [
                event_row(title="Nový název", date="2025-10-15", public_headcount="12"),
                event_row(external_id="E-2"),
            ]
        )
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 1, 1))
        event = Event.objects.get(external_id="E-1")
        self.assertEqual(
            (event.title, event.date.isoformat(), event.public_headcount, event.version),
            ("Nový název", "2025-10-15", 12, 2),
        )
        self.assertEqual(Event.objects.count(), 2)

    def test_an_update_keeps_the_time_of_an_event_entered_by_hand(self):
        from spolu.events.testing import local

        event = make_event(self.usti, starts_at=local(2025, 10, 14, 17, 30), minutes=90)
        Event.objects.filter(pk=event.pk).update(external_id="E-1")
        self.import_events([event_row(date="2025-10-16", minutes="60")])
        event.refresh_from_db()
        self.assertEqual(event.date.isoformat(), "2025-10-16")
        self.assertEqual(event.starts_at, local(2025, 10, 16, 17, 30))
        self.assertEqual(event.minutes, 60)

    def test_more_minutes_than_the_event_lasted_lengthen_it(self):
        from spolu.events.testing import local

        event = make_event(self.usti, starts_at=local(2025, 10, 14, 17, 30), minutes=90)
        Event.objects.filter(pk=event.pk).update(external_id="E-1")
        self.import_events([event_row(date="2025-10-14", minutes="150")])
        event.refresh_from_db()
        self.assertEqual(event.minutes, 150)
        self.assertEqual(
            (event.starts_at, event.ends_at), (local(2025, 10, 14, 17, 30), local(2025, 10, 14, 20))
        )
        event.full_clean()  # the minutes fit the event again

    def test_a_split_headcount_with_the_same_total_is_unchanged(self):
        event = make_event(self.usti, headcount_adults=30, headcount_children=15)
        Event.objects.filter(pk=event.pk).update(external_id="E-1")
        event.refresh_from_db()
        row = event_row(
            date=event.date.isoformat(),
            title=event.title,
            minutes=str(event.minutes),
            public_headcount="45",
        )
        self.assertEqual(self.import_events([row]).unchanged, 1)

    def test_a_coordinator_cannot_update_an_event_of_an_office_out_of_reach(self):
        from spolu.network.testing import office_bound_user

        make_event(self.teplice, external_id="E-1")
        vera = office_bound_user("vera", self.usti, "events.add_event", "events.view_event")
        report = self.import_events([event_row(office="usti")], actor=vera)
        self.assertIn("office you cannot access", self.messages(report)[2])
        report = self.import_events([event_row(external_id="E-9", office="teplice")], actor=vera)
        self.assertIn("unknown code", self.messages(report)[2])

    def test_xlsx_files_are_read_too(self):
        report = self.import_events([event_row()], xlsx=True)
        self.assertEqual((report.errors, report.created), ([], 1))


class ParticipantImportTest(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(cls.usti, external_id="E-1", capacity=3)
        cls.olena = make_client(cls.usti, external_id="C-1", first_name_latin="Olena")
        cls.ivan = make_client(cls.usti, external_id="C-2", first_name_latin="Ivan")
        cls.teplice_client = make_client(cls.teplice, external_id="C-9")

    def import_participants(self, pairs, **kw):
        return self.run_import(
            "event_participants", PARTICIPANT_HEADER, [list(p) for p in pairs], **kw
        )

    def test_registrations_are_created_once(self):
        report = self.import_participants([("E-1", "C-1"), ("E-1", "C-2")], actor=self.alice)
        self.assertEqual((report.errors, report.created), ([], 2))
        self.assertEqual(self.event.participants.count(), 2)
        report = self.import_participants([("E-1", "C-1"), ("E-1", "C-2")])
        self.assertEqual((report.created, report.unchanged), (0, 2))
        self.assertEqual(self.event.participants.count(), 2)

    def test_a_dry_run_writes_nothing(self):
        report = self.import_participants([("E-1", "C-1")], write=False)
        self.assertEqual((report.errors, report.created), ([], 1))
        self.assertFalse(EventParticipant.objects.exists())

    def test_bad_rows_are_reported_with_their_lines_and_nothing_is_written(self):
        cancelled = make_event(self.usti, external_id="E-X", title="Zrušeno", cancelled=True)
        report = self.import_participants(
            [
                ("E-1", "C-1"),
                ("E-404", "C-1"),
                ("E-1", "C-404"),
                (cancelled.external_id, "C-2"),
                ("", "C-2"),
                ("E-1", "C-1"),  # the same pair twice
            ]
        )
        self.assertEqual(sorted(self.messages(report)), [2, 3, 4, 5, 6, 7])
        self.assertIn("import the events first", self.messages(report)[3])
        self.assertIn("import the clients first", self.messages(report)[4])
        self.assertIn("cancelled", self.messages(report)[5])
        self.assertFalse(EventParticipant.objects.exists())

    def test_the_capacity_is_respected(self):
        make_client(self.usti, external_id="C-3")
        make_client(self.usti, external_id="C-4")
        Event.objects.filter(pk=self.event.pk).update(activity_id="A12")  # takes professionals
        services.professional_add(event=self.event, name="Mgr. Malá")
        report = self.import_participants([("E-1", "C-1"), ("E-1", "C-2"), ("E-1", "C-3")])
        self.assertEqual(list(self.messages(report)), [4])
        self.assertIn("full", self.messages(report)[4])

    def test_a_merged_clients_rows_go_to_the_survivor_once(self):
        from spolu.clients.models import Client

        Client.objects.filter(pk=self.ivan.pk).update(merged_into=self.olena)
        report = self.import_participants([("E-1", "C-1"), ("E-1", "C-2")])
        self.assertEqual((report.errors, report.created, report.unchanged), ([], 1, 1))
        self.assertEqual(
            list(self.event.participants.values_list("client_id", flat=True)), [self.olena.pk]
        )

    def test_clients_out_of_the_users_reach_are_refused(self):
        from spolu.network.testing import office_bound_user

        vera = office_bound_user(
            "vera", self.usti, "events.add_eventparticipant", "clients.view_client"
        )
        report = self.import_participants([("E-1", "C-9")], actor=vera)
        self.assertIn("office you cannot access", self.messages(report)[2])


class ImportCommandTest(SpoluTestCase):
    def call(self, *args):
        out, err = StringIO(), StringIO()
        with translation.override("en"):
            call_command("import_data", *args, stdout=out, stderr=err)
        return out.getvalue()

    def write_file(self, name, rows):
        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(csv_bytes(rows))
        return str(path)

    def test_import_data_events_and_participants(self):
        make_client(self.usti, external_id="C-1")
        out = self.call("events", self.write_file("events.csv", [EVENT_HEADER, event_row()]))
        self.assertIn("Imported.", out)
        out = self.call(
            "event_participants",
            self.write_file("p.csv", [PARTICIPANT_HEADER, ["E-1", "C-1"]]),
        )
        self.assertIn("Imported.", out)
        self.assertEqual(Event.objects.get(external_id="E-1").participants.count(), 1)

    def test_a_bad_file_fails_with_its_lines(self):
        path = self.write_file("events.csv", [EVENT_HEADER, event_row(activity="A99")])
        with self.assertRaises(CommandError), translation.override("en"):
            call_command("import_data", "events", path, stdout=StringIO(), stderr=StringIO())
        self.assertFalse(Event.objects.exists())


class ImportPermissionTest(SpoluTestCase):
    def test_only_those_who_import_clients_import_events(self):
        from spolu.interchange.registry import importers_for

        for user in (self.alice, self.adam):
            with self.subTest(user=user.username):
                self.assertLessEqual({"events", "event_participants"}, set(importers_for(user)))
        for user in (self.rita, self.sam, self.tom, self.filip, self.audrey):
            with self.subTest(user=user.username):
                kinds = set(importers_for(user))
                self.assertFalse(kinds & {"events", "event_participants"})
