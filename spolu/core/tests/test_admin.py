from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.models import Activity
from spolu.testing import SpoluTestCase


class AdminSiteTest(SpoluTestCase):
    def test_an_administrator_edits_code_lists(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:core_activity_change", args=["A15"]),
            {
                "name_cs": "Etnické večery a setkání",
                "name_en": "Ethnic evenings",
                "order": 15,
                "active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Activity.objects.get(code="A15").name_cs, "Etnické večery a setkání")

    def test_other_roles_cannot_open_the_admin(self):
        for user in (self.alice, self.sam, self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                response = self.client.get(reverse("admin:index"), follow=True)
                self.assertEqual(response.status_code, 403)
                response = self.client.get(reverse("admin:core_activity_changelist"), follow=True)
                self.assertEqual(response.status_code, 403)

    def test_the_admins_own_password_form_is_replaced_by_two_factor_sign_in(self):
        response = self.client.get(reverse("admin:login"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        response = self.client.post(
            reverse("admin:login"), {"username": "adam", "password": "correct-horse-battery-staple"}
        )
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_an_administrator_resets_a_lost_device(self):
        TOTPDevice.objects.create(user=self.sam, name="lost phone", confirmed=True)
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:core_user_changelist"),
            {"action": "reset_two_factor", "_selected_action": [self.sam.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.sam).exists())
        entry = LogEntry.objects.get_for_object(self.sam).latest("timestamp")
        self.assertEqual(entry.additional_data["event"], "two_factor_reset")
        self.assertEqual(entry.actor, self.adam)

    def test_accounts_cannot_be_deleted_only_deactivated(self):
        self.login(self.adam)
        response = self.client.get(reverse("admin:core_user_delete", args=[self.sam.pk]))
        self.assertEqual(response.status_code, 403)


class AdminInCzechTest(SpoluTestCase):
    def test_roles_are_shown_by_their_labels_not_their_group_codes(self):
        self.login(self.adam)
        response = self.client.get(reverse("admin:core_user_changelist"))
        self.assertContains(response, "Koordinátor / projektový manažer")
        self.assertContains(response, "Právník")
        self.assertNotContains(response, '<td class="field-roles">coordinator</td>', html=False)
        self.assertEqual(
            response.context["cl"]
            .get_queryset(response.wsgi_request)
            .filter(pk=self.lara.pk)
            .count(),
            1,
        )
        filtered = self.client.get(reverse("admin:core_user_changelist"), {"role": "lawyer"})
        self.assertEqual([u.username for u in filtered.context["cl"].result_list], ["lara"])

        response = self.client.get(reverse("admin:core_user_change", args=[self.lara.pk]))
        labels = {
            str(label)
            for _value, label in response.context["adminform"].form.fields["groups"].choices
        }
        self.assertIn("Koordinátor / projektový manažer", labels)
        self.assertNotIn("coordinator", labels)

    def test_the_lockout_screens_are_in_czech(self):
        from axes.models import AccessAttempt

        AccessAttempt.objects.create(
            username="sam", ip_address="10.0.0.1", user_agent="x", failures_since_start=9
        )
        self.login(self.adam)
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertEqual(response.status_code, 200)
        for czech in ("Pokusy o přístup", "Čas pokusu", "Zablokováno"):
            self.assertContains(response, czech)
        for english in ("Access attempts", "Attempt Time", "Locked Out"):
            self.assertNotContains(response, english)
