"""What events contribute elsewhere: merging duplicate clients keeps every registration, the
client page lists participations, the organisation page its events, the dashboard upcoming
events."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.clients.merge import client_merge
from spolu.events import services
from spolu.events.models import EventParticipant
from spolu.events.testing import make_event
from spolu.network.models import Organisation
from spolu.testing import SpoluTestCase, make_client


class MergeTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survivor = make_client(cls.usti, first_name_latin="Olena", last_name_latin="Bondar")
        cls.duplicate = make_client(
            cls.usti, first_name_latin="Olena", last_name_latin="Bondarenko"
        )

    def test_registrations_for_the_same_event_become_one_and_keep_attendance(self):
        both = make_event(self.usti, title="Obě")
        only_duplicate = make_event(self.usti, title="Jen duplikát")
        kept = services.participant_register(actor=None, event=both, client=self.survivor)
        earlier = services.participant_register(actor=self.rita, event=both, client=self.duplicate)
        EventParticipant.objects.filter(pk=earlier.pk).update(
            attended=True, registered_at=kept.registered_at - timedelta(days=2)
        )
        services.participant_register(actor=None, event=only_duplicate, client=self.duplicate)

        client_merge(survivor=self.survivor, duplicate=self.duplicate, actor=self.alice)

        rows = EventParticipant.objects.filter(client=self.survivor).order_by("event__title")
        self.assertEqual([r.event.title for r in rows], ["Jen duplikát", "Obě"])
        merged = rows.get(event=both)
        self.assertIs(merged.attended, True)
        self.assertEqual(merged.registered_by, self.rita)
        self.assertFalse(EventParticipant.objects.filter(client=self.duplicate).exists())

    def test_an_absence_does_not_overwrite_a_presence(self):
        event = make_event(self.usti)
        ours = services.participant_register(actor=None, event=event, client=self.survivor)
        theirs = services.participant_register(actor=None, event=event, client=self.duplicate)
        EventParticipant.objects.filter(pk=ours.pk).update(attended=True)
        EventParticipant.objects.filter(pk=theirs.pk).update(attended=False)
        client_merge(survivor=self.survivor, duplicate=self.duplicate, actor=self.alice)
        self.assertIs(EventParticipant.objects.get(client=self.survivor).attended, True)


class ClientPanelTest(SpoluTestCase):
    def test_the_client_page_lists_event_participations(self):
        client = make_client(self.usti)
        event = make_event(self.usti, title="Etnický večer Ukrajina", activity="A15")
        services.participant_register(actor=None, event=event, client=client)
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[client.pk]))
        self.assertContains(response, "Etnický večer Ukrajina")
        self.assertContains(response, reverse("events:event_detail", args=[event.pk]))


class OrganisationPanelTest(SpoluTestCase):
    def test_the_organisation_page_lists_its_events(self):
        school = Organisation.objects.create(name="ZŠ Vojnovičova", kind="school")
        event = make_event(self.usti, title="Exkurze studentů", activity="A17")
        event.partner_organisations.add(school)
        other = make_event(self.usti, activity="A12", title="Školení učitelů")
        services.professional_add(event=other, name="Mgr. Malá", organisation=school)
        make_event(self.teplice, title="Teplická akce").partner_organisations.add(school)
        self.login(self.sam)
        response = self.client.get(reverse("network:organisation_detail", args=[school.pk]))
        self.assertContains(response, "Exkurze studentů")
        self.assertContains(response, "Školení učitelů")
        self.assertNotContains(response, "Teplická akce")


class DashboardTest(SpoluTestCase):
    def test_organisers_see_their_next_events_on_the_dashboard(self):
        soon = timezone.now() + timedelta(days=3)
        make_event(self.usti, title="Moje přednáška", starts_at=soon, organisers=[self.sam])
        make_event(self.usti, title="Cizí přednáška", starts_at=soon, organisers=[self.rita])
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "Moje přednáška")
        self.assertNotContains(response, "Cizí přednáška")
