"""The main menu and the dashboard are assembled from what each app registers in its ready().

Apps add menu entries and dashboard panels here instead of editing core templates, so that
a new area appears in the navigation only with the permission to use it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spolu.core.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    order: int
    permission: str | None = None
    any_permission: tuple[str, ...] = ()

    def visible_to(self, user: User) -> bool:
        if self.permission and not user.has_perm(self.permission):
            return False
        return not self.any_permission or any(user.has_perm(p) for p in self.any_permission)


@dataclass(frozen=True)
class DashboardPanel:
    """`render(request)` returns the template context for `template`, or None to hide the panel."""

    key: str
    template: str
    order: int
    render: Callable[[Any], dict[str, Any] | None]  # (request)
    width: str = "col-lg-6"
    extra: dict[str, Any] = field(default_factory=dict)


_menu: dict[str, MenuItem] = {}
_panels: dict[str, DashboardPanel] = {}


def register_menu(item: MenuItem) -> None:
    _menu[item.key] = item


def register_panel(panel: DashboardPanel) -> None:
    _panels[panel.key] = panel


# Related entries share a dropdown, so the bar fits a laptop screen. A group with only one
# entry the user may see is shown as that entry.
MENU_GROUPS: list[tuple[str, Any, str, list[str]]] = [
    (
        "work",
        _("Services"),
        "chat-square-text",
        ["services", "appointments", "legal", "field_work"],
    ),
    ("reporting", _("Reports"), "bar-chart", ["reports", "monitoring", "timesheets"]),
    ("administration", _("Administration"), "gear", ["interchange", "audit", "admin"]),
]


def grouped_menu(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Menu entries with MENU_GROUPS folded into dropdowns, in the order of their first entry."""
    group_of = {key: group for group in MENU_GROUPS for key in group[3]}
    result: list[dict[str, Any]] = []
    placed: dict[str, dict[str, Any]] = {}
    for entry in entries:
        group = group_of.get(entry["item"].key)
        if group is None:
            result.append(entry)
            continue
        key, label, icon, _keys = group
        if key not in placed:
            placed[key] = {"group": key, "label": label, "icon": icon, "children": []}
            result.append(placed[key])
        placed[key]["children"].append(entry)
    flat: list[dict[str, Any]] = []
    for entry in result:
        if "children" in entry and len(entry["children"]) == 1:
            flat.append(entry["children"][0])
        elif "children" in entry:
            entry["active"] = any(child["active"] for child in entry["children"])
            flat.append(entry)
        else:
            flat.append(entry)
    return flat


def menu_for(user: User, path: str) -> list[dict[str, Any]]:
    entries = []
    for item in sorted(_menu.values(), key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            # An app that registers its menu before its pages exist must not break every page.
            logger.error("Menu entry %s points to unknown URL %s", item.key, item.url_name)
            continue
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"item": item, "url": url, "active": active})
    return entries


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.render(request)
        if context is not None:
            rendered.append({"panel": panel, "context": context})
    return rendered
