"""Shared test fixtures: two offices and a named staff member for every role.

Alice coordinates the whole centre. Rita (reception), Sam (social work), Lara (lawyer), Tom
(teacher) and Filip (field work) work in Ústí nad Labem. Tereza is a social worker in Teplice:
she must never see Ústí's clients. Audrey audits, Adam administers, and Nora has an account
with no role at all.

`OtherOfficeTestCase` adds Teplice colleagues of other roles (Romana at reception, Lenka the
lawyer, Ferda in the field), for tests that every role is kept out of another office's records.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core import roles
from spolu.core.models import District, Office, User

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: str | None, offices: list[Office], **extra: Any) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.capitalize(), **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.offices.set(offices)
    return user


def verified_login(client: Client, user: User) -> None:
    """Log `user` in as if they had passed both factors."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_client(office: Office, **fields: Any) -> Any:
    """A client with plausible defaults (Ukrainian, temporary protection since 2022)."""
    from datetime import date

    from spolu.clients import services
    from spolu.core.models import Country, ResidenceCategory

    residence = fields.pop("residence", "temporary_protection")
    defaults: dict[str, Any] = {
        "first_name": "Олександр",
        "last_name": "Шевченко",
        "first_name_latin": "Oleksandr",
        "last_name_latin": "Shevchenko",
        "sex": "M",
        "birth_date": date(1985, 3, 14),
        "citizenship": Country.objects.get(code=fields.pop("citizenship", "UA")),
        "first_contact_date": date(2024, 1, 10),
    }
    defaults.update(fields)
    client = services.client_create(actor=None, office=office, **defaults)
    if residence:
        services.residence_status_add(
            client=client,
            category=ResidenceCategory.objects.get(code=residence),
            valid_from=date(2022, 3, 1),
        )
    return client


class SpoluTestCase(TestCase):
    usti: Office
    teplice: Office
    alice: User
    rita: User
    sam: User
    tereza: User
    lara: User
    tom: User
    filip: User
    audrey: User
    adam: User
    nora: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.usti = Office.objects.create(
            code="usti",
            name="Ústí nad Labem",
            address="Velká Hradební 48",
            district=District.objects.get(code="CZ0427"),
        )
        cls.teplice = Office.objects.create(
            code="teplice",
            name="Teplice",
            address="náměstí Svobody 2",
            district=District.objects.get(code="CZ0426"),
        )
        both = [cls.usti, cls.teplice]
        cls.alice = make_user("alice", roles.COORDINATOR, both)
        cls.rita = make_user("rita", roles.RECEPTIONIST, [cls.usti])
        cls.sam = make_user("sam", roles.SOCIAL_WORKER, [cls.usti])
        cls.tereza = make_user("tereza", roles.SOCIAL_WORKER, [cls.teplice])
        cls.lara = make_user("lara", roles.LAWYER, [cls.usti])
        cls.tom = make_user("tom", roles.TEACHER, [cls.usti])
        cls.filip = make_user("filip", roles.FIELD_WORKER, [cls.usti])
        cls.audrey = make_user("audrey", roles.AUDITOR, [])
        cls.adam = make_user("adam", roles.ADMINISTRATOR, [cls.usti], is_staff=True)
        cls.nora = make_user("nora", None, [cls.usti])

    def login(self, user: User) -> None:
        verified_login(self.client, user)


class OtherOfficeTestCase(SpoluTestCase):
    romana: User
    lenka: User
    ferda: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.romana = make_user("romana", roles.RECEPTIONIST, [cls.teplice])
        cls.lenka = make_user("lenka", roles.LAWYER, [cls.teplice])
        cls.ferda = make_user("ferda", roles.FIELD_WORKER, [cls.teplice])

    @property
    def teplice_staff(self) -> list[User]:
        """Every office-bound role in Teplice (Tereza is its social worker)."""
        return [self.romana, self.tereza, self.lenka, self.ferda]
