"""Record ids typed into query strings and forms.

`str.isdigit` accepts "²" and other Unicode digits that `int` refuses, and a number beyond
64 bits overflows SQLite; a page that trusts either answers 500. `parse_id` gives None instead.
"""

from __future__ import annotations

from typing import Any

LARGEST_ID = 2**63 - 1


def parse_id(raw: Any) -> int | None:
    """A record id from a form or query string, or None when it is not one."""
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= LARGEST_ID else None
