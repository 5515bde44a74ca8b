"""Merging a duplicate client into the surviving record.

Every row that points at the duplicate moves to the survivor. The rows are found generically:
every foreign key to `Client` in any installed app (`Client._meta.get_fields` with hidden
relations, so also many-to-many tables and self-references such as the guardian), so an app
added later is merged without changes here. Most relations move by a plain update of their
foreign key. A model where that could break a unique constraint (an enrolment in a course both
records are enrolled in, a registration for the same event) registers a handler that moves or
combines its rows without losing any of them:

    register_merge_handler(Enrolment, merge_enrolments)   # in the app's ready()

    def merge_enrolments(*, survivor: Client, duplicate: Client) -> None: ...

A handler runs inside the merge transaction, before the plain updates, and must leave no row
pointing at the duplicate. Without a handler, rows that would collide with the survivor's on a
unique constraint stop the merge with an explanation (nothing is changed), except rows of a
plain many-to-many table, which only say "linked" and are dropped when the survivor has the
same link already.

The duplicate itself is kept as a tombstone (`merged_into`, `merged_at`), hidden from lists,
and its audit history stays with it. Empty fields of the survivor are filled from the
duplicate, the duplicate's names become aliases of the survivor, and the merge is written to
the audit log of both records with the primary keys of every row moved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client, ClientAlias, ClientRelation
from spolu.core.audit import acting_as
from spolu.core.errors import SpoluError

MergeHandler = Callable[..., None]

_handlers: dict[type[models.Model], MergeHandler] = {}


def register_merge_handler(model: type[models.Model], handler: MergeHandler) -> None:
    _handlers[model] = handler


def merge_handlers() -> dict[type[models.Model], MergeHandler]:
    return dict(_handlers)


# Fields of the survivor that take the duplicate's value when they are empty.
FILLABLE_FIELDS = [
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "district",
    "guardian",
    "guardian_note",
    "external_id",
]


@dataclass(frozen=True)
class Link:
    """One foreign key to Client: `model.<field>` (e.g. ServiceRecord.client)."""

    model: type[models.Model]
    field: models.ForeignKey[Any, Any]

    @property
    def name(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def is_m2m_table(self) -> bool:
        return bool(self.model._meta.auto_created)


def client_links() -> list[Link]:
    """Every foreign key (and one-to-one, and many-to-many table column) pointing at Client."""
    links = []
    for relation in Client._meta.get_fields(include_hidden=True):
        reverse = relation.auto_created and not relation.concrete and relation.is_relation
        if reverse and (relation.one_to_many or relation.one_to_one):
            links.append(Link(relation.related_model, relation.field))  # type: ignore[arg-type, union-attr]
    return links


def kind_label(model: type[models.Model]) -> str:
    """What the rows of `model` are, for people: `services`, `languages`, `events`…"""
    owner: Any = model._meta.auto_created
    if owner:
        for m2m in owner._meta.local_many_to_many:
            if m2m.remote_field.through is model:
                return str(m2m.verbose_name if owner is Client else owner._meta.verbose_name_plural)
    return str(model._meta.verbose_name_plural)


def _attname(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).attname)  # type: ignore[union-attr]


def _other_client_fields(link: Link) -> list[Any]:
    return [
        f
        for f in link.model._meta.concrete_fields
        if f.is_relation and f.related_model is Client and f.name != link.field.name
    ]


def _unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = [tuple(u) for u in model._meta.unique_together]
    sets += [tuple(c.fields) for c in model._meta.total_unique_constraints]
    sets += [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    return sets


def _collisions(link: Link, survivor: Client, duplicate: Client) -> list[tuple[str, ...]]:
    """Unique field sets on which one of the duplicate's rows equals one of the survivor's."""
    manager = link.model._base_manager
    found = []
    for fields in _unique_sets(link.model):
        if link.field.name not in fields:
            continue
        columns = [_attname(link.model, f) for f in fields if f != link.field.name]
        theirs = manager.filter(**{link.field.name: survivor})
        mine = manager.filter(**{link.field.name: duplicate})
        if not columns:  # the client alone is unique (a one-to-one)
            clash = theirs.exists() and mine.exists()
        else:
            taken = set(theirs.values_list(*columns))
            clash = any(values in taken for values in mine.values_list(*columns))
        if clash:
            found.append(fields)
    return found


def _collision_message(link: Link, fields: tuple[str, ...]) -> str:
    names = [
        str(link.model._meta.get_field(f).verbose_name)  # type: ignore[union-attr]
        for f in fields
        if f != link.field.name
    ]
    return str(
        _(
            "Both records have %(kind)s with the same %(fields)s, so they cannot be merged "
            "automatically. Resolve it in one of the records first."
        )
        % {"kind": kind_label(link.model), "fields": ", ".join(names) or link.field.verbose_name}
    )


# --- preview (what a merge would do) ----------------------------------------------------------


@dataclass
class Move:
    """Rows of one model that would move: kind `services`, model `counselling.ServiceRecord`."""

    kind: str
    model: str
    count: int


@dataclass(frozen=True)
class Fill:
    """An empty field of the survivor that takes the duplicate's value."""

    name: str
    label: str
    value: Any


@dataclass
class MergePreview:
    """What merging `duplicate` into `survivor` would move, fill and add; shown before a merge."""

    survivor: Client
    duplicate: Client
    moves: list[Move] = field(default_factory=list)
    filled: list[Fill] = field(default_factory=list)
    new_aliases: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(move.count for move in self.moves)

    def count(self, model: str) -> int:
        return sum(move.count for move in self.moves if move.model == model)


def _filled_fields(survivor: Client, duplicate: Client) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in FILLABLE_FIELDS:
        attname = _attname(Client, name)
        mine, theirs = getattr(survivor, attname), getattr(duplicate, attname)
        if mine in (None, "") and theirs not in (None, ""):
            if name == "guardian" and theirs in (survivor.pk, duplicate.pk):
                continue
            if name == "birth_year" and (values.get("birth_date") or survivor.birth_date):
                continue
            values[attname] = theirs
    if "birth_date" in values:
        values["birth_year"] = values["birth_date"].year
    if duplicate.vulnerable and not survivor.vulnerable:
        values["vulnerable"] = True
    if duplicate.first_contact_date < survivor.first_contact_date:
        values["first_contact_date"] = duplicate.first_contact_date
    return values


def _same_name(name: str) -> str:
    """Names that differ only in case or spacing are the same alias."""
    return " ".join(name.casefold().split())


def _new_aliases(survivor: Client, duplicate: Client) -> list[str]:
    known = {
        _same_name(n)
        for n in [
            survivor.native_name,
            survivor.latin_name,
            f"{survivor.first_name} {survivor.last_name}",
            f"{survivor.first_name_latin} {survivor.last_name_latin}",
            *survivor.aliases.values_list("name", flat=True),
            *duplicate.aliases.values_list("name", flat=True),
        ]
    }
    aliases = []
    for name in (duplicate.native_name, duplicate.latin_name):
        key = _same_name(name)
        if key and key not in known and name not in aliases:
            aliases.append(name)
            known.add(key)
    return aliases


def merge_preview(*, survivor: Client, duplicate: Client) -> MergePreview:
    preview = MergePreview(survivor=survivor, duplicate=duplicate)
    handled = merge_handlers()
    for link in client_links():
        count = link.model._base_manager.filter(**{link.field.name: duplicate}).count()
        if not count:
            continue
        model = link.model._meta.label
        move = next((m for m in preview.moves if m.model == model), None)
        if move:
            move.count += count
        else:
            preview.moves.append(Move(kind_label(link.model), model, count))
        if link.model not in handled and not link.is_m2m_table and link.model is not Client:
            for fields in _collisions(link, survivor, duplicate):
                preview.problems.append(_collision_message(link, fields))
    filled = _filled_fields(survivor, duplicate)
    for model_field in Client._meta.concrete_fields:
        if model_field.attname not in filled:
            continue
        if model_field.name == "birth_year" and "birth_date" in filled:
            continue
        value = getattr(duplicate, model_field.name)  # the related object for a foreign key
        preview.filled.append(Fill(model_field.name, str(model_field.verbose_name), value))
    preview.new_aliases = _new_aliases(survivor, duplicate)
    return preview


# --- the merge ----------------------------------------------------------------------------------


def _merge_relations(*, survivor: Client, duplicate: Client) -> None:
    """Household links: no link of the survivor to itself, no pair linked twice."""
    for relation in ClientRelation.objects.filter(Q(client=duplicate) | Q(relative=duplicate)):
        other = relation.relative_id if relation.client_id == duplicate.pk else relation.client_id
        already = ClientRelation.objects.filter(
            Q(client_id=survivor.pk, relative_id=other)
            | Q(client_id=other, relative_id=survivor.pk)
        ).exists()
        if other == survivor.pk or already:
            relation.delete()  # the same fact is recorded on the survivor (or would be a self-link)
        elif relation.client_id == duplicate.pk:
            ClientRelation.objects.filter(pk=relation.pk).update(client=survivor)
        else:
            ClientRelation.objects.filter(pk=relation.pk).update(relative=survivor)


register_merge_handler(ClientRelation, _merge_relations)


def _move(link: Link, survivor: Client, duplicate: Client) -> list[Any]:
    """Point the rows of `link` at the survivor; returns the primary keys of the rows moved."""
    manager = link.model._base_manager
    rows = manager.filter(**{link.field.name: duplicate})
    if link.model is Client:
        if link.field.name == "guardian":
            # The survivor was the duplicate's ward: nobody is their own guardian.
            rows.filter(pk=survivor.pk).update(guardian=None)
        rows = rows.exclude(pk__in=[survivor.pk, duplicate.pk])
    elif link.is_m2m_table:
        # A many-to-many row only says "linked": drop it where the survivor is linked already,
        # or where it would link the survivor to itself.
        for fields in _unique_sets(link.model):
            if link.field.name in fields:
                others = [_attname(link.model, f) for f in fields if f != link.field.name]
                theirs = manager.filter(**{link.field.name: survivor}).values_list(*others)
                for values in theirs:
                    rows.filter(**dict(zip(others, values, strict=True))).delete()
        for other in _other_client_fields(link):
            rows.filter(**{other.name: survivor}).delete()
    else:
        collisions = _collisions(link, survivor, duplicate)
        if collisions:
            raise SpoluError(_collision_message(link, collisions[0]), code="merge_conflict")
    pks = list(rows.values_list("pk", flat=True))
    if pks:
        manager.filter(pk__in=pks).update(**{link.field.name: survivor})
    return pks


@transaction.atomic
def client_merge(*, survivor: Client, duplicate: Client, actor: Any) -> Client:
    """Merge `duplicate` into `survivor`; returns the survivor as it is now.

    Refuses (SpoluError, nothing changed) a merge of a record with itself, of a record that is
    merged already or anonymised, and a merge whose rows would collide without a handler.
    """
    if survivor.pk == duplicate.pk:
        raise SpoluError(_("A client cannot be merged with itself."), code="merge_self")
    locked = {
        c.pk: c
        for c in Client.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise SpoluError(
            _("One of the records has been merged already. Reload the page."), code="merged"
        )
    if survivor.anonymised_at or duplicate.anonymised_at:
        raise SpoluError(_("An anonymised record cannot be merged."), code="anonymised")

    moved: dict[str, list[Any]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    links = client_links()
    handled = merge_handlers()
    try:
        for model, handler in handled.items():
            model_links = [link for link in links if link.model is model]
            before = {
                link.name: list(
                    model._base_manager.filter(**{link.field.name: duplicate}).values_list(
                        "pk", flat=True
                    )
                )
                for link in model_links
            }
            handler(survivor=survivor, duplicate=duplicate)
            for link in model_links:
                moved[link.name] += before[link.name]
                counts[model._meta.label] += len(before[link.name])
        filled = _filled_fields(survivor, duplicate)
        if "external_id" in filled:  # unique: it leaves the duplicate before the survivor gets it
            Client.objects.filter(pk=duplicate.pk).update(external_id=None)
        for link in links:
            if link.model in handled:
                continue
            pks = _move(link, survivor, duplicate)
            if pks:
                moved[link.name] += pks
                counts[link.model._meta.label] += len(pks)
        for link in links:
            left = link.model._base_manager.filter(**{link.field.name: duplicate})
            if link.model is Client:
                left = left.exclude(pk=duplicate.pk)
            if left.exists():
                raise SpoluError(
                    _("Some %(kind)s could not be moved; nothing was merged.")
                    % {"kind": kind_label(link.model)},
                    code="merge_incomplete",
                )
    except IntegrityError as error:
        raise SpoluError(
            _("The records could not be merged: %(reason)s") % {"reason": error},
            code="merge_conflict",
        ) from error

    aliases = _new_aliases(survivor, duplicate)
    ClientAlias.objects.bulk_create([ClientAlias(client=survivor, name=a) for a in aliases])
    now = timezone.now()
    Client.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=now, **filled)
    Client.objects.filter(pk=duplicate.pk).update(
        merged_into=survivor, merged_at=now, version=F("version") + 1, updated_at=now
    )

    from spolu.clients.services import client_reindex
    from spolu.core import audit

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    client_reindex(survivor)
    summary = {
        "moved": dict(counts),
        "rows": {name: [str(pk) for pk in pks] for name, pks in moved.items()},
        "filled": sorted(filled),
        "aliases_added": aliases,
        "actor": getattr(actor, "pk", None),
    }
    with acting_as(actor):
        audit.log_event(survivor, "merge", merged_client=duplicate.pk, **summary)
        audit.log_event(duplicate, "merged_into", survivor=survivor.pk, **summary)
    return survivor


__all__ = [
    "Client",
    "Fill",
    "MergePreview",
    "Move",
    "client_links",
    "client_merge",
    "merge_handlers",
    "merge_preview",
    "register_merge_handler",
]
