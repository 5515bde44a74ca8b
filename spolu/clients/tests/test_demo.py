"""The demo: seed_demo fills an empty database with realistic clients and a year of services."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.test import TestCase, override_settings

from spolu.clients.models import Client, ClientRelation, Consent, ResidenceStatus
from spolu.clients.search import search_clients
from spolu.core.models import User
from spolu.counselling.models import Appointment, FieldVisit, ServiceRecord

TODAY = date(2026, 11, 20)  # a Friday
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fingerprint() -> str:
    """A digest of the demo's clients, statuses, consents, links, services and appointments."""
    rows: list[object] = []
    rows += sorted(
        Client.objects.values_list(
            "first_name",
            "last_name",
            "first_name_latin",
            "last_name_latin",
            "sex",
            "birth_date",
            "birth_year",
            "citizenship",
            "office__code",
            "district",
            "phone",
            "email",
            "first_contact_date",
            "guardian__first_name",
            "search_text",
        ),
        key=repr,
    )
    rows += sorted(
        ResidenceStatus.objects.values_list(
            "client__search_text", "category", "valid_from", "valid_to", "permit_number"
        ),
        key=repr,
    )
    rows += sorted(
        Consent.objects.values_list("client__search_text", "purpose", "given_on", "withdrawn_on"),
        key=repr,
    )
    rows += sorted(
        ClientRelation.objects.values_list("client__search_text", "relative__search_text", "kind"),
        key=repr,
    )
    rows += sorted(
        ServiceRecord.objects.values_list(
            "client__search_text",
            "organisation__name",
            "anonymous_count",
            "activity",
            "date",
            "minutes",
            "channel",
            "staff__username",
            "interpreter_language",
            "note",
            "follow_up",
            "follow_up_due",
            "referral_outcome",
        ),
        key=repr,
    )
    rows += sorted(
        Appointment.objects.values_list("staff__username", "starts_at", "client__search_text"),
        key=repr,
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


class _Rollback(Exception):
    pass


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class SeedDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # The same seed and day twice: once rolled back, once kept for the tests below.
        try:
            with transaction.atomic():
                call_command("seed_demo", seed=7, today=TODAY, stdout=StringIO())
                cls.first_run = fingerprint()
                raise _Rollback
        except _Rollback:
            pass
        call_command("seed_demo", seed=7, today=TODAY, stdout=StringIO())
        cls.second_run = fingerprint()

    def test_the_same_seed_and_day_give_the_same_data(self):
        self.assertEqual(self.first_run, self.second_run)

    def test_it_refuses_to_run_on_a_database_with_data(self):
        with self.assertRaises(CommandError):
            call_command("seed_demo", seed=7, today=TODAY, stdout=StringIO())

    def test_hundreds_of_clients_in_the_regions_mix_of_citizenships(self):
        clients = Client.objects.all()
        self.assertGreaterEqual(clients.count(), 400)
        counts: dict[str, int] = {}
        for code in clients.values_list("citizenship", flat=True):
            counts[code] = counts.get(code, 0) + 1
        ranking = sorted(counts, key=lambda code: -counts[code])
        self.assertEqual(ranking[:2], ["UA", "VN"])
        for code in ("MN", "RU", "SK", "MD", "KZ"):
            self.assertIn(code, counts)
        self.assertTrue(clients.filter(citizenship__eu_eea_ch=True).exists())

    def test_names_are_in_their_own_script_and_in_document_spelling(self):
        ukrainian = Client.objects.filter(citizenship="UA").exclude(last_name_latin="").first()
        self.assertRegex(ukrainian.last_name, "[А-Яа-яІіЇїЄє]")
        self.assertRegex(ukrainian.last_name_latin, "^[A-Za-z' -]+$")
        vietnamese = Client.objects.filter(citizenship="VN").values_list("first_name", flat=True)
        self.assertTrue(any(name != name.encode("ascii", "ignore").decode() for name in vietnamese))
        mongolian = Client.objects.filter(citizenship="MN").first()
        self.assertRegex(mongolian.first_name, "[А-Яа-яӨөҮү]")
        self.assertTrue(mongolian.first_name_latin.isascii())

    def test_demo_clients_are_found_by_their_latin_spelling(self):
        client = Client.objects.filter(citizenship="UA", guardian__isnull=True).first()
        found = search_clients(Client.objects.all(), client.latin_name)
        self.assertIn(client, found)

    def test_families_have_household_links_and_minors_a_guardian(self):
        self.assertTrue(ClientRelation.objects.filter(kind="spouse").exists())
        self.assertTrue(ClientRelation.objects.filter(kind="child").exists())
        minors = [c for c in Client.objects.all() if (c.age_on(TODAY) or 99) < 18]
        self.assertTrue(minors)
        for minor in minors:
            self.assertTrue(minor.guardian_id or minor.guardian_note, minor)

    def test_some_permits_expire_within_sixty_days_and_some_consents_are_missing(self):
        soon = ResidenceStatus.objects.filter(
            valid_from__lte=TODAY, valid_to__gte=TODAY, valid_to__lte=TODAY + timedelta(days=60)
        )
        self.assertGreater(soon.count(), 5)
        without = Client.objects.exclude(consents__purpose="case_work")
        self.assertGreater(without.count(), 5)
        self.assertTrue(ResidenceStatus.objects.filter(category="asylum_applicant").exists())
        self.assertTrue(ResidenceStatus.objects.filter(category="eu_citizen").exists())

    def test_a_year_of_services_across_the_individual_activities(self):
        services = ServiceRecord.objects.all()
        self.assertGreater(services.count(), 1500)
        activities = set(services.values_list("activity", flat=True))
        self.assertLessEqual({"A02", "A03", "A04", "A05", "A07", "A13", "A16"}, activities)
        self.assertFalse(services.filter(date__gt=TODAY).exists())
        self.assertFalse(services.filter(date__lt=TODAY - timedelta(days=366)).exists())
        self.assertTrue(services.anonymous().exists())
        self.assertTrue(services.filter(interpreter_language__isnull=False).exists())
        self.assertTrue(services.filter(activity="A13", organisation__kind="school").exists())
        self.assertTrue(services.filter(activity="A16", organisation__isnull=False).exists())
        self.assertTrue(services.exclude(referral_outcome="").exists())
        self.assertTrue(FieldVisit.objects.exists())

    def test_the_office_works_on_weekdays(self):
        # Only a client's first contact keeps its own date (a weekend walk-in at a field event).
        at_weekends = ServiceRecord.objects.filter(date__week_day__in=[1, 7]).exclude(
            client__first_contact_date=F("date")
        )
        self.assertFalse(at_weekends.exists())

    def test_the_demo_staff_have_open_follow_ups_and_appointments_today(self):
        for username in ("social_worker", "lawyer"):
            user = User.objects.get(username=username)
            with self.subTest(user=username):
                due_soon = ServiceRecord.objects.filter(
                    staff=user,
                    follow_up_done_at__isnull=True,
                    follow_up_due__lte=TODAY + timedelta(days=7),
                ).exclude(follow_up="")
                self.assertGreater(due_soon.count(), 1)
                today = Appointment.objects.filter(staff=user, starts_at__date=TODAY)
                self.assertGreater(today.count(), 1)

    def test_every_record_is_valid(self):
        invalid = []
        for model in (Client, ResidenceStatus, Consent, ClientRelation, ServiceRecord, Appointment):
            for record in model.objects.all():
                try:
                    record.full_clean()
                except ValidationError as error:
                    invalid.append((model.__name__, record.pk, error.messages))
        self.assertEqual(invalid, [])
