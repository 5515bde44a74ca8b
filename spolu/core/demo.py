"""Demo data: the Ústecký kraj centre with its offices and one staff member per role.

`manage.py seed_demo` calls `seed(ctx)` of every installed Spolu app that has a `demo` module,
in INSTALLED_APPS order, with one shared context. All randomness comes from `ctx.rng`, so the
same seed and the same `today` always give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import Group

from spolu.core import roles
from spolu.core.models import District, Office, User
from spolu.core.two_factor import demo_device

DEMO_PASSWORD = "Spolu-demo-2026!"


@dataclass
class DemoContext:
    seed: int
    today: date
    rng: random.Random
    offices: dict[str, Office] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)  # apps hand records to later apps here


OFFICES = [
    (
        "usti",
        "Ústí nad Labem – hlavní kancelář",
        "Velká Hradební 48, 400 01 Ústí nad Labem",
        "CZ0427",
    ),
    ("teplice", "Teplice – pobočka", "náměstí Svobody 2, 415 01 Teplice", "CZ0426"),
    ("chomutov", "Chomutov – pobočka", "Žižkovo náměstí 1, 430 01 Chomutov", "CZ0422"),
    ("decin", "Děčín – kontaktní místo", "Masarykovo náměstí 3, 405 02 Děčín", "CZ0421"),
]

# username, first name, last name, role, offices
STAFF = [
    (
        "coordinator",
        "Jana",
        "Nováková",
        roles.COORDINATOR,
        ["usti", "teplice", "chomutov", "decin"],
    ),
    ("receptionist", "Petra", "Svobodová", roles.RECEPTIONIST, ["usti"]),
    ("social_worker", "Lucie", "Dvořáková", roles.SOCIAL_WORKER, ["usti"]),
    ("lawyer", "Martin", "Černý", roles.LAWYER, ["usti", "teplice", "chomutov", "decin"]),
    ("teacher", "Eva", "Procházková", roles.TEACHER, ["usti"]),
    ("field_worker", "Olena", "Kovalenko", roles.FIELD_WORKER, ["usti", "decin"]),
    ("auditor", "Pavel", "Veselý", roles.AUDITOR, []),
    ("admin", "Tomáš", "Král", roles.ADMINISTRATOR, ["usti"]),
    ("social_worker_teplice", "Hana", "Marešová", roles.SOCIAL_WORKER, ["teplice"]),
    ("receptionist_teplice", "Nguyen Thi", "Lan", roles.RECEPTIONIST, ["teplice"]),
    ("teacher_chomutov", "Jiří", "Horák", roles.TEACHER, ["chomutov"]),
    ("social_worker_chomutov", "Bayarmaa", "Ganbold", roles.SOCIAL_WORKER, ["chomutov"]),
]

# The users `make run` prints, one per role.
PRINTED_LOGINS = [
    "coordinator",
    "receptionist",
    "social_worker",
    "lawyer",
    "teacher",
    "field_worker",
    "auditor",
    "admin",
]


def seed(ctx: DemoContext) -> None:
    districts = {d.code: d for d in District.objects.all()}
    for code, name, address, district in OFFICES:
        ctx.offices[code] = Office.objects.create(
            code=code,
            name=name,
            address=address,
            district=districts[district],
            email=f"{code}@cpic-usti.example",
            phone=f"+420 47{ctx.rng.randint(1000000, 9999999)}",
        )
    groups = {g.name: g for g in Group.objects.all()}
    for username, first, last, role, offices in STAFF:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@cpic-usti.example",
            is_staff=role in roles.ADMIN_SITE_ROLES,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(groups[role])
        user.offices.set([ctx.offices[o] for o in offices])
        demo_device(user=user, seed=str(ctx.seed))
        ctx.users[username] = user
