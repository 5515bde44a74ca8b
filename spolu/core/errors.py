"""Domain errors: raised by services, shown to the user as a translated message (never a 500)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class SpoluError(Exception):
    """A refusal with a message for the user and a stable code for tests and the API."""

    code = "invalid"

    def __init__(self, message: str | Promise, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class StaleObjectError(SpoluError):
    """Someone else saved the record after this user opened it (no lost updates)."""

    code = "stale"

    def __init__(self, message: str | Promise | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this record after you opened it. Your changes were not "
                "saved: reload the page to see the current version and make your changes again."
            )
        )
