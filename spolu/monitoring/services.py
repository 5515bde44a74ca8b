"""Writes of regional monitoring: field observations (statistics arrive by import).

Observations carry a `version`: an edit names the version its author saw and is refused with
StaleObjectError when someone saved in between. django-auditlog records every change.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Office, User
from spolu.monitoring.models import Observation

OBSERVATION_FIELDS = {"date", "topic", "district", "title", "text"}


def _apply(observation: Observation, fields: dict[str, Any]) -> None:
    unknown = set(fields) - OBSERVATION_FIELDS
    if unknown:
        raise TypeError(f"not observation fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(observation, name, value.strip() if isinstance(value, str) else value)


def _check_office(actor: User, office: Office) -> None:
    if not Office.objects.visible_to(actor).filter(pk=office.pk).exists():
        raise SpoluError(
            _("You can record observations only for the offices you work in."), code="office"
        )


@transaction.atomic
def observation_create(*, actor: User, office: Office, **fields: Any) -> Observation:
    _check_office(actor, office)
    observation = Observation(office=office, author=actor)
    _apply(observation, fields)
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def observation_update(
    *,
    actor: User,
    observation: Observation,
    expected_version: int,
    office: Office | None = None,
    **fields: Any,
) -> Observation:
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if not current.editable_by(actor):
        raise SpoluError(_("Only the author or a coordinator can edit this observation."))
    if current.version != expected_version:
        raise StaleObjectError()
    if office is not None and office.pk != current.office_id:
        _check_office(actor, office)
        current.office = office
    _apply(current, fields)
    current.version += 1
    current.full_clean()
    current.save()
    return current
