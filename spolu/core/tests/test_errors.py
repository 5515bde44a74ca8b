from django.test import Client, override_settings
from django.urls import reverse

from spolu.testing import SpoluTestCase


class ErrorPagesTest(SpoluTestCase):
    def test_a_missing_page_is_a_translated_404(self):
        self.login(self.sam)
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Stránka nenalezena", status_code=404)

    def test_a_missing_page_in_english(self):
        self.login(self.sam)
        self.client.cookies["django_language"] = "en"
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "Page not found", status_code=404)

    def test_a_tampered_csrf_token_is_a_clear_403(self):
        client = Client(enforce_csrf_checks=True)
        client.get(reverse("login"))
        response = client.post(
            reverse("login"),
            {"username": "sam", "password": "x", "csrfmiddlewaretoken": "tampered" * 8},
        )
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Formulář vypršel", status_code=403)

    def test_a_forbidden_page_is_a_translated_403(self):
        self.login(self.sam)
        response = self.client.get(reverse("audit_list"))
        self.assertContains(response, "Nemáte přístup", status_code=403)

    def test_a_server_error_is_a_friendly_page(self):
        from spolu.core.views import server_error

        response = server_error(None)  # type: ignore[arg-type]
        self.assertEqual(response.status_code, 500)
        self.assertIn("Něco se pokazilo".encode(), response.content)
        self.assertIn(b"Something went wrong", response.content)

    def test_an_expired_session_asks_to_sign_in_again(self):
        self.login(self.sam)
        session = self.client.session
        session.set_expiry(-1)
        session.save()
        response = self.client.get(reverse("dashboard"), follow=True)
        self.assertContains(response, "Vaše relace skončila")

    @override_settings(DEBUG=False)
    def test_logout_needs_post(self):
        self.login(self.sam)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"))
        self.assertNotIn("_auth_user_id", self.client.session)
