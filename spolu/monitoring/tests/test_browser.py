"""The regional dashboard and a timesheet in a real browser, on a desktop and on a phone."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core import demo as core_demo
from spolu.core.demo import DEMO_PASSWORD, DemoContext
from spolu.core.two_factor import current_code
from spolu.monitoring import demo as monitoring_demo
from spolu.timesheets import demo as timesheets_demo

pytestmark = [pytest.mark.browser]

# How far the page's content (on a desktop: not the shared navigation bar) sticks out sideways.
OVERFLOW = (
    "() => { const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth; }"
)
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def demo_world(reference_data):
    ctx = DemoContext(seed=2026, today=timezone.localdate(), rng=random.Random(2026))
    core_demo.seed(ctx)
    monitoring_demo.seed(ctx)
    timesheets_demo.seed(ctx)
    return ctx


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Pokračovat").click()
    page.wait_for_url("**/accounts/two-factor/")
    device = TOTPDevice.objects.get(user__username=username, name="demo")
    page.get_by_label("Kód z ověřovací aplikace").fill(current_code(device))
    page.get_by_role("button", name="Přihlášení").click()
    page.wait_for_url("**/")


def test_the_dashboard_reads_well_on_a_desktop_and_a_phone(page, screenshot, demo_world):
    sign_in(page, "coordinator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/monitoring/")
    assert page.get_by_role("heading", level=1).inner_text() == "Regionální monitoring"
    assert "61 437" in page.locator(".stat-value").first.inner_text().replace("\xa0", " ")
    charts = page.locator("img.chart")
    assert charts.count() == 5
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("alt")
    assert page.evaluate(OVERFLOW) <= 0
    screenshot(page, "monitoring-dashboard-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the page scrolls sideways on a phone"
    screenshot(page, "monitoring-dashboard-phone")


def test_a_timesheet_reads_well_on_a_phone(page, screenshot, demo_world):
    sign_in(page, "social_worker")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/timesheets/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Výkaz práce")
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    screenshot(page, "timesheet-phone")
    page.get_by_role("link", name="Zapsat jinou práci").first.click()
    page.get_by_label("Hodiny").fill("-2")
    page.get_by_role("button", name="Uložit").click()
    assert "nemůže být záporný" in page.content()
