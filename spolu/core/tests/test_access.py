"""Every staff page needs both factors; the scope helper keeps offices apart."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from spolu.core.access import get_visible_or_404, office_q, scope_to_offices
from spolu.core.models import Office
from spolu.testing import PASSWORD, SpoluTestCase

# Pages anyone may open: signing in, switching language, the health check.
PUBLIC_URL_NAMES = {
    "login",
    "two_factor",
    "two_factor_enrol",
    "set_language",
    "healthz",
}
PUBLIC_PREFIXES = ("/portal/", "/static/", "/api/")


def staff_urls() -> list[str]:
    """Every URL without parameters in the project (admin's own pages included)."""
    urls: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "<" in route or "(?P" in route or p.name in PUBLIC_URL_NAMES:
                    continue
                route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
                urls.append("/" + route)

    walk(get_resolver().url_patterns)
    return [u for u in urls if not u.startswith(PUBLIC_PREFIXES)]


class TwoFactorRequiredTest(SpoluTestCase):
    def assertEndsOnLogin(self, url: str) -> None:
        response = self.client.get(url, follow=True)
        self.assertTrue(response.redirect_chain, url)
        self.assertEqual(response.request["PATH_INFO"], reverse("login"), url)

    def test_every_staff_page_sends_an_anonymous_visitor_to_login(self):
        urls = staff_urls()
        self.assertIn("/", urls)
        for url in urls:
            with self.subTest(url=url):
                self.assertEndsOnLogin(url)

    def test_every_staff_page_refuses_a_password_only_session(self):
        self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        for url in staff_urls():
            with self.subTest(url=url):
                self.assertEndsOnLogin(url)

    def test_a_session_logged_in_without_the_second_factor_is_ended(self):
        client = Client()
        client.force_login(self.alice)  # as a library's own login view would
        response = client.get(reverse("dashboard"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", client.session)

    def test_the_health_check_is_public(self):
        self.assertEqual(self.client.get(reverse("healthz")).content, b"ok")


class OfficeScopeTest(SpoluTestCase):
    def test_a_user_sees_only_records_of_their_offices(self):
        visible = Office.objects.visible_to(self.tereza)
        self.assertEqual(list(visible), [self.teplice])

    def test_a_user_of_office_a_cannot_fetch_office_b(self):
        from django.http import Http404

        with self.assertRaises(Http404):
            get_visible_or_404(Office.objects, self.tereza, pk=self.usti.pk)
        self.assertEqual(get_visible_or_404(Office.objects, self.sam, pk=self.usti.pk), self.usti)

    def test_an_id_beyond_64_bits_is_not_found(self):
        from django.http import Http404

        with self.assertRaises(Http404):
            get_visible_or_404(Office.objects, self.sam, pk=10**20)

    def test_coordinators_and_auditors_see_every_office(self):
        for user in (self.alice, self.audrey, self.adam):
            self.assertEqual(Office.objects.visible_to(user).count(), 2, user)

    def test_a_user_without_office_sees_nothing(self):
        self.nora.offices.clear()
        self.nora.refresh_from_db()
        self.assertFalse(scope_to_offices(Office.objects.all(), self.nora, field="pk").exists())

    def test_anonymous_and_inactive_users_see_nothing(self):
        self.assertFalse(Office.objects.filter(office_q(AnonymousUser(), "pk")).exists())
        self.alice.is_active = False
        self.assertFalse(Office.objects.visible_to(self.alice).exists())
