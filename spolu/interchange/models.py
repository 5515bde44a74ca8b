"""A record of every import and export: who moved which data in or out of Spolu, and when.

Creating a `Transfer` writes an audit entry (the model is registered with the audit log), so
"who exported the client list" is answered by the audit log as well as by the list of transfers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")


class TransferQuerySet(models.QuerySet["Transfer"]):
    def visible_to(self, user: Any) -> TransferQuerySet:
        """A user sees their own transfers; those allowed to, everybody's."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("interchange.view_transfer"):
            return self
        return self.filter(Q(user=user))


class Transfer(models.Model):
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    kind = models.CharField(_("data"), max_length=40)
    file_format = models.CharField(_("format"), max_length=4)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    filters = models.JSONField(_("filters"), default=dict, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import or export")
        verbose_name_plural = _("imports and exports")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.kind} ({self.file_format})"
