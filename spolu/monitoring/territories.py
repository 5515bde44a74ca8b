"""Territories of official statistics: regions (kraje, CZ-NUTS 3) and districts (okresy, LAU 1).

Districts are the `core.District` code list; regions are fixed by law, so they live here. A
statistics row is about one territory: a region (its total) or one of its districts (a detail
of the region's total).
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

# CZ-NUTS 3 code → (Czech name, English name)
REGIONS: dict[str, tuple[str, str]] = {
    "CZ010": ("Hlavní město Praha", "Prague"),
    "CZ020": ("Středočeský kraj", "Central Bohemian Region"),
    "CZ031": ("Jihočeský kraj", "South Bohemian Region"),
    "CZ032": ("Plzeňský kraj", "Plzeň Region"),
    "CZ041": ("Karlovarský kraj", "Karlovy Vary Region"),
    "CZ042": ("Ústecký kraj", "Ústí nad Labem Region"),
    "CZ051": ("Liberecký kraj", "Liberec Region"),
    "CZ052": ("Královéhradecký kraj", "Hradec Králové Region"),
    "CZ053": ("Pardubický kraj", "Pardubice Region"),
    "CZ063": ("Kraj Vysočina", "Vysočina Region"),
    "CZ064": ("Jihomoravský kraj", "South Moravian Region"),
    "CZ071": ("Olomoucký kraj", "Olomouc Region"),
    "CZ072": ("Zlínský kraj", "Zlín Region"),
    "CZ080": ("Moravskoslezský kraj", "Moravian-Silesian Region"),
}

DEFAULT_REGION = "CZ042"
DISTRICT_CODE = re.compile(r"^CZ0\d{3}$")


def is_region(code: str) -> bool:
    return code in REGIONS


def region_name(code: str) -> str:
    names = REGIONS.get(code)
    if names is None:
        return code
    return names[0] if (get_language() or "cs").startswith("cs") else names[1]
