"""Coordination platforms (A18): members, meetings with attendance, agenda and minutes, action
items that stay on the owner's dashboard until done."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import SpoluError
from spolu.network import services
from spolu.network.models import ActionItem, MeetingAttendance, PlatformMeeting
from spolu.network.testing import make_org, office_bound_user
from spolu.network.text import render_minutes
from spolu.testing import SpoluTestCase

TODAY = timezone.localdate()


class PlatformTestCase(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.platform = services.platform_create(
            actor=None, office=cls.usti, name="Regionální platforma Ústí"
        )
        cls.school = make_org("ZŠ Palachova", "school")
        cls.police = make_org("Odbor azylové a migrační politiky MV", "authority")
        cls.outsider = make_org("Firma s.r.o.", "employer")
        services.member_add(platform=cls.platform, organisation=cls.school, delegate="Mgr. Malá")
        services.member_add(platform=cls.platform, organisation=cls.police)
        start = timezone.now().replace(microsecond=0) - timedelta(days=1)
        cls.meeting = services.meeting_create(
            actor=None,
            platform=cls.platform,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Magistrát, zasedací místnost",
            agenda="- Novinky v legislativě\n- Bydlení",
        )
        cls.teplice_platform = services.platform_create(
            actor=None, office=cls.teplice, name="Koordinační skupina Teplice"
        )


class MembersAndAttendanceTest(PlatformTestCase):
    def test_an_organisation_is_a_member_once(self):
        with self.assertRaises(SpoluError):
            services.member_add(platform=self.platform, organisation=self.school)

    def test_attendance_is_recorded_for_members(self):
        services.attendance_record(
            meeting=self.meeting, rows=[(self.school, True, "Mgr. Malá"), (self.police, False, "")]
        )
        present = MeetingAttendance.objects.filter(meeting=self.meeting, present=True)
        self.assertEqual([a.organisation for a in present], [self.school])

    def test_attendance_of_a_non_member_is_refused(self):
        with self.assertRaises(SpoluError):
            services.attendance_record(meeting=self.meeting, rows=[(self.outsider, True, "")])

    def test_a_coordinator_saves_attendance_on_the_page(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:meeting_attendance", args=[self.meeting.pk]),
            {"present": [str(self.police.pk)], f"attendee_{self.police.pk}": "Ing. Dvořák"},
        )
        self.assertEqual(response.status_code, 302)
        record = MeetingAttendance.objects.get(meeting=self.meeting, organisation=self.police)
        self.assertEqual((record.present, record.attendee), (True, "Ing. Dvořák"))
        self.assertFalse(
            MeetingAttendance.objects.get(meeting=self.meeting, organisation=self.school).present
        )

    def test_a_meeting_cannot_end_before_it_starts(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            services.meeting_create(
                actor=None,
                platform=self.platform,
                starts_at=timezone.now(),
                ends_at=timezone.now() - timedelta(hours=1),
            )


class MinutesTest(PlatformTestCase):
    def test_minutes_markup_is_escaped(self):
        html = render_minutes("**Závěr:** <script>alert(1)</script>\n\n- bod 1\n- bod 2")
        self.assertIn("<strong>Závěr:</strong> &lt;script&gt;", html)
        self.assertIn("<ul><li>bod 1</li><li>bod 2</li></ul>", html)
        self.assertNotIn("<script>", html)

    def test_minutes_are_written_and_a_file_uploaded(self):
        self.login(self.alice)
        url = reverse("network:meeting_update", args=[self.meeting.pk])
        start = timezone.localtime(self.meeting.starts_at)
        response = self.client.post(
            url,
            {
                "version": "1",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Magistrát",
                "staff": [self.alice.pk],
                "agenda": "",
                "minutes_text": "Dohodnuto: **společný leták**.",
                "minutes_upload": SimpleUploadedFile("zapis.pdf", b"%PDF-1.4\n%%EOF"),
            },
        )
        self.assertRedirects(response, reverse("network:meeting_detail", args=[self.meeting.pk]))
        response = self.client.get(reverse("network:meeting_detail", args=[self.meeting.pk]))
        self.assertContains(response, "<strong>společný leták</strong>")
        response = self.client.get(reverse("network:minutes_file", args=[self.meeting.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_an_executable_is_no_minutes(self):
        meeting = PlatformMeeting.objects.get(pk=self.meeting.pk)
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            services.meeting_update(
                actor=None,
                meeting=meeting,
                expected_version=1,
                minutes_file=SimpleUploadedFile("zapis.docx", b"MZ\x90\x00"),
            )


class ActionItemsTest(PlatformTestCase):
    def test_an_open_item_stays_on_the_owners_dashboard_until_done(self):
        item = services.action_item_add(
            meeting=self.meeting,
            description="Poslat leták školám",
            owner=self.sam,
            due_on=TODAY + timedelta(days=7),
        )
        self.login(self.sam)
        self.assertContains(self.client.get(reverse("dashboard")), "Poslat leták školám")
        response = self.client.post(
            reverse("network:action_item_toggle", args=[item.pk]),
            {"done": "1", "next": reverse("dashboard")},
        )
        self.assertRedirects(response, reverse("dashboard"))
        self.assertNotContains(self.client.get(reverse("dashboard")), "Poslat leták školám")
        item.refresh_from_db()
        self.assertEqual(item.done_by, self.sam)

    def test_nobody_else_marks_someone_elses_item(self):
        item = services.action_item_add(
            meeting=self.meeting, description="Úkol", owner=self.sam, due_on=TODAY
        )
        for user in (self.rita, self.tereza, self.tom):
            with self.subTest(user=user.username):
                self.login(user)
                url = reverse("network:action_item_toggle", args=[item.pk])
                self.assertEqual(self.client.post(url, {"done": "1"}).status_code, 404)
        item.refresh_from_db()
        self.assertIsNone(item.done_at)

    def test_an_owner_without_platform_access_still_closes_their_item(self):
        item = services.action_item_add(
            meeting=self.meeting, description="Zjistit kapacitu kurzů", owner=self.tom, due_on=TODAY
        )
        self.login(self.tom)
        self.assertContains(self.client.get(reverse("dashboard")), "Zjistit kapacitu kurzů")
        self.client.post(reverse("network:action_item_toggle", args=[item.pk]), {"done": "1"})
        self.assertIsNotNone(ActionItem.objects.get(pk=item.pk).done_at)

    def test_the_next_address_must_be_local(self):
        item = services.action_item_add(
            meeting=self.meeting, description="Úkol", owner=self.sam, due_on=TODAY
        )
        self.login(self.sam)
        response = self.client.post(
            reverse("network:action_item_toggle", args=[item.pk]),
            {"done": "1", "next": "https://evil.example/"},
        )
        self.assertEqual(
            response["Location"], reverse("network:meeting_detail", args=[self.meeting.pk])
        )


class PlatformAccessTest(PlatformTestCase):
    def test_social_workers_read_platforms_but_do_not_change_them(self):
        self.login(self.sam)
        self.assertContains(
            self.client.get(reverse("network:platform_list")), "Regionální platforma Ústí"
        )
        self.assertEqual(self.client.get(reverse("network:platform_create")).status_code, 403)
        url = reverse("network:meeting_attendance", args=[self.meeting.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 403)

    def test_roles_without_platforms_get_403(self):
        for user in (self.rita, self.tom, self.filip, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(reverse("network:platform_list")).status_code, 403)
                url = reverse("network:meeting_detail", args=[self.meeting.pk])
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_another_offices_platform_is_not_found(self):
        self.login(self.tereza)
        self.assertNotContains(
            self.client.get(reverse("network:platform_list")), "Regionální platforma Ústí"
        )
        for url in (
            reverse("network:platform_detail", args=[self.platform.pk]),
            reverse("network:meeting_detail", args=[self.meeting.pk]),
            reverse("network:minutes_file", args=[self.meeting.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_user_of_one_office_sees_only_its_platforms(self):
        vera = office_bound_user("vera", self.teplice, "network.view_platform")
        self.login(vera)
        response = self.client.get(reverse("network:platform_list"))
        self.assertContains(response, "Koordinační skupina Teplice")
        self.assertNotContains(response, "Regionální platforma Ústí")

    def test_meetings_appear_in_the_calendar(self):
        self.login(self.alice)
        day = timezone.localdate(self.meeting.starts_at)
        response = self.client.get(reverse("events:calendar"), {"date": day.isoformat()})
        self.assertContains(response, "Regionální platforma Ústí")
        self.assertContains(response, reverse("network:meeting_detail", args=[self.meeting.pk]))


class MeetingDatesTest(PlatformTestCase):
    def meeting_form(self, **overrides):
        data = {
            "starts_at": "2026-01-10T09:00",
            "ends_at": "2026-01-10T11:00",
            "place": "Magistrát",
            "staff": [self.alice.pk],
            "agenda": "",
            "minutes_text": "",
        }
        data.update(overrides)
        return data

    def test_a_meeting_lasts_at_most_a_day(self):
        start = timezone.now().replace(microsecond=0)
        with self.assertRaises(ValidationError) as caught:
            services.meeting_create(
                actor=None,
                platform=self.platform,
                starts_at=start,
                ends_at=start + timedelta(days=304),
            )
        self.assertIn("ends_at", caught.exception.message_dict)

    def test_a_meeting_of_months_is_a_form_error(self):
        self.login(self.alice)
        url = reverse("network:meeting_create", args=[self.platform.pk])
        response = self.client.post(url, self.meeting_form(ends_at="2026-11-10T11:00"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("ends_at", response.context["form"].errors)
        self.assertEqual(self.platform.meetings.count(), 1)

    def test_a_start_in_year_one_is_a_form_error_not_a_500(self):
        self.login(self.alice)
        url = reverse("network:meeting_create", args=[self.platform.pk])
        response = self.client.post(
            url, self.meeting_form(starts_at="0001-01-01T00:00", ends_at="0001-01-01T02:00")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("starts_at", response.context["form"].errors)
        self.assertEqual(self.platform.meetings.count(), 1)

    def test_an_action_item_due_in_year_one_is_a_form_error(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("network:action_item_add", args=[self.meeting.pk]),
            {"description": "Úkol", "owner": self.alice.pk, "due_on": "0001-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ActionItem.objects.exists())


class PlatformChangeRefusalsTest(PlatformTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.membership = cls.platform.memberships.get(organisation=cls.school)
        cls.teplice_school = make_org("ZŠ Teplice", "school")
        cls.teplice_membership = services.member_add(
            platform=cls.teplice_platform, organisation=cls.teplice_school
        )
        start = timezone.now().replace(microsecond=0) - timedelta(days=2)
        cls.teplice_meeting = services.meeting_create(
            actor=None,
            platform=cls.teplice_platform,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )

    def urls(self, platform, membership, meeting):
        return {
            "update": reverse("network:platform_update", args=[platform.pk]),
            "member_add": reverse("network:member_add", args=[platform.pk]),
            "member_remove": reverse("network:member_remove", args=[platform.pk, membership.pk]),
            "meeting_create": reverse("network:meeting_create", args=[platform.pk]),
            "action_item_add": reverse("network:action_item_add", args=[meeting.pk]),
        }

    def assert_refused(self, urls, status):
        self.assertEqual(self.client.get(urls["update"]).status_code, status)
        self.assertEqual(self.client.post(urls["update"], {}).status_code, status)
        self.assertEqual(
            self.client.post(urls["member_add"], {"organisation": self.outsider.pk}).status_code,
            status,
        )
        self.assertEqual(self.client.post(urls["member_remove"]).status_code, status)
        self.assertEqual(self.client.get(urls["meeting_create"]).status_code, status)
        self.assertEqual(self.client.post(urls["meeting_create"], {}).status_code, status)
        self.assertEqual(
            self.client.post(urls["action_item_add"], {"description": "X"}).status_code, status
        )

    def test_social_workers_and_auditors_get_403(self):
        urls = self.urls(self.platform, self.membership, self.meeting)
        for user in (self.sam, self.lara, self.audrey, self.rita, self.tom, self.filip, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assert_refused(urls, 403)
        self.assertTrue(self.platform.memberships.filter(pk=self.membership.pk).exists())
        self.assertEqual(self.platform.memberships.count(), 2)
        self.assertFalse(ActionItem.objects.exists())

    def test_another_offices_platform_is_not_found(self):
        vera = office_bound_user(
            "vera",
            self.usti,
            "network.view_platform",
            "network.change_platform",
            "network.add_platformmembership",
            "network.delete_platformmembership",
            "network.view_platformmeeting",
            "network.add_platformmeeting",
            "network.add_actionitem",
        )
        self.login(vera)
        urls = self.urls(self.teplice_platform, self.teplice_membership, self.teplice_meeting)
        self.assert_refused(urls, 404)
        # nor another platform's membership through an address of their own platform
        url = reverse("network:member_remove", args=[self.platform.pk, self.teplice_membership.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(
            self.teplice_platform.memberships.filter(pk=self.teplice_membership.pk).exists()
        )

    def test_a_coordinator_changes_the_platform(self):
        urls = self.urls(self.platform, self.membership, self.meeting)
        self.login(self.alice)
        response = self.client.post(urls["member_add"], {"organisation": self.outsider.pk})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.post(urls["member_remove"]).status_code, 302)
        self.assertFalse(self.platform.memberships.filter(pk=self.membership.pk).exists())
        response = self.client.post(
            urls["action_item_add"],
            {"description": "Poslat zápis", "owner": self.alice.pk, "due_on": TODAY.isoformat()},
        )
        self.assertEqual(response.status_code, 302)

    def test_an_edit_without_the_version_is_refused(self):
        self.login(self.alice)
        url = self.urls(self.platform, self.membership, self.meeting)["update"]
        data = {"name": "Přejmenováno", "office": self.usti.pk, "district": "", "active": "on"}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.platform.refresh_from_db()
        self.assertEqual(self.platform.name, "Regionální platforma Ústí")
        response = self.client.post(url, {**data, "version": self.platform.version})
        self.assertEqual(response.status_code, 302)
