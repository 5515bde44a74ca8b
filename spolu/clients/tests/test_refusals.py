"""Every page of a client, a service or a legal case refuses what it must.

The walk covers every URL of clients, counselling and legal: a URL added later without an entry
in `url_kwargs` fails the test, so its refusals are tested from the first day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.urls import URLPattern, reverse
from django.utils import timezone

from spolu.clients import services as client_services
from spolu.clients.models import Consent
from spolu.clients.urls import urlpatterns as client_urls
from spolu.core.models import Activity
from spolu.counselling import services as counselling_services
from spolu.counselling.models import Appointment
from spolu.counselling.urls import urlpatterns as counselling_urls
from spolu.legal import services as legal_services
from spolu.legal.testing import make_case
from spolu.legal.urls import urlpatterns as legal_urls
from spolu.testing import OtherOfficeTestCase, make_client

APPS = {"clients": client_urls, "counselling": counselling_urls, "legal": legal_urls}


def routes() -> list[tuple[str, URLPattern]]:
    return [
        (f"{app}:{pattern.name}", pattern)
        for app, patterns in APPS.items()
        for pattern in patterns
        if isinstance(pattern, URLPattern)
    ]


class RefusalsTest(OtherOfficeTestCase):
    """Records of Ústí: Teplice staff of any role get 404, a user without the permission 403."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # No role may remove a household link yet; grant it so the office check is tested.
        cls.tereza.user_permissions.add(
            Permission.objects.get(
                codename="delete_clientrelation", content_type__app_label="clients"
            )
        )
        person = make_client(cls.usti)
        relative = make_client(cls.usti, first_name_latin="Iryna", sex="F")
        duplicate = make_client(cls.usti, first_name_latin="Oleksandr", phone="+420 777 000 111")
        relation = client_services.relation_add(client=person, relative=relative, kind="spouse")
        consent = client_services.consent_record(
            actor=cls.sam, client=person, purpose="photos", given_on=date(2025, 1, 6)
        )
        service = counselling_services.service_create(
            actor=cls.sam,
            client=person,
            office=cls.usti,
            activity=Activity.objects.get(code="A04"),
            date=date(2025, 3, 3),
            minutes=30,
            channel="in_person",
            follow_up="Zavolat",
        )
        anonymous = counselling_services.service_create(
            actor=cls.rita,
            office=cls.usti,
            activity=Activity.objects.get(code="A03"),
            date=date(2025, 3, 3),
            minutes=10,
            channel="in_person",
            anonymous_count=2,
        )
        appointment = Appointment.objects.create(
            office=cls.usti,
            client=person,
            staff=cls.sam,
            starts_at=timezone.now() + timedelta(days=1),
        )
        case = make_case(person, cls.lara)
        deadline = legal_services.deadline_add(
            case=case, due_date=date(2030, 1, 1), description="Odvolání"
        )
        cls.records: dict[str, Any] = {
            "client": person.pk,
            "status": person.residence_statuses.get().pk,
            "consent": consent.pk,
            "relation": relation.pk,
            "duplicate": duplicate.pk,
            "service": service.pk,
            "anonymous": anonymous.pk,
            "appointment": appointment.pk,
            "case": case.pk,
            "deadline": deadline.pk,
        }
        assert Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).exists()

    def url_kwargs(self, name: str) -> dict[str, int] | None:
        """The Ústí record each URL opens (None: the URL opens no particular record)."""
        r = self.records
        client = {"pk": r["client"]}
        kwargs: dict[str, dict[str, int] | None] = {
            "clients:list": None,
            "clients:create": None,
            "clients:duplicates": None,
            "clients:picker": None,
            "clients:detail": client,
            "clients:edit": client,
            "clients:residence_add": client,
            "clients:residence_edit": {**client, "status_pk": r["status"]},
            "clients:consent_add": client,
            "clients:consent_withdraw": {**client, "consent_pk": r["consent"]},
            "clients:consent_evidence": {**client, "consent_pk": r["consent"]},
            "clients:relation_add": client,
            "clients:relation_remove": {**client, "relation_pk": r["relation"]},
            "clients:guardian_set": client,
            "clients:merge": client,
            "clients:merge_confirm": {**client, "other": r["duplicate"]},
            "clients:anonymise": client,
            "clients:subject_export": client,
            "counselling:list": None,
            "counselling:service_create_for_client": client,
            "counselling:eligibility": client,
            "counselling:service_create_for_organisation": None,
            "counselling:anonymous_create": None,
            "counselling:service_edit": {"pk": r["service"]},
            "counselling:follow_up_done": {"pk": r["service"]},
            "counselling:anonymous_upgrade": {"pk": r["anonymous"]},
            "counselling:appointments": None,
            "counselling:appointment_create": None,
            "counselling:appointment_status": {"pk": r["appointment"]},
            "legal:list": None,
            "legal:new": None,
            "legal:detail": {"pk": r["case"]},
            "legal:edit": {"pk": r["case"]},
            "legal:deadline_add": {"pk": r["case"]},
            "legal:note_add": {"pk": r["case"]},
            "legal:services_link": {"pk": r["case"]},
            "legal:deadline_toggle": {"pk": r["deadline"]},
        }
        self.assertIn(name, kwargs, f"{name}: add the record it opens to url_kwargs")
        return kwargs[name]

    def status(self, name: str, kwargs: dict[str, int] | None) -> int:
        url = reverse(name, kwargs=kwargs)
        response = self.client.get(url)
        if response.status_code == 405:
            response = self.client.post(url)
        return response.status_code

    def test_another_offices_record_is_not_found_for_every_role(self):
        for name, _pattern in routes():
            kwargs = self.url_kwargs(name)
            if kwargs is None:
                continue
            answers = {}
            for user in self.teplice_staff:
                self.login(user)
                answers[user.username] = self.status(name, kwargs)
            with self.subTest(url=name, answers=answers):
                # Without the permission a role is refused outright; with it, the record of
                # another office does not exist for them.
                self.assertTrue(set(answers.values()) <= {403, 404})
                if name not in CENTRAL_ONLY:
                    self.assertIn(404, answers.values())

    def test_a_role_without_the_permission_is_refused_everywhere(self):
        for user in (self.nora, self.tom):
            self.login(user)
            for name, _pattern in routes():
                with self.subTest(url=name, user=user.username):
                    self.assertEqual(self.status(name, self.url_kwargs(name)), 403)


# Only roles that see every office may use these; no Teplice role has the permission.
CENTRAL_ONLY = {"clients:anonymise", "clients:subject_export"}
