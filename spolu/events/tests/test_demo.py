"""The demo: a year of events of every kind, campaigns and field visits (with partner
organisations, volunteers and platforms from the network demo)."""

from __future__ import annotations

import random
from datetime import date

from django.test import TestCase

from spolu.core import demo as core_demo
from spolu.counselling.models import FieldVisit
from spolu.events import demo
from spolu.events.models import (
    EVENT_ACTIVITIES,
    Campaign,
    DistributionAction,
    Event,
    EventEvidence,
    EventParticipant,
    EventProfessional,
)
from spolu.network import demo as network_demo
from spolu.network.models import (
    ActionItem,
    Organisation,
    OrganisationKind,
    PlatformMeeting,
    VolunteerHours,
)


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        ctx = core_demo.DemoContext(seed=5, today=date(2026, 11, 23), rng=random.Random(5))
        core_demo.seed(ctx)
        network_demo.seed(ctx)
        demo.seed(ctx)  # no clients demo: it registers a few clients of its own
        cls.ctx = ctx

    def test_the_network_has_partners_of_every_kind_with_contacts(self):
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        self.assertLessEqual(
            {
                OrganisationKind.SCHOOL,
                OrganisationKind.NGO,
                OrganisationKind.MUNICIPALITY,
                OrganisationKind.EMPLOYER,
                OrganisationKind.AUTHORITY,
            },
            kinds,
        )
        self.assertTrue(Organisation.objects.filter(name__contains="cizinecké policie").exists())
        self.assertTrue(Organisation.objects.filter(name__startswith="Úřad práce").exists())
        self.assertFalse(Organisation.objects.filter(contacts__isnull=True).exists())
        self.assertEqual(len(self.ctx.shared["organisations"]), Organisation.objects.count())

    def test_volunteers_log_hours_and_platforms_meet_with_open_action_items(self):
        self.assertGreater(VolunteerHours.objects.count(), 50)
        self.assertGreater(PlatformMeeting.objects.count(), 6)
        self.assertTrue(ActionItem.objects.open().exists())
        self.assertTrue(ActionItem.objects.filter(done_at__isnull=False).exists())

    def test_a_year_of_events_of_every_kind(self):
        self.assertEqual(
            set(Event.objects.values_list("activity_id", flat=True)), set(EVENT_ACTIVITIES)
        )
        self.assertTrue(Event.objects.filter(date__gt=date(2026, 11, 23)).exists())
        self.assertTrue(Event.objects.filter(date__lt=date(2026, 1, 1)).exists())
        self.assertTrue(EventParticipant.objects.filter(attended=False).exists())
        self.assertTrue(EventProfessional.objects.exists())
        self.assertTrue(Event.objects.filter(featured_country__isnull=False).exists())
        self.assertTrue(EventEvidence.objects.exists())

    def test_campaigns_are_distributed_and_field_visits_recorded(self):
        self.assertEqual(Campaign.objects.count(), 3)
        self.assertTrue(DistributionAction.objects.filter(copies__gt=0).exists())
        self.assertTrue(DistributionAction.objects.filter(reach__gt=0).exists())
        self.assertTrue(FieldVisit.objects.filter(services__anonymous_count__gt=0).exists())

    def test_every_event_is_valid(self):
        for event in Event.objects.all():
            event.full_clean()

    def test_a_few_agreements_and_minutes_come_with_pdf_files(self):
        from spolu.network.models import VolunteerAgreement

        scans = VolunteerAgreement.objects.exclude(scan="")
        self.assertEqual(scans.count(), network_demo.DEMO_SCANS)
        minutes = PlatformMeeting.objects.exclude(minutes_file="")
        self.assertGreaterEqual(minutes.count(), network_demo.DEMO_MINUTES_FILES)
        for record, field in ((scans.first(), "scan"), (minutes.first(), "minutes_file")):
            with getattr(record, field).open("rb") as stored:
                self.assertTrue(stored.read().startswith(b"%PDF-"))

    def test_multicultural_activities_run_all_year(self):
        a14 = Event.objects.filter(activity_id="A14")
        self.assertGreaterEqual(a14.count(), 8)
        self.assertGreater(a14.values("office").distinct().count(), 1)
