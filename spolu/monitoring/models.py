"""Regional monitoring (A19): official statistics of foreigners and field observations.

An `OfficialStatistic` is one published count of foreigners on a date in a territory, broken
down by any of citizenship, residence category, sex and age band. An EMPTY dimension means
"all of them" — the total over that dimension, exactly as in the tables of the Czech
Statistical Office — so one table mixes total rows and detail rows. Totals are therefore read,
never computed: the total of a territory is its row with every dimension empty, and a detail row
is never added to the total it belongs to. Each row says whether it was published (`synthetic`
False, with its `source`) or made up for a demonstration (`synthetic` True), and pages say so.

An `Observation` is a dated note of a staff member about the situation of the target group in a
district (housing, work, schools…), shown beside the regional dashboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.models import District, Office

DIMENSIONS = ("citizenship", "residence_category", "sex", "age_band")


@dataclass(frozen=True, order=True)
class AgeBand:
    """Ages `low`–`high` in whole years, both inclusive; `high` None means "and older"."""

    low: int
    high: int | None

    @property
    def code(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def overlaps(self, other: AgeBand) -> bool:
        self_high = self.high if self.high is not None else 10_000
        other_high = other.high if other.high is not None else 10_000
        return self.low <= other_high and other.low <= self_high


# The age bands of the monitoring report (DESIGN.md §5) are accepted under their report codes.
REPORT_AGE_BANDS = {"under_18": "0-17", "18_60": "18-60", "over_60": "61+"}
_BAND = re.compile(r"^(\d{1,3})\s*(?:-|–)\s*(\d{1,3})$|^(\d{1,3})\s*\+$")


def parse_age_band(text: str) -> AgeBand | None:
    """`0-14`, `15–64`, `65+` or a report code (`under_18`…); None when not a band."""
    text = REPORT_AGE_BANDS.get(text.strip().lower(), text.strip())
    match = _BAND.match(text)
    if not match:
        return None
    if match.group(3) is not None:
        return AgeBand(int(match.group(3)), None)
    low, high = int(match.group(1)), int(match.group(2))
    if high < low:
        return None
    return AgeBand(low, high)


class OfficialStatisticQuerySet(models.QuerySet["OfficialStatistic"]):
    def totals(self) -> OfficialStatisticQuerySet:
        """Rows with no breakdown: the count of all foreigners of a territory on a date."""
        return self.filter(citizenship="", residence_category="", sex="", age_band="")

    def published(self) -> OfficialStatisticQuerySet:
        return self.filter(synthetic=False)


class OfficialStatistic(models.Model):
    date = models.DateField(_("date"))
    territory = models.CharField(
        _("territory"), max_length=6, help_text=_("A region (CZ042) or a district (CZ0427).")
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=2, blank=True, help_text=_("Empty: all citizenships.")
    )
    residence_category = models.CharField(
        _("residence category"), max_length=40, blank=True, help_text=_("Empty: all categories.")
    )
    sex = models.CharField(_("sex"), max_length=1, blank=True, help_text=_("Empty: both sexes."))
    age_band = models.CharField(
        _("age band"), max_length=10, blank=True, help_text=_("Empty: all ages.")
    )
    count = models.PositiveIntegerField(_("number of foreigners"))
    synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_("Made up for a demonstration or a test, not published by anyone."),
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the figure was published.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficialStatisticQuerySet.as_manager()

    class Meta:
        ordering = ["date", "territory", *DIMENSIONS]
        verbose_name = _("official statistic")
        verbose_name_plural = _("official statistics")
        constraints = [
            # Empty strings, not NULLs, mean "total": NULLs would slip past a unique constraint.
            models.UniqueConstraint(
                fields=["date", "territory", *DIMENSIONS], name="official_statistic_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["territory", "date"])]

    def __str__(self) -> str:
        parts = [
            p for p in (self.citizenship, self.residence_category, self.sex, self.age_band) if p
        ]
        detail = f" ({', '.join(parts)})" if parts else ""
        return f"{self.territory} {self.date}{detail}: {self.count}"

    @property
    def is_total(self) -> bool:
        return not any(getattr(self, name) for name in DIMENSIONS)

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.date, self.territory, *(getattr(self, name) for name in DIMENSIONS))


class ObservationTopic(models.TextChoices):
    RESIDENCE = "residence", _("residence and permits")
    EMPLOYMENT = "employment", _("work and employment")
    HOUSING = "housing", _("housing")
    EDUCATION = "education", _("schools and education")
    LANGUAGE = "language", _("language and communication")
    HEALTH = "health", _("access to health care")
    SOCIAL = "social", _("social situation and benefits")
    COMMUNITY = "community", _("relations with the majority")
    NEW_ARRIVALS = "new_arrivals", _("new arrivals and groups")
    OTHER = "other", _("other")


class ObservationQuerySet(models.QuerySet["Observation"]):
    def visible_to(self, user: Any) -> ObservationQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("monitoring.view_observation"):
            return self.none()
        return scope_to_offices(self, user)


class Observation(models.Model):
    """A dated field note about the situation of foreigners in a district (no personal data)."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=ObservationTopic.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty: the whole region."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("observation"),
        help_text=_(
            "What you saw or heard and what it means for foreigners in the region. "
            "No names or other personal data."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        permissions = [("change_any_observation", _("Can edit observations of colleagues"))]
        indexes = [models.Index(fields=["office", "date"])]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="observation_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("An observation cannot be dated in the future.")})

    def editable_by(self, user: Any) -> bool:
        if not user.has_perm("monitoring.change_observation"):
            return False
        return bool(user.pk == self.author_id or user.has_perm("monitoring.change_any_observation"))
