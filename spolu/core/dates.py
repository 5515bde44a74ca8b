"""The range of dates Spolu accepts, and safe parsing of dates from query strings.

Python's ``date`` runs from year 1 to 9999; a typo such as ``0001-01-01`` or ``9999-12-31`` would
otherwise reach arithmetic (the previous day, the last day of the week) that overflows, or land in
the funder's report. Every date a person types goes through one of these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def is_plausible(value: dt.date) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST


def validate_plausible_date(value: dt.date | None) -> None:
    """Refuse a date (or date and time) outside 1900–2100 with a translated message."""
    if value is None or is_plausible(value):
        return
    raise ValidationError(
        _("Enter a date between %(earliest)s and %(latest)s."),
        code="implausible_date",
        params={
            "earliest": formats.date_format(EARLIEST, "SHORT_DATE_FORMAT"),
            "latest": formats.date_format(LATEST, "SHORT_DATE_FORMAT"),
        },
    )


def parse_date_param(raw: Any) -> dt.date | None:
    """A date from a query string, or None when it is missing, malformed, impossible or implausible.

    ``parse_date`` raises ``ValueError`` for a well-formed but impossible date such as
    ``2024-02-30``; a query string is typed by anyone, so that is an absent date, not an error.
    """
    if not isinstance(raw, str) or not raw:
        return None
    try:
        value = parse_date(raw.strip())
    except ValueError:
        return None
    return value if value is not None and is_plausible(value) else None


class PlausibleDates:
    """Form mixin: every date and date-time field of the form refuses dates outside 1900–2100.

    Put it first among the bases: ``class EventForm(PlausibleDates, forms.ModelForm)``.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Each form instance holds its own copy of the fields (and of their validators).
            dated = forms.DateField | forms.DateTimeField | forms.SplitDateTimeField
            if isinstance(field, dated) and validate_plausible_date not in field.validators:
                field.validators.append(validate_plausible_date)
