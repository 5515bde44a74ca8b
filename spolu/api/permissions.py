from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class HasPermission(BasePermission):
    """The view's `required_permission` (a Django permission), as in the web pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = getattr(view, "required_permission", None)
        return bool(
            request.user and request.user.is_authenticated and perm and request.user.has_perm(perm)
        )
