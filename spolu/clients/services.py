"""Writes to client files. Every function is atomic, validates with full_clean, and leaves an
audit entry (django-auditlog records the change itself)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import (
    Client,
    ClientAlias,
    ClientRelation,
    Consent,
    RelationKind,
    ResidenceStatus,
)
from spolu.clients.search import search_text_for
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Language, Office, ResidenceCategory, User

CLIENT_FIELDS = {
    "office",
    "external_id",
    "first_name",
    "last_name",
    "first_name_latin",
    "last_name_latin",
    "sex",
    "birth_date",
    "birth_year",
    "citizenship",
    "phone",
    "email",
    "district",
    "first_contact_date",
    "vulnerable",
    "guardian",
    "guardian_note",
}


def client_reindex(client: Client) -> None:
    """Recompute the derived search text from the client's names, aliases and permits."""
    aliases = list(client.aliases.values_list("name", flat=True))
    permits = list(client.residence_statuses.values_list("permit_number", flat=True))
    text = search_text_for(client, aliases, permits)
    if text != client.search_text:
        Client.objects.filter(pk=client.pk).update(search_text=text)
        client.search_text = text


def _apply(client: Client, fields: dict[str, Any]) -> None:
    unknown = set(fields) - CLIENT_FIELDS
    if unknown:
        raise TypeError(f"not client fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(client, name, value)
    if client.birth_date:
        client.birth_year = client.birth_date.year


@transaction.atomic
def client_create(
    *,
    actor: User | None,
    office: Office,
    languages: Iterable[Language] = (),
    aliases: Iterable[str] = (),
    **fields: Any,
) -> Client:
    client = Client(office=office, created_by=actor)
    _apply(client, fields)
    client.full_clean()
    client.save()
    client.languages.set(list(languages))
    for alias in aliases:
        if alias.strip():
            ClientAlias.objects.create(client=client, name=alias.strip())
    client_reindex(client)
    return client


@transaction.atomic
def client_update(
    *,
    actor: User | None,
    client: Client,
    expected_version: int,
    languages: Iterable[Language] | None = None,
    aliases: Iterable[str] | None = None,
    **fields: Any,
) -> Client:
    """Save changes unless someone else saved the client since `expected_version` was read."""
    current = Client.objects.select_for_update().get(pk=client.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    _apply(current, fields)
    current.version += 1
    current.full_clean()
    current.save()
    if languages is not None:
        current.languages.set(list(languages))
    if aliases is not None:
        _sync_aliases(current, aliases)
    client_reindex(current)
    return current


def _sync_aliases(client: Client, names: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    existing = {a.name: a for a in client.aliases.all()}
    for name, alias in existing.items():
        if name not in wanted:
            alias.delete()
    for name in wanted:
        if name not in existing:
            ClientAlias.objects.create(client=client, name=name)


@transaction.atomic
def alias_add(*, client: Client, name: str) -> ClientAlias:
    alias = ClientAlias(client=client, name=name.strip())
    alias.full_clean()
    alias.save()
    client_reindex(client)
    return alias


@transaction.atomic
def alias_remove(*, alias: ClientAlias) -> None:
    client = alias.client
    alias.delete()
    client_reindex(client)


@transaction.atomic
def relation_add(*, client: Client, relative: Client, kind: str) -> ClientRelation:
    if client.pk == relative.pk:
        raise SpoluError(_("A client cannot be their own relative."), code="self_relation")
    if ClientRelation.objects.filter(client=client, relative=relative).exists() or (
        ClientRelation.objects.filter(client=relative, relative=client).exists()
    ):
        raise SpoluError(_("These two clients are already linked."), code="duplicate_relation")
    relation = ClientRelation(client=client, relative=relative, kind=RelationKind(kind))
    relation.full_clean()
    relation.save()
    return relation


@transaction.atomic
def residence_status_add(
    *,
    client: Client,
    category: ResidenceCategory,
    valid_from: date,
    valid_to: date | None = None,
    permit_number: str = "",
    note: str = "",
) -> ResidenceStatus:
    status = ResidenceStatus(
        client=client,
        category=category,
        valid_from=valid_from,
        valid_to=valid_to,
        permit_number=permit_number.strip(),
        note=note,
    )
    status.full_clean()
    status.save()
    client_reindex(client)
    return status


@transaction.atomic
def residence_status_save(*, status: ResidenceStatus, expected_version: int) -> ResidenceStatus:
    """Save the edited `status` unless someone else saved it since `expected_version` was read."""
    current = ResidenceStatus.objects.select_for_update().only("version").get(pk=status.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    status.version = current.version + 1
    status.permit_number = status.permit_number.strip()
    status.full_clean()
    status.save()
    client_reindex(status.client)
    return status


@transaction.atomic
def relation_remove(*, relation: ClientRelation) -> None:
    relation.delete()


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    client: Client,
    purpose: str,
    given_on: date,
    evidence: UploadedFile | None = None,
    note: str = "",
) -> Consent:
    consent = Consent(
        client=client, purpose=purpose, given_on=given_on, note=note, recorded_by=actor
    )
    if evidence is not None:
        consent.evidence = evidence
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: date | None = None) -> Consent:
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent
