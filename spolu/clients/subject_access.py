"""Right of access (DESIGN.md §6): everything Spolu holds on a person, as one JSON document.

The rows are the ones retention anonymises (`retention.owned_models`: every model with a
foreign key `client`, and the rows below those), so an app added later is exported without
changes here. Each field appears under its model's field name with a readable value (the
label of a choice, the name of a linked record, the name of an uploaded file).

Confidential texts follow the same rules as on the pages: an app registers which fields of a
row the exporting user may not read (`register_withheld`), and those are left out and counted
under "withheld", so the person can be told to ask the legal team for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from spolu.clients.models import Client, ClientRelation
from spolu.clients.retention import owned_models

ALL_FIELDS = "*"
Withheld = Callable[[Any, Any], set[str]]  # (row, user) -> field names, or {"*"} for the row

_withheld: dict[type[models.Model], Withheld] = {}
# Derived or internal columns that say nothing about the person.
INTERNAL_FIELDS = {"search_text", "version"}


def register_withheld(model: type[models.Model], rule: Withheld) -> None:
    """`rule(row, user)` names the fields of `row` that `user` may not read."""
    _withheld[model] = rule


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    value = getattr(row, field.name)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return value.name or None
    return str(value)


def _fields(model: type[models.Model], skip: set[str]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in skip | INTERNAL_FIELDS]


def _row(
    row: models.Model, fields: list[models.Field[Any, Any]], hidden: set[str]
) -> dict[str, Any]:
    return {f.name: _value(row, f) for f in fields if f.name not in hidden}


def subject_data(client: Client, user: Any) -> dict[str, Any]:
    """Everything held on `client` that `user` may read, and what was withheld from them."""
    withheld: dict[str, int] = {}
    records: dict[str, list[dict[str, Any]]] = {}
    for model, path in owned_models():
        path_field = path.split("__")[0]
        fields = _fields(model, {path_field} if path == "client" else set())
        related = [f.name for f in fields if f.is_relation]
        rows = model._base_manager.filter(**{path: client}).select_related(*related)
        rule = _withheld.get(model)
        exported = []
        for row in rows.order_by("pk"):
            hidden = rule(row, user) if rule else set()
            for name in hidden:
                key = model._meta.label + ("" if name == ALL_FIELDS else f".{name}")
                withheld[key] = withheld.get(key, 0) + 1
            if ALL_FIELDS not in hidden:
                exported.append(_row(row, fields, hidden))
        if exported:
            records[model._meta.label] = exported
    household = [
        {"relative": str(r.relative if r.client_id == client.pk else r.client), "kind": r.kind}
        for r in ClientRelation.objects.filter(
            models.Q(client=client) | models.Q(relative=client)
        ).select_related("client", "relative")
    ]
    person_fields = _fields(Client, {"merged_into", "merged_at", "anonymised_at"})
    return {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_by": user.get_username(),
        "person": _row(
            Client.objects.select_related(
                "office", "citizenship", "district", "guardian", "created_by"
            ).get(pk=client.pk),
            person_fields,
            set(),
        ),
        "languages": [str(language) for language in client.languages.all()],
        "household": household,
        "records": records,
        "withheld": withheld,
    }
