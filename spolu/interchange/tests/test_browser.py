"""A coordinator imports a spreadsheet in a real browser: errors first, then a valid file."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from spolu.clients.models import Client
from spolu.core.models import District, Office, User
from spolu.core.two_factor import current_code, demo_device
from spolu.interchange.testing import CLIENT_HEADER, client_row, csv_bytes

pytestmark = [pytest.mark.browser]
PASSWORD = "a-long-browser-password-2026"


def sign_in_as_coordinator(page) -> User:
    office = Office.objects.create(
        code="usti",
        name="Ústí nad Labem",
        address="Velká Hradební 48",
        district=District.objects.get(code="CZ0427"),
    )
    user = User.objects.create_user(username="jana", password=PASSWORD, first_name="Jana")
    user.groups.add(Group.objects.get(name="coordinator"))
    user.offices.set([office])
    device = demo_device(user=user, seed="browser")
    page.goto("/")
    page.get_by_label("Uživatelské jméno").fill("jana")
    page.get_by_label("Heslo").fill(PASSWORD)
    page.get_by_role("button", name="Pokračovat").click()
    page.wait_for_url("**/accounts/two-factor/")
    page.get_by_label("Kód z ověřovací aplikace").fill(current_code(device))
    page.get_by_role("button", name="Přihlášení").click()
    page.wait_for_url("**/")
    return user


def test_a_coordinator_fixes_a_file_and_imports_it(page, screenshot, tmp_path):
    sign_in_as_coordinator(page)
    page.get_by_role("link", name="Import a export").click()
    screenshot(page, "interchange-index")
    bad = tmp_path / "klienti.csv"
    bad.write_bytes(
        csv_bytes(
            [
                CLIENT_HEADER,
                client_row(),
                client_row(external_id="C-2", sex="žena", citizenship="QQ"),
                client_row(external_id="C-3", birth_date="17. 5. 1990"),
            ]
        )
    )
    page.get_by_label("Co soubor obsahuje").select_option("clients")
    page.get_by_label("Soubor", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Zkontrolovat soubor").click()
    page.wait_for_url("**/data/import/preview/")
    assert page.get_by_text("Soubor má 3 chyby").is_visible()
    assert page.get_by_text("řádek 3", exact=True).first.is_visible()
    screenshot(page, "interchange-preview-errors")
    assert page.get_by_role("button", name="Importovat").count() == 0

    page.get_by_role("link", name="Nahrát opravený soubor").click()
    good = tmp_path / "klienti-opraveno.csv"
    good.write_bytes(
        csv_bytes(
            [
                CLIENT_HEADER,
                client_row(),
                client_row(
                    external_id="C-2",
                    first_name="Thị Hương",
                    last_name="Nguyễn",
                    first_name_latin="Thi Huong",
                    last_name_latin="Nguyen",
                    citizenship="VN",
                    languages="vi",
                ),
            ],
            bom=True,
        )
    )
    page.get_by_label("Co soubor obsahuje").select_option("clients")
    page.get_by_label("Soubor", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Zkontrolovat soubor").click()
    page.wait_for_url("**/data/import/preview/")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "interchange-preview-valid-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Importovat 2 řádky").click()
    page.wait_for_url("**/data/")
    assert page.get_by_text("vytvořeno 2").first.is_visible()
    screenshot(page, "interchange-imported")
    assert Client.objects.count() == 2
