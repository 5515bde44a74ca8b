"""Test fixtures of the network app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission

from spolu.core.models import Office, User
from spolu.network import services
from spolu.network.models import Organisation
from spolu.testing import make_user


def office_bound_user(username: str, office: Office, *perms: str) -> User:
    """A user of one office holding `perms` directly. No role today sees some records of only
    its own offices (coordinators and auditors see all); a centre may hand such a permission to
    a supervisor of one office, and the office scope must still hold for them."""
    user = make_user(username, None, [office])
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


def make_org(name: str = "ZŠ Vojnovičova", kind: str = "school", **fields: Any) -> Organisation:
    return services.organisation_create(actor=None, name=name, kind=kind, **fields)
