"""Roles of DESIGN.md §1 as Django groups.

The group name is the role code. Each app states what its roles may do in its AppConfig as
`role_permissions = {"role_code": ["app_label.codename", ...]}`; `roles_sync` gathers them from
every installed app and makes the groups match exactly (it runs after every `migrate`).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

RECEPTIONIST = "receptionist"
SOCIAL_WORKER = "social_worker"
LAWYER = "lawyer"
TEACHER = "teacher"
FIELD_WORKER = "field_worker"
COORDINATOR = "coordinator"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    RECEPTIONIST: _("Receptionist / information centre"),
    SOCIAL_WORKER: _("Social worker"),
    LAWYER: _("Lawyer"),
    TEACHER: _("Teacher / lecturer"),
    FIELD_WORKER: _("Field worker"),
    COORDINATOR: _("Coordinator / project manager"),
    AUDITOR: _("Auditor"),
    ADMINISTRATOR: _("Administrator"),
}
ROLES = list(ROLE_LABELS)

# Roles that need staff status to open the Django admin (code lists, users).
ADMIN_SITE_ROLES = {ADMINISTRATOR}


def role_permissions() -> dict[str, set[str]]:
    """Every role's permissions, as "app_label.codename", gathered from the installed apps."""
    merged: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            if role not in merged:
                raise ValueError(f"{config.label} gives permissions to unknown role {role!r}")
            merged[role].update(perms)
    return merged


def _permission_objects(names: set[str]) -> tuple[list[Permission], list[str]]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = list(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={code for _, code in wanted},
        ).select_related("content_type")
    )
    found = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    found_names = {f"{p.content_type.app_label}.{p.codename}" for p in found}
    return found, sorted(names - found_names)


@transaction.atomic
def roles_sync() -> list[str]:
    """Create one group per role with exactly its permissions; returns permissions not found."""
    missing_all: list[str] = []
    for role, names in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions, missing = _permission_objects(names)
        group.permissions.set(permissions)
        missing_all.extend(missing)
    if missing_all:
        logger.warning("Role permissions that do not exist: %s", ", ".join(missing_all))
    return missing_all
