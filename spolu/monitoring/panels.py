"""What regional monitoring adds to the dashboard."""

from __future__ import annotations

from typing import Any

from spolu.core.types import StaffRequest
from spolu.monitoring import queries
from spolu.monitoring.models import Observation

OWN_OBSERVATIONS = 3


def regional_panel(request: StaffRequest) -> dict[str, Any] | None:
    """Coordinators and auditors: the latest official total against the centre's reach."""
    if not request.user.has_perm("monitoring.view_officialstatistic"):
        return None
    return {"figures": queries.panel_figures(request.user)}


def observations_panel(request: StaffRequest) -> dict[str, Any] | None:
    """Staff in the field (without the dashboard): their latest observations and a quick add."""
    user = request.user
    if not user.has_perm("monitoring.add_observation") or user.has_perm(
        "monitoring.view_officialstatistic"
    ):
        return None
    mine = list(
        Observation.objects.visible_to(user)
        .filter(author=user)
        .select_related("district")[:OWN_OBSERVATIONS]
    )
    return {"observations": mine}
