"""In a real browser, on a desktop and on a phone: the coordinator reads the report, follows a
number to the persons behind it, and downloads the PDF."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from spolu.core import roles
from spolu.core.models import District, Office, User
from spolu.core.two_factor import current_code, demo_device
from spolu.reporting.testing import build_world

pytestmark = [pytest.mark.browser]
PASSWORD = "Reporting-test-2026!"
REPORT = "/reports/?date_from=2026-01-01&date_to=2026-06-30"


def _world() -> User:
    usti = Office.objects.create(
        code="usti",
        name="Ústí nad Labem",
        address="Velká Hradební 48",
        district=District.objects.get(code="CZ0427"),
    )
    teplice = Office.objects.create(
        code="teplice",
        name="Teplice",
        address="náměstí Svobody 2",
        district=District.objects.get(code="CZ0426"),
    )
    coordinator = User.objects.create_user("jana", password=PASSWORD, first_name="Jana")
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATOR))
    coordinator.offices.set([usti, teplice])
    build_world(usti, teplice, coordinator)
    return coordinator


def _sign_in(page, user: User) -> None:
    device = demo_device(user=user, seed="reporting")
    page.goto("/accounts/login/")
    page.get_by_label("Uživatelské jméno").fill(user.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.get_by_role("button", name="Pokračovat").click()
    page.wait_for_url("**/accounts/two-factor/")
    page.get_by_label("Kód z ověřovací aplikace").fill(current_code(device))
    page.get_by_role("button", name="Přihlášení").click()
    page.wait_for_url("**/")


def test_the_coordinator_follows_a_number_to_the_persons_behind_it(page, screenshot):
    _sign_in(page, _world())
    page.goto(REPORT)
    assert page.get_by_role("heading", level=1).inner_text() == "Monitorovací zpráva"
    screenshot(page, "report-desktop")
    page.get_by_role("link", name="A04 – Neoprávnění (vykázáni zvlášť): 3").click()
    page.wait_for_url("**/reports/records/clients/**")
    assert page.locator(".report-total-value").inner_text() == "3"
    names = page.locator("tbody tr td:first-child").all_inner_texts()
    assert sorted(names) == ["Ganbaatar Bat-Erdene", "Horváthová Anna", "Nguyen Thi Lan"]
    screenshot(page, "report-records-desktop")


def test_the_report_reads_on_a_phone_and_gives_the_pdf(page, screenshot):
    _sign_in(page, _world())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(REPORT)
    assert page.locator(".report-total-value").first.inner_text() == "8"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-phone")
    # Rendering the PDF with its charts takes a few seconds on a busy machine.
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="PDF").click(timeout=90_000)
    assert download.value.suggested_filename == "monitoring-report-2026-01-01-2026-06-30.pdf"
    with open(download.value.path(), "rb") as pdf:  # waits until the whole file has arrived
        assert pdf.read(5) == b"%PDF-"
