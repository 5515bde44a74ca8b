"""Information campaigns (A01): materials in languages, distribution actions, and copies and
reach summed per language and channel."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spolu.events import services
from spolu.events.models import Campaign, DistributionAction
from spolu.events.queries import distribution_totals
from spolu.events.testing import make_campaign, make_material
from spolu.network.testing import office_bound_user
from spolu.testing import SpoluTestCase

YESTERDAY = timezone.localdate() - timedelta(days=1)


class CampaignRulesTest(SpoluTestCase):
    def test_a_campaign_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            make_campaign(self.usti, starts_on=YESTERDAY, ends_on=YESTERDAY - timedelta(days=1))

    def test_a_distribution_needs_copies_or_reach(self):
        campaign = make_campaign(self.usti)
        leaflet = make_material(campaign, "uk")
        with self.assertRaises(ValidationError):
            services.distribution_add(
                actor=None, campaign=campaign, material=leaflet, date=YESTERDAY, channel="in_person"
            )

    def test_a_material_needs_a_language(self):
        campaign = make_campaign(self.usti)
        with self.assertRaises(ValidationError):
            services.material_add(campaign=campaign, kind="poster", title="Plakát", languages=[])

    def test_a_material_of_another_campaign_is_refused(self):
        campaign, other = make_campaign(self.usti), make_campaign(self.usti, title="Jiná")
        poster = make_material(other, "vi", kind="poster")
        with self.assertRaises(ValidationError):
            services.distribution_add(
                actor=None,
                campaign=campaign,
                material=poster,
                date=YESTERDAY,
                channel="web",
                reach=5,
            )

    def test_copies_and_reach_are_summed_per_language_and_channel(self):
        campaign = make_campaign(self.usti)
        bilingual = make_material(campaign, "uk", "ru")
        video = make_material(campaign, "vi", kind="video")
        add = services.distribution_add
        add(
            actor=None,
            campaign=campaign,
            material=bilingual,
            date=YESTERDAY,
            channel="in_person",
            copies=100,
        )
        add(
            actor=None,
            campaign=campaign,
            material=bilingual,
            date=YESTERDAY,
            channel="placement",
            copies=50,
        )
        add(
            actor=None,
            campaign=campaign,
            material=video,
            date=YESTERDAY,
            channel="social_media",
            reach=900,
        )
        with self.assertNumQueries(2):
            totals = distribution_totals(campaign.distribution_actions.all())
        self.assertEqual((totals.total_copies, totals.total_reach, totals.actions), (150, 900, 3))
        by_language = {code: (copies, reach) for code, copies, reach in totals.by_language}
        self.assertEqual(by_language, {"uk": (150, 0), "ru": (150, 0), "vi": (0, 900)})
        by_channel = {c: (copies, reach) for c, copies, reach in totals.by_channel}
        self.assertEqual(by_channel["placement"], (50, 0))
        self.assertEqual(totals.by_language_channel[("uk", "in_person")], (100, 0))


class CampaignPagesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.usti, title="Kampaň Ústí")
        cls.leaflet = make_material(cls.campaign, "uk")
        cls.teplice_campaign = make_campaign(cls.teplice, title="Kampaň Teplice")

    def test_a_coordinator_creates_a_campaign_and_records_distribution(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:campaign_create"),
            {
                "title": "Očkování dětí",
                "office": self.usti.pk,
                "goal": "Rodiče vědí, kde očkovat.",
                "starts_on": "2026-09-01",
                "ends_on": "2026-12-31",
            },
        )
        campaign = Campaign.objects.get(title="Očkování dětí")
        self.assertRedirects(response, reverse("events:campaign_detail", args=[campaign.pk]))
        response = self.client.post(
            reverse("events:material_add", args=[campaign.pk]),
            {"kind": "leaflet", "title": "Leták", "languages": ["uk", "ru"], "url": ""},
        )
        self.assertEqual(response.status_code, 302)
        material = campaign.materials.get()
        response = self.client.post(
            reverse("events:distribution_add", args=[campaign.pk]),
            {
                "material": material.pk,
                "date": YESTERDAY.isoformat(),
                "channel": "in_person",
                "copies": "120",
                "reach": "0",
                "place": "KACPU",
                "district": "CZ0427",
                "note": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.get(reverse("events:campaign_detail", args=[campaign.pk]))
        self.assertContains(response, "120")

    def test_a_distribution_without_numbers_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:distribution_add", args=[self.campaign.pk]),
            {
                "material": self.leaflet.pk,
                "date": YESTERDAY.isoformat(),
                "channel": "web",
                "copies": "0",
                "reach": "0",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(DistributionAction.objects.exists())

    def test_the_report_sums_only_visible_campaigns_in_the_period(self):
        services.distribution_add(
            actor=None,
            campaign=self.campaign,
            material=self.leaflet,
            date=YESTERDAY,
            channel="in_person",
            copies=70,
        )
        teplice_material = make_material(self.teplice_campaign, "uk")
        services.distribution_add(
            actor=None,
            campaign=self.teplice_campaign,
            material=teplice_material,
            date=YESTERDAY,
            channel="in_person",
            copies=5,
        )
        self.login(self.audrey)
        params = {"date_from": YESTERDAY.isoformat(), "date_to": YESTERDAY.isoformat()}
        response = self.client.get(reverse("events:campaign_report"), params)
        self.assertEqual(response.context["totals"].total_copies, 75)
        response = self.client.get(
            reverse("events:campaign_report"), {**params, "office": self.usti.pk}
        )
        self.assertEqual(response.context["totals"].total_copies, 70)
        before = (YESTERDAY - timedelta(days=30)).isoformat()
        response = self.client.get(
            reverse("events:campaign_report"), {"date_from": before, "date_to": before}
        )
        self.assertEqual(response.context["totals"].total_copies, 0)

    def test_a_user_of_one_office_does_not_find_another_offices_campaign(self):
        vera = office_bound_user("vera", self.usti, "events.view_campaign")
        self.login(vera)
        response = self.client.get(reverse("events:campaign_list"))
        self.assertContains(response, "Kampaň Ústí")
        self.assertNotContains(response, "Kampaň Teplice")
        url = reverse("events:campaign_detail", args=[self.teplice_campaign.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_roles_without_campaigns_get_403_and_other_offices_404(self):
        for user in (self.sam, self.rita, self.tom, self.filip):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(reverse("events:campaign_list")).status_code, 403)
                url = reverse("events:campaign_detail", args=[self.campaign.pk])
                self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.audrey)
        self.assertEqual(self.client.get(reverse("events:campaign_create")).status_code, 403)

    def test_an_auditor_reads_but_does_not_change(self):
        self.login(self.audrey)
        url = reverse("events:campaign_detail", args=[self.campaign.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        add = reverse("events:distribution_add", args=[self.campaign.pk])
        self.assertEqual(self.client.post(add, {}).status_code, 403)


class DistributionDatesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(
            cls.usti,
            starts_on=YESTERDAY - timedelta(days=30),
            ends_on=YESTERDAY - timedelta(days=1),
        )
        cls.leaflet = make_material(cls.campaign, "uk")

    def add(self, day):
        return services.distribution_add(
            actor=None,
            campaign=self.campaign,
            material=self.leaflet,
            date=day,
            channel="in_person",
            copies=10,
        )

    def test_a_distribution_after_the_campaign_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(YESTERDAY)
        self.assertIn("date", caught.exception.message_dict)

    def test_a_distribution_before_the_campaign_is_refused(self):
        with self.assertRaises(ValidationError):
            self.add(self.campaign.starts_on - timedelta(days=1))

    def test_a_distribution_on_the_first_and_last_day_is_accepted(self):
        self.add(self.campaign.starts_on)
        self.add(self.campaign.ends_on)
        self.assertEqual(self.campaign.distribution_actions.count(), 2)

    def test_a_date_in_year_one_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("events:distribution_add", args=[self.campaign.pk]),
            {"material": self.leaflet.pk, "date": "0001-01-01", "channel": "web", "reach": "5"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(DistributionAction.objects.exists())


class CampaignChangeRefusalsTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign = make_campaign(cls.usti, title="Kampaň Ústí")
        cls.action = services.distribution_add(
            actor=None,
            campaign=cls.campaign,
            material=make_material(cls.campaign, "uk"),
            date=YESTERDAY,
            channel="web",
            reach=50,
        )
        cls.teplice_campaign = make_campaign(cls.teplice, title="Kampaň Teplice")
        cls.teplice_action = services.distribution_add(
            actor=None,
            campaign=cls.teplice_campaign,
            material=make_material(cls.teplice_campaign, "vi"),
            date=YESTERDAY,
            channel="web",
            reach=70,
        )

    def urls(self, campaign, action):
        return (
            reverse("events:campaign_update", args=[campaign.pk]),
            reverse("events:distribution_remove", args=[campaign.pk, action.pk]),
        )

    def test_roles_without_the_permission_get_403(self):
        update, remove = self.urls(self.campaign, self.action)
        for user in (self.audrey, self.sam, self.rita, self.tom, self.filip, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(update).status_code, 403)
                self.assertEqual(self.client.post(update, {"title": "X"}).status_code, 403)
                self.assertEqual(self.client.post(remove).status_code, 403)
        self.assertTrue(DistributionAction.objects.filter(pk=self.action.pk).exists())

    def test_another_offices_campaign_is_not_found(self):
        vera = office_bound_user(
            "vera",
            self.usti,
            "events.view_campaign",
            "events.change_campaign",
            "events.delete_distributionaction",
        )
        self.login(vera)
        update, remove = self.urls(self.teplice_campaign, self.teplice_action)
        self.assertEqual(self.client.get(update).status_code, 404)
        self.assertEqual(self.client.post(remove).status_code, 404)
        self.assertTrue(DistributionAction.objects.filter(pk=self.teplice_action.pk).exists())
        # nor through their own campaign's address
        _own_update, own_remove = self.urls(self.campaign, self.teplice_action)
        self.assertEqual(self.client.post(own_remove).status_code, 404)

    def test_a_coordinator_removes_a_distribution(self):
        self.login(self.alice)
        _update, remove = self.urls(self.campaign, self.action)
        self.assertEqual(self.client.post(remove).status_code, 302)
        self.assertFalse(DistributionAction.objects.filter(pk=self.action.pk).exists())

    def test_an_edit_without_the_version_is_refused(self):
        self.login(self.alice)
        update, _remove = self.urls(self.campaign, self.action)
        data = {
            "title": "Přejmenováno",
            "office": self.usti.pk,
            "goal": "Cíl",
            "starts_on": self.campaign.starts_on.isoformat(),
            "ends_on": self.campaign.ends_on.isoformat(),
        }
        response = self.client.post(update, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.title, "Kampaň Ústí")
        response = self.client.post(update, {**data, "version": self.campaign.version})
        self.assertEqual(response.status_code, 302)
