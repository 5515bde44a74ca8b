"""In a real browser: a receptionist registers clients by typing a few letters (htmx), and a
field worker records a visit on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import timezone

from spolu.core import roles
from spolu.core.models import District, Office
from spolu.counselling.models import FieldVisit
from spolu.events.models import EventParticipant
from spolu.events.testing import make_event
from spolu.testing import make_client, make_user, verified_login

pytestmark = [pytest.mark.browser]


def sign_in(page, live_server, user):
    http = HttpClient()
    verified_login(http, user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": http.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def usti() -> Office:
    return Office.objects.create(
        code="usti",
        name="Ústí nad Labem",
        address="Velká Hradební 48",
        district=District.objects.get(code="CZ0427"),
    )


def test_a_receptionist_registers_two_clients_by_typing(page, live_server, screenshot):
    office = usti()
    rita = make_user("rita", roles.RECEPTIONIST, [office], last_name="Svobodová")
    event = make_event(
        office,
        title="Etnický večer Ukrajina",
        activity="A15",
        capacity=20,
        starts_at=timezone.now() + timedelta(days=3),
    )
    olena = make_client(
        office,
        first_name="Олена",
        last_name="Коваленко",
        first_name_latin="Olena",
        last_name_latin="Kovalenko",
        sex="F",
    )
    ivan = make_client(
        office,
        first_name="Іван",
        last_name="Коваленко",
        first_name_latin="Ivan",
        last_name_latin="Kovalenko",
    )
    sign_in(page, live_server, rita)
    page.goto(f"/events/{event.pk}/")
    page.get_by_label("Přihlásit klienta").fill("kovalen")
    results = page.locator("#participant-results li")
    results.first.wait_for()
    assert results.count() == 2
    page.get_by_role("button", name="Přihlásit: Коваленко Олена / Kovalenko Olena").click()
    page.locator("#roster >> text=Kovalenko Olena").wait_for()
    # The results stay for the next family member, showing who is registered already.
    page.locator("#participant-results .badge").wait_for()
    page.get_by_role("button", name="Přihlásit: Коваленко Іван / Kovalenko Ivan").click()
    page.locator("#roster >> text=Kovalenko Ivan").wait_for()
    screenshot(page, "events-register-clients")
    registered = set(
        EventParticipant.objects.filter(event=event).values_list("client_id", flat=True)
    )
    assert registered == {olena.pk, ivan.pk}


def test_a_field_worker_records_a_visit_on_a_phone(page, live_server, screenshot):
    office = usti()
    filip = make_user("filip", roles.FIELD_WORKER, [office], last_name="Terénní")
    sign_in(page, live_server, filip)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("button", name="Zobrazit nabídku").click()
    page.get_by_role("button", name="Služby").click()
    page.get_by_role("link", name="Terénní práce").click()
    page.get_by_role("link", name="Zapsat výjezd").click()
    page.get_by_label("Místo").fill("Ubytovna Předlice")
    page.get_by_label("Hodiny").fill("2,5")
    page.get_by_label("Účel").fill("Informace o dočasné ochraně")
    screenshot(page, "events-field-visit-phone-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Uložit a přidat kontakty").click()
    page.wait_for_selector(".alert-success")
    visit = FieldVisit.objects.get()
    assert (visit.place, visit.minutes, visit.office_id) == ("Ubytovna Předlice", 150, office.pk)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "events-field-visit-phone")
