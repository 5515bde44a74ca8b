from __future__ import annotations

import time
from datetime import timedelta

from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.auth_views import PENDING
from spolu.core.two_factor import current_code
from spolu.testing import PASSWORD, SpoluTestCase


class LoginTestCase(SpoluTestCase):
    def setUp(self) -> None:
        self.device = TOTPDevice.objects.create(user=self.sam, name="phone", confirmed=True)

    def password_step(self, username: str = "sam", password: str = PASSWORD, **extra):
        return self.client.post(
            reverse("login"), {"username": username, "password": password}, **extra
        )

    def code_step(self, code: str):
        return self.client.post(reverse("two_factor"), {"token": code})

    def fresh_code(self) -> str:
        # A code from the next time step: verify_token refuses a code already used.
        self.device.refresh_from_db()
        return current_code(self.device)


class PasswordAndCodeTest(LoginTestCase):
    def test_it_signs_in_with_password_and_code(self):
        response = self.password_step()
        self.assertRedirects(response, reverse("two_factor"))
        response = self.code_step(self.fresh_code())
        self.assertRedirects(response, reverse("dashboard"))
        response = self.client.get(reverse("dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["user"], self.sam)

    def test_the_password_alone_does_not_sign_in(self):
        self.password_step()
        response = self.client.get(reverse("dashboard"))
        self.assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)

    def test_it_keeps_the_next_page_across_both_steps(self):
        self.client.post(
            reverse("login"), {"username": "sam", "password": PASSWORD, "next": "/audit/"}
        )
        response = self.code_step(self.fresh_code())
        self.assertRedirects(response, "/audit/", fetch_redirect_response=False)

    def test_it_ignores_a_next_page_on_another_site(self):
        self.client.post(
            reverse("login"),
            {"username": "sam", "password": PASSWORD, "next": "https://evil.example/"},
        )
        response = self.code_step(self.fresh_code())
        self.assertRedirects(response, reverse("dashboard"))

    def test_a_wrong_code_is_refused_with_a_clear_message(self):
        self.password_step()
        response = self.code_step("000000" if self.fresh_code() != "000000" else "111111")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kód není platný")
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    def test_letters_instead_of_a_code_are_refused(self):
        self.password_step()
        response = self.code_step("abcdef")
        self.assertContains(response, "Zadejte číslice, které ukazuje vaše ověřovací aplikace.")

    def test_the_code_step_expires(self):
        self.password_step()
        session = self.client.session
        session[PENDING]["since"] = time.time() - 600
        session.save()
        response = self.code_step(self.fresh_code())
        self.assertRedirects(response, reverse("login"))

    def test_the_code_page_without_a_password_step_sends_to_login(self):
        response = self.client.get(reverse("two_factor"))
        self.assertRedirects(response, reverse("login"))

    def test_an_inactive_user_cannot_sign_in(self):
        self.sam.is_active = False
        self.sam.save()
        response = self.password_step()
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(PENDING, self.client.session)

    def test_the_login_page_is_in_czech_by_default(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Přihlášení")
        self.assertContains(response, 'lang="cs"')


class NoEnumerationTest(LoginTestCase):
    def error_text(self, response) -> str:
        return " ".join(str(e) for e in response.context["form"].non_field_errors())

    def test_unknown_user_and_wrong_password_look_the_same(self):
        unknown = self.password_step(username="nobody-here")
        wrong = self.password_step(password="wrong-password-123")
        self.assertEqual(unknown.status_code, wrong.status_code)
        self.assertEqual(self.error_text(unknown), self.error_text(wrong))
        self.assertTrue(self.error_text(unknown))

    def test_lockout_looks_the_same_for_unknown_users(self):
        for _ in range(5):
            self.password_step(username="nobody-here", password="x" * 12)
            self.password_step(password="x" * 12)
        unknown = self.password_step(username="nobody-here", password="x" * 12)
        known = self.password_step(password="x" * 12)
        self.assertEqual(unknown.status_code, 429)
        self.assertEqual(known.status_code, 429)


class LockoutTest(LoginTestCase):
    def test_it_locks_the_account_after_five_failures(self):
        for _ in range(5):
            self.password_step(password="wrong-password-123")
        response = self.password_step()  # even the right password
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Příliš mnoho neúspěšných pokusů", status_code=429)
        self.assertNotIn(PENDING, self.client.session)

    def test_the_lock_lifts_after_the_cool_off(self):
        for _ in range(5):
            self.password_step(password="wrong-password-123")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = self.password_step()
        self.assertRedirects(response, reverse("two_factor"))

    def test_the_lock_does_not_lift_before_the_cool_off(self):
        for _ in range(5):
            self.password_step(password="wrong-password-123")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
        self.assertEqual(self.password_step().status_code, 429)

    def test_wrong_codes_count_towards_the_lock(self):
        self.password_step()
        bad = "000000" if self.fresh_code() != "000000" else "111111"
        for _ in range(4):
            self.code_step(bad)
        response = self.code_step(bad)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.password_step().status_code, 429)

    def test_a_success_resets_the_failure_count(self):
        for _ in range(4):
            self.password_step(password="wrong-password-123")
        self.password_step()
        self.code_step(self.fresh_code())
        self.client.post(reverse("logout"))
        for _ in range(4):
            self.password_step(password="wrong-password-123")
        self.assertRedirects(self.password_step(), reverse("two_factor"))

    @override_settings(AXES_FAILURE_LIMIT=2)
    def test_the_limit_is_configurable(self):
        self.password_step(password="wrong-password-123")
        self.password_step(password="wrong-password-123")
        self.assertEqual(self.password_step().status_code, 429)


class EnrolmentTest(LoginTestCase):
    def test_first_sign_in_asks_to_set_up_an_app_with_a_qr_code(self):
        self.client.post(reverse("login"), {"username": "tom", "password": PASSWORD})
        response = self.client.get(reverse("two_factor"))
        self.assertRedirects(response, reverse("two_factor_enrol"))
        response = self.client.get(reverse("two_factor_enrol"))
        self.assertContains(response, "<svg")
        device = TOTPDevice.objects.get(user=self.tom)
        self.assertFalse(device.confirmed)
        response = self.client.post(reverse("two_factor_enrol"), {"token": current_code(device)})
        self.assertRedirects(response, reverse("dashboard"))
        device.refresh_from_db()
        self.assertTrue(device.confirmed)

    def test_enrolment_needs_a_correct_code(self):
        self.client.post(reverse("login"), {"username": "tom", "password": PASSWORD})
        self.client.get(reverse("two_factor_enrol"))
        device = TOTPDevice.objects.get(user=self.tom)
        bad = "000000" if current_code(device) != "000000" else "111111"
        response = self.client.post(reverse("two_factor_enrol"), {"token": bad})
        self.assertContains(response, "Kód není platný")
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_a_user_with_a_device_cannot_enrol_another(self):
        self.password_step()
        response = self.client.get(reverse("two_factor_enrol"))
        self.assertRedirects(response, reverse("two_factor"))
        self.assertEqual(TOTPDevice.objects.filter(user=self.sam).count(), 1)

    def test_enrolment_needs_the_password_step(self):
        response = self.client.get(reverse("two_factor_enrol"))
        self.assertRedirects(response, reverse("login"))
        self.assertFalse(TOTPDevice.objects.filter(user=self.tom).exists())
