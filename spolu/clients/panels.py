"""Sections of the client page contributed by other apps (courses, events, legal cases…).

An app registers a `ClientPanel` in its AppConfig.ready(); the client page renders every panel
whose `context(request, client)` returns a dict. A panel must use a fixed number of queries,
whatever the number of rows (the client page is checked with assertNumQueries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from spolu.clients.models import Client


@dataclass(frozen=True)
class ClientPanel:
    key: str
    template: str
    order: int
    context: Callable[[Any, Client], dict[str, Any] | None]  # (request, client)


_panels: dict[str, ClientPanel] = {}


def register_client_panel(panel: ClientPanel) -> None:
    _panels[panel.key] = panel


def panels_for_client(request: HttpRequest, client: Client) -> list[dict[str, Any]]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request, client)
        if context is not None:
            rendered.append({"panel": panel, "context": context})
    return rendered
