"""Retention (DESIGN.md §6): a client quiet for the retention period is anonymised.

Anonymising removes what identifies the person and keeps the records, so every report for a
past period gives the same numbers before and after:

- removed: names (the record shows as `#id`), phone, e-mail, guardian note, aliases, family
  links, permit numbers, consent evidence scans, and every free-text field (notes, summaries,
  names, references, file names) on the rows that belong to the client — their services,
  appointments, enrolments, registrations, legal cases — and on the rows that belong to those
  (attendance notes, legal notes);
- kept: sex, date of birth, citizenship, district, office, languages, residence categories
  with their dates, and every date, minute, choice and link that the reports count;
- redacted in the audit log: the removed values that its entries copied (the entries keep who
  did what when, and which fields changed; the records show by number).

The rows are found like the merge finds them (`merge.client_links`): every foreign key named
`client` to Client in any installed app, and below those their own reverse one-to-many
relations, so an app added later is covered without changes here. Fields with choices, unique
fields and `external_id` (the import key, so that re-importing an old file is refused rather
than creating the person again) stay.

A client is due when nothing about them was recorded for `SPOLU_RETENTION_YEARS` years: the
client record and every row that belongs to them were last created or changed (any of their
date fields) before the cut-off. `manage.py anonymise_clients` (nightly under Celery beat)
anonymises every client that is due; a coordinator can also anonymise one client at once when
the person asks for erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.merge import client_links
from spolu.clients.models import Client, ClientAlias, ClientRelation
from spolu.core.audit import acting_as, log_event, redact, redacting
from spolu.core.errors import SpoluError

# Personal fields of the client record itself; what is kept is listed in the module docstring.
CLIENT_PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "first_name_latin": "",
    "last_name_latin": "",
    "phone": "",
    "email": "",
    "guardian_note": "",
    "search_text": "",
    "vulnerable": False,
}
KEPT_TEXT_FIELDS = {"external_id"}


def retention_years() -> int:
    return int(getattr(settings, "SPOLU_RETENTION_YEARS", 10))


def cutoff(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def owned_models() -> list[tuple[type[models.Model], str]]:
    """(model, path to the client) of every row that belongs to a client, two levels deep."""
    owned: list[tuple[type[models.Model], str]] = []
    for link in client_links():
        if link.is_m2m_table or link.field.name != "client" or link.model is ClientRelation:
            continue
        owned.append((link.model, "client"))
        for relation in link.model._meta.get_fields():
            if relation.auto_created and not relation.concrete and relation.one_to_many:
                child: Any = relation.related_model
                owned.append((child, f"{relation.field.name}__client"))  # type: ignore[union-attr]
    return owned


def _free_text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.unique
        and not f.primary_key
        and f.name not in KEPT_TEXT_FIELDS
    ]


def _date_lookups(model: type[models.Model]) -> list[str]:
    """`date` or `created_at__date` for each date and date-time field of `model`."""
    return [
        f"{f.name}__date" if isinstance(f, models.DateTimeField) else f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField)
    ]


def due_for_anonymisation(today: date | None = None, years: int | None = None) -> Any:
    """Clients (not yet anonymised, not merged) with nothing recorded since the cut-off."""
    today = today or timezone.localdate()
    limit = cutoff(today, retention_years() if years is None else years)
    newer_rows = []
    for model, path in owned_models():
        dates = _date_lookups(model)
        if not dates:
            continue
        newer = Q()
        for name in dates:
            newer |= Q(**{f"{name}__gte": limit})
        rows = model._base_manager.filter(newer, **{f"{path}__isnull": False})
        newer_rows.append(rows.values_list(path, flat=True).order_by())
    due = Client.objects.filter(anonymised_at__isnull=True, merged_into__isnull=True).exclude(
        Q(updated_at__date__gte=limit) | Q(first_contact_date__gte=limit)
    )
    if newer_rows:
        # One NOT IN over a UNION (OR-ed subqueries are planned per client on PostgreSQL).
        due = due.exclude(pk__in=newer_rows[0].union(*newer_rows[1:]))
    return due


@dataclass
class Anonymised:
    client: Client
    rows: dict[str, int]


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _scrub(model: type[models.Model], path: str, clients: list[int]) -> int:
    fields = _free_text_fields(model)
    files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    rows = model._base_manager.filter(**{f"{path}__in": clients})
    redact(model, rows.values_list("pk", flat=True), {f.name for f in [*fields, *files]})
    for field in files:
        stored = rows.exclude(**{field.name: ""}).values_list(field.name, flat=True)
        names = [str(name) for name in stored]
        # Deleted after the commit, so a rolled-back anonymisation keeps its evidence.
        transaction.on_commit(partial(_delete_files, field.storage, names))
    blanks: dict[str, Any] = {f.name: "" for f in [*fields, *files]}
    if not blanks:
        return 0
    return rows.update(**blanks)


@transaction.atomic
def anonymise_client(client: Client, *, actor: Any = None) -> Anonymised:
    """Anonymise `client` (and the tombstones merged into it); the records stay."""
    current = Client.objects.select_for_update().get(pk=client.pk)
    if current.anonymised_at:
        raise SpoluError(_("This client has been anonymised already."), code="anonymised")
    if current.merged_into_id:
        raise SpoluError(
            _("This record was merged into another one; anonymise that one."), code="merged"
        )
    persons = [current.pk, *current.merged_duplicates.values_list("pk", flat=True)]
    removed: dict[str, int] = {}
    # Without change history: its entries would copy the removed values once more. The one
    # entry written is the event below, with the number of rows changed per kind.
    with disable_auditlog(), redacting():
        aliases = ClientAlias.objects.filter(client__in=persons)
        relations = ClientRelation.objects.filter(Q(client__in=persons) | Q(relative__in=persons))
        redact(ClientAlias, aliases.values_list("pk", flat=True))
        redact(ClientRelation, relations.values_list("pk", flat=True))
        redact(Client, persons, CLIENT_PERSONAL_FIELDS)
        removed["aliases"] = aliases.delete()[0]
        removed["relations"] = relations.delete()[0]
        for model, path in owned_models():
            changed = _scrub(model, path, persons)
            if changed:
                removed[model._meta.label] = changed
        Client.objects.filter(pk__in=persons).update(
            **CLIENT_PERSONAL_FIELDS, anonymised_at=timezone.now(), version=models.F("version") + 1
        )
    current.refresh_from_db()
    with acting_as(actor):
        log_event(current, "anonymised", rows=removed)
    return Anonymised(current, removed)


def anonymise_due(
    *, today: date | None = None, years: int | None = None, dry_run: bool = False
) -> list[int]:
    """Anonymise every client that is due; returns their primary keys."""
    due = list(due_for_anonymisation(today, years).order_by("pk").values_list("pk", flat=True))
    if not dry_run:
        for pk in due:
            anonymise_client(Client.objects.get(pk=pk))
    return due
