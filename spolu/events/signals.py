"""A calendar address is a credential that bypasses sign-in: when the account's other credentials
are replaced (a new password, a reset of two-factor authentication after a lost phone), the
address is revoked too, so a leaked or stolen one stops working with them.

spolu.core sends no signal of its own for either change, so these listen to the models:
- a password change: Django's ``set_password`` keeps the new raw password in ``_password`` until
  the user is saved (and clears it when it only re-hashes the same password at sign-in), so a
  ``post_save`` of a user that still has it is a real change of password;
- a two-factor reset deletes the user's confirmed TOTP devices.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.events.models import CalendarFeed


def revoke_feed_on_password_change(
    sender: Any, instance: Any, created: bool = False, **kwargs: Any
) -> None:
    if created or getattr(instance, "_password", None) is None:
        return
    CalendarFeed.objects.filter(user_id=instance.pk).delete()


def revoke_feed_on_two_factor_reset(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if instance.confirmed:
        CalendarFeed.objects.filter(user_id=instance.user_id).delete()


def connect() -> None:
    post_save.connect(
        revoke_feed_on_password_change,
        sender=get_user_model(),
        dispatch_uid="events_revoke_feed_on_password_change",
    )
    post_delete.connect(
        revoke_feed_on_two_factor_reset,
        sender=TOTPDevice,
        dispatch_uid="events_revoke_feed_on_two_factor_reset",
    )
