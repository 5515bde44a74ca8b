"""Writes to legal cases: atomic, validated with full_clean, refused with a translated message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Office, User
from spolu.counselling.models import ServiceRecord
from spolu.legal.models import LEGAL_ACTIVITY, Deadline, LegalCase, LegalNote, is_legal_team

CASE_FIELDS = {
    "matter_type",
    "authority",
    "reference_number",
    "opened_on",
    "closed_on",
    "status",
    "outcome",
    "lawyer",
    "summary",
    "office",
}


def _check_lawyer(lawyer: User) -> None:
    if not (lawyer.is_active and lawyer.has_perm("legal.change_legalcase")):
        raise SpoluError(_("The responsible lawyer must be a member of the legal team."))


@transaction.atomic
def case_open(
    *, actor: User | None, client: Client, office: Office, lawyer: User, **fields: Any
) -> LegalCase:
    unknown = set(fields) - CASE_FIELDS
    if unknown:
        raise TypeError(f"not legal case fields: {sorted(unknown)}")
    _check_lawyer(lawyer)
    case = LegalCase(client=client, office=office, lawyer=lawyer, created_by=actor, **fields)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_update(*, case: LegalCase, expected_version: int, **fields: Any) -> LegalCase:
    """Save changes unless someone else saved the case since `expected_version` was read."""
    unknown = set(fields) - CASE_FIELDS
    if unknown:
        raise TypeError(f"not legal case fields: {sorted(unknown)}")
    current = LegalCase.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    for name, value in fields.items():
        setattr(current, name, value)
    if "lawyer" in fields:
        _check_lawyer(current.lawyer)
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def deadline_add(*, case: LegalCase, due_date: Any, description: str) -> Deadline:
    if case.is_closed:
        raise SpoluError(_("The case is closed; reopen it to add deadlines."))
    deadline = Deadline(case=case, due_date=due_date, description=description.strip())
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def deadline_toggle(*, deadline: Deadline, actor: User) -> Deadline:
    """Mark a deadline done, or not done again."""
    current = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if current.done_at is None:
        current.done_at = timezone.now()
        current.done_by = actor
    else:
        current.done_at = None
        current.done_by = None
    current.save(update_fields=["done_at", "done_by"])
    return current


@transaction.atomic
def note_add(*, case: LegalCase, author: User, text: str) -> LegalNote:
    if not is_legal_team(author):
        raise SpoluError(_("Only the legal team writes legal notes."))
    note = LegalNote(case=case, author=author, text=text.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def case_link_services(*, case: LegalCase, services: Iterable[ServiceRecord]) -> None:
    """Link exactly these legal counselling services of the case's client to the case."""
    chosen = list(services)
    for service in chosen:
        if service.client_id != case.client_id or service.activity_id != LEGAL_ACTIVITY:
            raise SpoluError(
                _("Only legal counselling services of the case's client can be linked.")
            )
    case.services.set(chosen)
