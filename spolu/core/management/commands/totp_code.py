from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core.two_factor import current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(_("Two-factor codes are printed only with SPOLU_DEBUG=1."))
        device = TOTPDevice.objects.filter(
            user__username=options["username"], name="demo", confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                _("%(username)s has no demo two-factor device.") % {"username": options["username"]}
            )
        self.stdout.write(current_code(device))
