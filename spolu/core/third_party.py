"""Strings of third-party packages that ship no Czech catalogue, so that core's carries them.

django-axes (the lockout screens of the admin) and django-otp (the TOTP device in the audit log)
have no Czech translation. Listing their messages here lets ``makemessages`` put them into
spolu/core/locale; Django finds a msgid in any installed catalogue, so the msgids must match the
packages' source exactly (including capitals). Nothing imports this module.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

AXES = [
    # models.py: verbose names of the models and their fields
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("access failure"),
    _("access failures"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("access log"),
    _("access logs"),
    # admin.py: list filter, fieldsets, actions, status column
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
    _("Account locked: too many login attempts. Please try again later."),
]

# django-otp gives plain strings (no gettext) as verbose names; the audit log browser passes them
# through gettext, so these are what it shows for a TOTP device and its fields.
OTP = [
    _("TOTP device"),
    _("user"),
    _("name"),
    _("confirmed"),
    _("throttling failure timestamp"),
    _("throttling failure count"),
    _("created at"),
    _("last used at"),
    _("key"),
    _("step"),
    _("t0"),
    _("digits"),
    _("tolerance"),
    _("drift"),
    _("last t"),
]
