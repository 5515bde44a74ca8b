"""Record scope: the one place that decides which offices' records a user may see.

Every list, detail page, export and API endpoint filters through `scope_to_offices` (usually via
a model's `QuerySet.visible_to(user)`), and fetches single records with `get_visible_or_404`, so
changing an id in a URL can never reach another office's record: it is simply not found.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from spolu.core.models import User

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])

ALL_OFFICES_PERMISSION = "core.view_all_offices"


def sees_all_offices(user: User | AnonymousUser) -> bool:
    return bool(user.is_active and user.has_perm(ALL_OFFICES_PERMISSION))


def office_q(user: User | AnonymousUser, field: str = "office") -> Q:
    """A filter for records whose `field` (an Office foreign key path) the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if sees_all_offices(user):
        return Q()
    return Q(**{f"{field}__in": user.office_ids()})


def scope_to_offices(queryset: QS, user: User | AnonymousUser, field: str = "office") -> QS:
    return queryset.filter(office_q(user, field))


def get_visible_or_404(queryset: QuerySet[M], user: User | AnonymousUser, **lookup: Any) -> M:
    """Fetch one record through the model's `visible_to(user)` scope; 404 when out of scope."""
    scoped = queryset.visible_to(user)  # type: ignore[attr-defined]
    try:
        return scoped.get(**lookup)
    # OverflowError: an id beyond 64 bits typed into the address (SQLite cannot even compare it).
    except (ObjectDoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc
