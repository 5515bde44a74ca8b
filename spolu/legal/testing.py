"""Test helpers: legal cases with plausible defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from spolu.legal import services
from spolu.legal.models import LegalCase


def make_case(client: Any, lawyer: Any, **fields: Any) -> LegalCase:
    defaults: dict[str, Any] = {
        "matter_type": "appeal",
        "authority": "MV ČR, OAMP Ústí nad Labem",
        "reference_number": "OAM-12345/2025",
        "opened_on": date(2025, 3, 1),
        "summary": "Secret strategy of the appeal.",
    }
    defaults.update(fields)
    office = defaults.pop("office", client.office)
    return services.case_open(actor=lawyer, client=client, office=office, lawyer=lawyer, **defaults)
