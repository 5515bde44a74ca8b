"""The audit log: who changed or viewed which record, when and from where.

Changes are recorded by django-auditlog for every registered model (each app registers its
domain models in its AppConfig.ready). Views of sensitive records and events that are not a
plain change (a 2FA reset, a merge) are written here. The log is append-only: no URL edits it,
the admin shows it read-only, and a database trigger refuses updates (and on PostgreSQL deletes).
The one exception is `redact`, which anonymisation uses to remove the personal values that
entries copied (GDPR): inside `redacting()` the trigger lets values change, never who, when, what
action, which record or from where.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Action = LogEntry.Action

# How the log browser names each action: django-auditlog's own labels ("create", "access") have no
# Czech translation and read as commands rather than as what happened.
ACTION_LABELS = {
    Action.CREATE: _("Created"),
    Action.UPDATE: _("Changed"),
    Action.DELETE: _("Deleted"),
    Action.ACCESS: _("Viewed"),
}
M2M_OPERATIONS = {"add": _("added"), "delete": _("removed")}


def _translated(text: Any) -> str:
    """A verbose name in the active language; third-party models give plain strings, which core's
    catalogue translates (see spolu/core/third_party.py)."""
    return str(text) if isinstance(text, Promise) else gettext(str(text))


def model_label(model: type[models.Model] | None) -> str:
    """The translated, capitalised verbose name of an audited model ("Dvoufázové zařízení TOTP")."""
    if model is None:
        return gettext("Removed record type")
    return str(capfirst(_translated(model._meta.verbose_name)))


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The translated verbose name of a model's field, or the raw name if the field is gone."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    verbose = getattr(field, "verbose_name", None)
    return str(capfirst(_translated(verbose))) if verbose else name


# What a redacted value reads in the audit log (stored, so not translated).
REDACTED = "[anonymised]"


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


@contextmanager
def redacting() -> Iterator[None]:
    """Open the audit log to `redact` for one transaction (see migration core 0004)."""
    with transaction.atomic(), connection.cursor() as cursor:
        opened = [timezone.now()]
        cursor.execute("INSERT INTO spolu_audit_redaction (opened_at) VALUES (%s)", opened)
        yield
        # On an error the rollback removes the row; no other transaction ever sees it.
        cursor.execute("DELETE FROM spolu_audit_redaction")


def _redacted_changes(changes: Any, fields: Collection[str] | None) -> Any:
    if not isinstance(changes, dict):
        return changes
    redacted: dict[str, Any] = {}
    for name, value in changes.items():
        if fields is not None and name not in fields:
            redacted[name] = value
        elif isinstance(value, list):
            redacted[name] = [None if item in (None, "", "None") else REDACTED for item in value]
        else:
            redacted[name] = REDACTED
    return redacted


def redact(
    model: type[models.Model], pks: Iterable[Any], fields: Collection[str] | None = None
) -> int:
    """Replace the values of `fields` (None: of every field) in the audit entries of these rows.

    The entries keep who, when, what action and which field changed; the record is shown by its
    number, since its description may hold a name. Must run inside `redacting()`.
    """
    content_type = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    ).only("pk", "object_pk", "changes")
    count = 0
    for entry in entries.iterator():
        LogEntry.objects.filter(pk=entry.pk).update(
            changes=_redacted_changes(entry.changes, fields),
            changes_text="",
            serialized_data=None,
            object_repr=f"#{entry.object_pk}",
        )
        count += 1
    return count


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
