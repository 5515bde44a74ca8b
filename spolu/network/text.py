"""Minutes as simple rich text: paragraphs, "- " and "1. " lists, "## " headings and **bold**.

Everything is escaped first, so what a user types can never become HTML or a script.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def _block(lines: list[str]) -> str:
    if all(_BULLET.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(_NUMBERED.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_NUMBERED.sub('', line))}</li>" for line in lines)
        return f"<ol>{items}</ol>"
    if len(lines) == 1 and lines[0].startswith("#"):
        return f'<h3 class="h6">{_inline(lines[0].lstrip("#").strip())}</h3>'
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render_minutes(text: str) -> SafeString:
    blocks: list[list[str]] = [[]]
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    html = "".join(_block(lines) for lines in blocks if lines)
    return mark_safe(html)
