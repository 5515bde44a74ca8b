"""Sections of an organisation's page contributed by other apps (events, services…).

Like the client page's panels: an app registers an `OrganisationPanel` in its AppConfig.ready();
the organisation page renders every panel whose `context(request, organisation)` returns a dict.
A panel must use a fixed number of queries, whatever the number of rows (the page is checked
with assertNumQueries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from spolu.network.models import Organisation


@dataclass(frozen=True)
class OrganisationPanel:
    key: str
    template: str
    order: int
    context: Callable[[HttpRequest, Organisation], dict[str, Any] | None]


_panels: dict[str, OrganisationPanel] = {}


def register_organisation_panel(panel: OrganisationPanel) -> None:
    _panels[panel.key] = panel


def panels_for_organisation(
    request: HttpRequest, organisation: Organisation
) -> list[dict[str, Any]]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request, organisation)
        if context is not None:
            rendered.append({"panel": panel, "context": context})
    return rendered
