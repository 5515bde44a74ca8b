"""The demo coordinator signs in with password and TOTP in a real browser."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.demo import DEMO_PASSWORD
from spolu.core.two_factor import current_code

pytestmark = [pytest.mark.browser]


def sign_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Pokračovat").click()
    page.wait_for_url("**/accounts/two-factor/")
    device = TOTPDevice.objects.get(user__username=username, name="demo")
    page.get_by_label("Kód z ověřovací aplikace").fill(current_code(device))
    page.get_by_role("button", name="Přihlášení").click()


def test_the_demo_coordinator_signs_in_with_two_factor(page, screenshot):
    call_command("seed_demo", seed=2026, verbosity=0)
    page.goto("/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login")
    sign_in(page, "coordinator")
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dobrý den, Jana"
    screenshot(page, "dashboard-coordinator")


def test_the_interface_switches_to_english_on_a_phone(page, screenshot):
    call_command("seed_demo", seed=2026, verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.get_by_role("button", name="EN").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    screenshot(page, "login-phone-en")
