from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from spolu.testing import SpoluTestCase

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOLU_", "DJANGO_"))}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="spolu.example.org",
        DJANGO_SETTINGS_MODULE="spolu.settings",
        **extra,
    )
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class HeadersTest(SpoluTestCase):
    def test_pages_carry_a_content_security_policy(self):
        response = self.client.get(reverse("login"))
        csp = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)

    def test_pages_cannot_be_framed_or_sniffed(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")

    def test_pages_with_personal_data_are_not_stored(self):
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_the_login_page_is_not_cached(self):
        response = self.client.get(reverse("login"))
        self.assertIn("no-store", response["Cache-Control"])

    def test_passwords_are_hashed_with_argon2(self):
        self.assertTrue(self.sam.password.startswith("argon2"))
        self.assertEqual(
            settings.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher"
        )

    def test_the_session_is_an_idle_timeout(self):
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 60 * 60)


class ProductionSettingsTest(SpoluTestCase):
    def test_the_deploy_check_passes_with_production_settings(self):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_production_turns_on_https_only_cookies_and_hsts(self):
        code = (
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
            " s.SECURE_SSL_REDIRECT, s.DEBUG)"
        )
        result = run_manage("shell", "--no-imports", "-c", code, env=production_env())
        self.assertEqual(result.stdout.strip(), "True True True True False", result.stderr)

    def test_production_refuses_to_start_without_a_secret_key(self):
        env = production_env()
        del env["SECRET_KEY"]
        result = run_manage("check", env=env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_the_development_only_commands_refuse_in_production(self):
        result = run_manage("totp_code", "coordinator", env=production_env())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SPOLU_DEBUG=1", result.stderr)
        self.assertIn("kódy", result.stderr)  # in Czech, like every other command
