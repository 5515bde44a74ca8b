"""Translation files are complete and compiled; the language switch works."""

from __future__ import annotations

from pathlib import Path

import polib
from django.test import SimpleTestCase
from django.urls import reverse

from spolu.testing import SpoluTestCase

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def catalogue(entries) -> dict[tuple[str, str], object]:
    result: dict[tuple[str, str], object] = {}
    for e in entries:
        if e.obsolete or not e.msgid:
            continue
        value = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        result[(e.msgctxt or "", e.msgid)] = value
    return result


class TranslationFilesTest(SimpleTestCase):
    def test_there_are_czech_catalogues(self):
        self.assertIn(ROOT / "core/locale/cs/LC_MESSAGES/django.po", PO_FILES)

    def test_every_string_is_translated(self):
        for path in PO_FILES:
            po = polib.pofile(str(path))
            with self.subTest(path=str(path.relative_to(ROOT))):
                self.assertEqual([e.msgid for e in po.untranslated_entries()], [])
                self.assertEqual([e.msgid for e in po.fuzzy_entries()], [])

    def test_compiled_catalogues_match_their_sources(self):
        for path in PO_FILES:
            mo = path.with_suffix(".mo")
            with self.subTest(path=str(path.relative_to(ROOT))):
                self.assertTrue(mo.exists(), f"{mo} is missing: run make messages")
                self.assertEqual(
                    catalogue(polib.mofile(str(mo))),
                    catalogue(polib.pofile(str(path))),
                    f"{mo} is stale: run make messages",
                )

    def test_placeholders_survive_translation(self):
        import re

        pattern = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
        for path in PO_FILES:
            for e in polib.pofile(str(path)).translated_entries():
                wanted = set(pattern.findall(e.msgid + " " + (e.msgid_plural or "")))
                texts = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
                for text in texts:
                    self.assertEqual(set(pattern.findall(text)), wanted, (path.name, e.msgid))


class LanguageSwitchTest(SpoluTestCase):
    def test_a_user_switches_the_interface_to_english_and_back(self):
        self.login(self.sam)
        self.assertContains(self.client.get(reverse("dashboard")), "Přehled")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(self.client.get(reverse("dashboard")), "Dashboard")
        self.client.post(reverse("set_language"), {"language": "cs", "next": "/"})
        self.assertContains(self.client.get(reverse("dashboard")), "Přehled")

    def test_the_login_page_can_switch_language_before_signing_in(self):
        response = self.client.post(
            reverse("set_language"), {"language": "en", "next": "/accounts/login/"}
        )
        self.assertRedirects(response, "/accounts/login/")
        self.assertContains(self.client.get(reverse("login")), "Sign in")

    def test_dates_are_in_czech_format(self):
        from datetime import date

        from django.utils import formats, translation

        with translation.override("cs"):
            self.assertEqual(formats.date_format(date(2026, 11, 23)), "23. 11. 2026")


class CommandsInCzechTest(SpoluTestCase):
    def test_the_developer_commands_speak_czech(self):
        from io import StringIO

        from django.core.management import CommandError, call_command
        from django.test import override_settings
        from django.utils import translation

        out = StringIO()
        with override_settings(DEBUG=True), translation.override("cs"):
            call_command("demo_logins", stdout=out)
            with self.assertRaisesMessage(CommandError, "nemá demo zařízení"):
                call_command("totp_code", "sam")
            call_command("seed_demo", if_empty=True, stdout=out)  # the offices exist already
        self.assertIn("V této databázi nejsou žádní demo uživatelé.", out.getvalue())
        self.assertIn("Databáze už obsahuje data", out.getvalue())
