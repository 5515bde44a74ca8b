"""The audit log: who changed or viewed which record, when and from where.

Changes are recorded by django-auditlog for every registered model (each app registers its
domain models in its AppConfig.ready). Views of sensitive records and events that are not a
plain change (a 2FA reset, a merge) are written here. The log is append-only: no URL edits it,
the admin shows it read-only, and a database trigger refuses updates (and on PostgreSQL deletes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.db import models

Action = LogEntry.Action


def register(model: type[models.Model], **options: Any) -> None:
    """Track creates, updates and deletes of `model` (idempotent, so apps may call it freely)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)


@contextmanager
def acting_as(actor: Any, remote_addr: str | None = None) -> Iterator[None]:
    """Attribute the audit entries written inside to `actor` (None: to nobody), nestably.

    django-auditlog's `set_actor` disconnects whichever context is current when it ends, so a
    nested use would leave the outer one's signal receiver connected for ever. This keeps the
    outer context (and its address, unless given) and puts it back afterwards.
    """
    try:
        previous: dict[str, Any] | None = auditlog_value.get()
    except LookupError:
        previous = None
    if remote_addr is None and previous is not None:
        remote_addr = previous.get("remote_addr")
    token = auditlog_value.set(previous or {})
    try:
        with set_actor(actor, remote_addr=remote_addr):
            yield
    finally:
        auditlog_value.reset(token)


def log_view(instance: models.Model) -> None:
    """Record that the current user opened `instance` (actor and IP come from the request)."""
    accessed.send(sender=instance.__class__, instance=instance)


def log_event(instance: models.Model, message: str, **data: Any) -> LogEntry:
    """Record an event about `instance` that is not a plain field change (e.g. a merge)."""
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=Action.UPDATE,
        changes={"event": [None, message]},
        additional_data={"event": message, **data},
    )


def register_core_models() -> None:
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from spolu.core import models as core

    for model in (core.District, core.Office, core.Country, core.Language):
        register(model)
    register(core.ResidenceCategory)
    register(core.Activity)
    # Password hashes and 2FA secrets are never copied into the audit log.
    register(core.User, exclude_fields=["password", "last_login"], m2m_fields={"offices", "groups"})
    register(Group, m2m_fields={"permissions"})
    register(TOTPDevice, include_fields=["user", "name", "confirmed"])
