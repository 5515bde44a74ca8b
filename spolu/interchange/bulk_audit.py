"""Audit entries for bulk writes.

`bulk_create` and `bulk_update` send no signals, so django-auditlog records nothing for them.
Importers call these helpers right after a bulk write: one audit entry per record, written with
one bulk insert, with the same content as auditlog's own entries (changed fields, actor, IP).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from auditlog.context import auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import smart_str

_fields_cache: dict[type[models.Model], list[models.Field[Any, Any]] | None] = {}


def _audited_fields(model: type[models.Model]) -> list[models.Field[Any, Any]] | None:
    """The concrete fields auditlog records for `model` (None: masked fields, use auditlog)."""
    if model not in _fields_cache:
        spec = auditlog.get_model_fields(model)
        fields: list[models.Field[Any, Any]] = list(model._meta.concrete_fields)
        if spec["include_fields"]:
            fields = [f for f in fields if f.name in spec["include_fields"]]
        fields = [f for f in fields if f.name not in spec["exclude_fields"]]
        _fields_cache[model] = None if spec["mask_fields"] else fields
    return _fields_cache[model]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value, UTC)
    return smart_str(value)


def diff(before: models.Model | None, after: models.Model) -> dict[str, Any]:
    """Changed fields as auditlog stores them ({name: [old, new]}), without its per-call cost."""
    fields = _audited_fields(after.__class__)
    if fields is None:
        json_changes = settings.AUDITLOG_STORE_JSON_CHANGES
        return model_instance_diff(before, after, use_json_for_changes=json_changes) or {}
    changes = {}
    for field in fields:
        new = _plain(getattr(after, field.attname))
        old = _plain(getattr(before, field.attname)) if before is not None else None
        if old != new:
            changes[field.name] = [old, new]
    return changes


def _context() -> dict[str, Any]:
    try:
        return dict(auditlog_value.get())
    except LookupError:
        return {}


def _entry(
    instance: models.Model,
    action: int,
    changes: dict[str, Any] | None,
    actor: Any,
    content_type: ContentType,
    context: dict[str, Any],
    extra: dict[str, Any] | None,
) -> LogEntry:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # auditlog leaves its request context behind in the thread after the request; trust its
    # address only when it belongs to the same actor (never take an actor from it).
    context_actor = context.get("actor")
    same = actor is not None and getattr(context_actor, "pk", None) == actor.pk
    return LogEntry(
        content_type=content_type,
        object_pk=smart_str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=smart_str(instance),
        action=action,
        changes=changes or {},
        actor=actor,
        actor_email=getattr(actor, "email", None) if actor else None,
        remote_addr=context.get("remote_addr") if same else None,
        additional_data=extra,
    )


def log_created(
    instances: Sequence[models.Model], *, actor: Any = None, extra: dict[str, Any] | None = None
) -> None:
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0].__class__)
    context = _context()
    entries = [
        _entry(obj, LogEntry.Action.CREATE, diff(None, obj), actor, content_type, context, extra)
        for obj in instances
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def log_updated(
    pairs: Sequence[tuple[models.Model, models.Model]],
    *,
    actor: Any = None,
    extra: dict[str, Any] | None = None,
    m2m_changes: dict[Any, dict[str, Any]] | None = None,
) -> None:
    """`pairs` are (before, after) copies of each updated record; m2m changes by primary key."""
    if not pairs:
        return
    content_type = ContentType.objects.get_for_model(pairs[0][1].__class__)
    context = _context()
    entries = []
    for before, after in pairs:
        changes = diff(before, after)
        if m2m_changes and after.pk in m2m_changes:
            changes.update(m2m_changes[after.pk])
        entries.append(
            _entry(after, LogEntry.Action.UPDATE, changes, actor, content_type, context, extra)
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)
