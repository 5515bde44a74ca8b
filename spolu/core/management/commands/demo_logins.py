from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.demo import DEMO_PASSWORD, PRINTED_LOGINS
from spolu.core.roles import ROLE_LABELS
from spolu.core.two_factor import base32_secret, current_code


class Command(BaseCommand):
    help = "Print the demo logins with their two-factor secrets (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(_("Demo logins are printed only with SPOLU_DEBUG=1."))
        devices = {
            d.user.username: d
            for d in TOTPDevice.objects.filter(user__username__in=PRINTED_LOGINS, name="demo")
            .select_related("user")
            .prefetch_related("user__groups")
        }
        if not devices:
            self.stdout.write(_("No demo users in this database."))
            return
        self.stdout.write(
            _("Password of every demo user: %(password)s") % {"password": DEMO_PASSWORD}
        )
        self.stdout.write(
            _(
                "Two-factor: add the secret to an authenticator app, or get the current code with\n"
                "  make code USER=<username>\n"
            )
        )
        self.stdout.write(
            f"{_('username'):<15} {_('role'):<36} {_('TOTP secret'):<44} {_('code now')}"
        )
        for username in PRINTED_LOGINS:
            device = devices.get(username)
            if device is None:
                continue
            role = ", ".join(str(ROLE_LABELS[g.name]) for g in device.user.groups.all())
            self.stdout.write(
                f"{username:<15} {role:<36} {base32_secret(device):<44} {current_code(device)}"
            )
