from django.test import Client
from django.urls import reverse

from spolu.testing import PASSWORD, SpoluTestCase, verified_login


class PasswordChangeTest(SpoluTestCase):
    def test_changing_the_password_signs_out_every_other_session(self):
        phone = Client()
        verified_login(phone, self.sam)
        self.login(self.sam)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-brand-new-passphrase-7",
                "new_password2": "a-brand-new-passphrase-7",
            },
        )
        self.assertRedirects(response, reverse("dashboard"))
        self.assertEqual(self.client.get(reverse("dashboard")).status_code, 200)
        self.assertEqual(phone.get(reverse("dashboard")).status_code, 302)

    def test_a_weak_password_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["new_password2"])
        self.sam.refresh_from_db()
        self.assertTrue(self.sam.check_password(PASSWORD))

    def test_it_needs_a_signed_in_user(self):
        response = self.client.get(reverse("password_change"))
        self.assertEqual(response.status_code, 302)
