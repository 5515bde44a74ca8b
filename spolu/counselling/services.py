"""Writes of services, anonymous contacts and appointments (atomic, validated, audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import User
from spolu.counselling.models import Appointment, ServiceRecord, Topic

SERVICE_FIELDS = {
    "office",
    "activity",
    "date",
    "minutes",
    "channel",
    "client",
    "organisation",
    "anonymous_count",
    "anonymous_citizenship",
    "anonymous_sex",
    "field_visit",
    "place",
    "staff",
    "interpreter_language",
    "note",
    "note_confidential",
    "follow_up",
    "follow_up_due",
    "referral_organisation",
    "referral_outcome",
    "external_id",
}


def _apply(service: ServiceRecord, fields: dict[str, Any]) -> None:
    unknown = set(fields) - SERVICE_FIELDS
    if unknown:
        raise TypeError(f"not service fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(service, name, value)
    if service.activity_id == "A05":
        # Legal counselling notes are confidential to the legal team by definition.
        service.note_confidential = True


@transaction.atomic
def service_create(
    *, actor: User | None, topics: Iterable[Topic] = (), **fields: Any
) -> ServiceRecord:
    fields.setdefault("staff", actor)
    service = ServiceRecord(created_by=actor)
    _apply(service, fields)
    service.full_clean()
    service.save()
    service.topics.set(list(topics))
    return service


@transaction.atomic
def service_update(
    *,
    actor: User | None,
    service: ServiceRecord,
    expected_version: int,
    topics: Iterable[Topic] | None = None,
    **fields: Any,
) -> ServiceRecord:
    current = ServiceRecord.objects.select_for_update().get(pk=service.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    _apply(current, fields)
    current.version += 1
    current.full_clean()
    current.save()
    if topics is not None:
        current.topics.set(list(topics))
    return current


@transaction.atomic
def follow_up_done(*, service: ServiceRecord) -> ServiceRecord:
    if not service.follow_up:
        raise SpoluError(_("This service has no follow-up task."), code="no_follow_up")
    if service.follow_up_done_at is None:
        service.follow_up_done_at = timezone.now()
        service.version += 1
        service.save(update_fields=["follow_up_done_at", "version", "updated_at"])
    return service


@transaction.atomic
def anonymous_upgrade(
    *, actor: User | None, service: ServiceRecord, client: Client
) -> ServiceRecord:
    """Attribute one anonymous contact to a (now known) client.

    A record of one person becomes the client's service. From a headcount of several, one
    person is taken out: the headcount drops by one and the client gets their own record of
    the same contact (without minutes, which stay with the original so hours do not double).
    """
    current = ServiceRecord.objects.select_for_update().get(pk=service.pk)
    if not current.is_anonymous:
        raise SpoluError(_("This contact is not anonymous."), code="not_anonymous")
    if current.anonymous_count == 1:
        current.client = client
        current.anonymous_count = 0
        current.anonymous_citizenship = None
        current.anonymous_sex = ""
        current.version += 1
        current.full_clean()
        current.save()
        return current
    current.anonymous_count -= 1
    current.version += 1
    current.save(update_fields=["anonymous_count", "version", "updated_at"])
    return service_create(
        actor=actor,
        topics=list(current.topics.all()),
        office=current.office,
        activity=current.activity,
        date=current.date,
        minutes=0,
        channel=current.channel,
        client=client,
        field_visit=current.field_visit,
        place=current.place,
        staff=current.staff,
    )


@transaction.atomic
def appointment_create(**fields: Any) -> Appointment:
    appointment = Appointment(**fields)
    appointment.full_clean()
    appointment.save()
    return appointment


@transaction.atomic
def appointment_set_status(*, appointment: Appointment, status: str) -> Appointment:
    appointment.status = status
    appointment.full_clean()
    appointment.save(update_fields=["status"])
    return appointment
