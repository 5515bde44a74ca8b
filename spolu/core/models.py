"""Staff accounts, offices and the code lists every other part of Spolu refers to.

Code lists use their published code as primary key (ISO 3166 alpha-2, ISO 639-1, CZ-NUTS, the
project's activity numbering), so records and reports carry the code itself and imports need no
lookup table. Names are editable by an administrator; codes are not meant to change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedInCzechAndEnglish(models.Model):
    """A code-list row with a Czech and an English name; `name` follows the active language."""

    name_cs = models.CharField(_("name (Czech)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pk} – {self.name}"

    @property
    def name(self) -> str:
        language = (get_language() or "cs").split("-")[0]
        return self.name_cs if language == "cs" else self.name_en


class District(NamedInCzechAndEnglish):
    """A district (okres, LAU 1) by its CZ-NUTS code, e.g. CZ0427 Ústí nad Labem."""

    code = models.CharField(
        _("code"),
        max_length=6,
        primary_key=True,
        validators=[RegexValidator(r"^CZ0\d{3}$", _("Use a CZ-NUTS district code like CZ0427."))],
    )
    region_code = models.CharField(_("region code"), max_length=5, default="CZ042")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class OfficeQuerySet(models.QuerySet["Office"]):
    def visible_to(self, user: Any) -> OfficeQuerySet:
        from spolu.core.access import scope_to_offices

        return scope_to_offices(self, user, field="pk")

    def active(self) -> OfficeQuerySet:
        return self.filter(active=True)


class Office(models.Model):
    """A place where the centre works: the main office or a branch. Every record belongs to one."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, verbose_name=_("district"), related_name="offices"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member. Roles are groups (see roles.py); offices decide which records they see."""

    offices = models.ManyToManyField(
        Office, blank=True, related_name="staff", verbose_name=_("offices")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        permissions = [
            ("view_all_offices", _("Can see records of every office")),
            ("view_audit_log", _("Can browse the audit log")),
            ("reset_two_factor", _("Can reset another user's two-factor device")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> list[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = sorted(g.name for g in self.groups.all())
        return self._role_codes

    def has_role(self, *codes: str) -> bool:
        return any(code in self.role_codes for code in codes)

    def office_ids(self) -> list[int]:
        if not hasattr(self, "_office_ids"):
            self._office_ids = list(self.offices.values_list("pk", flat=True))
        return self._office_ids

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        for cached in ("_role_codes", "_office_ids"):
            self.__dict__.pop(cached, None)
        super().refresh_from_db(*args, **kwargs)


class Country(NamedInCzechAndEnglish):
    """A citizenship by ISO 3166-1 alpha-2 code; `XX` stands for stateless or unknown."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    eu_eea_ch = models.BooleanField(
        _("EU, EEA or Switzerland"),
        default=False,
        help_text=_("Citizens of these countries are not in the AMIF target group."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_cs"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Language(NamedInCzechAndEnglish):
    """A language by ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    common = models.BooleanField(
        _("offered first"), default=False, help_text=_("Listed first in choices.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-common", "name_cs"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class ResidenceCategory(NamedInCzechAndEnglish):
    """A kind of residence status; `eligible` marks the AMIF target group (DESIGN.md §4)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    eligible = models.BooleanField(_("eligible for AMIF"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("residence category")
        verbose_name_plural = _("residence categories")

    def __str__(self) -> str:
        return self.name


class Activity(NamedInCzechAndEnglish):
    """One of the project's funded activities (A01–A19); every record is attributed to one."""

    code = models.CharField(
        _("code"),
        max_length=10,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]\d{2}$", _("Use a code like A04."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
