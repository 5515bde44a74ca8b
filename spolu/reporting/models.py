"""Indicator sets: the funder's indicators as data (DESIGN.md §5).

An `Indicator` is a rule from a small closed vocabulary, never code or SQL: a `Measure` (what is
counted: unique clients, service records, hours, campaign materials…) narrowed by filters (the
activities, which kinds of engagement count, only eligible clients, a condition such as an
improved CEFR level). `spolu.reporting.indicators.rule_errors` refuses rules that could never
count anything. Each indicator has targets for periods; the report shows value, target and
progress. The default AMIF 2021–2027 set is seeded by a data migration (`reference_data.py`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from spolu.core.models import Activity, NamedInCzechAndEnglish


class Measure(models.TextChoices):
    """What an indicator counts. Only `CLIENTS` takes the engagement filters and conditions."""

    CLIENTS = "clients", _("unique clients (persons counted once)")
    SERVICE_RECORDS = "service_records", _("service records")
    ANONYMOUS_CONTACTS = "anonymous_contacts", _("anonymous contacts (headcount)")
    EVENT_PARTICIPANTS = "event_participants", _("registered event participations")
    PUBLIC_HEADCOUNT = "public_headcount", _("public headcount at events")
    EVENTS = "events", _("events held")
    HOURS = "hours", _("hours")
    COURSES_RUN = "courses_run", _("courses run")
    COMPLETIONS = "completions", _("course completions")
    CAMPAIGNS = "campaigns", _("information campaigns distributing in the period")
    CAMPAIGN_MATERIALS = "campaign_materials", _("information packages distributed")
    # AMIF O.2.4 counts both: the packages distributed and the campaigns distributing them.
    PACKAGES_AND_CAMPAIGNS = (
        "packages_and_campaigns",
        _("information packages and campaigns (packages distributed plus campaigns distributing)"),
    )
    DISTRIBUTION_COPIES = "distribution_copies", _("copies of materials distributed")
    DISTRIBUTION_REACH = "distribution_reach", _("people reached by campaigns")
    MANUAL = "manual", _("entered by hand with the target (e.g. survey results)")


class Condition(models.TextChoices):
    """A further condition on the persons of a `CLIENTS` indicator."""

    NONE = "", _("no further condition")
    COURSE_COMPLETED = "course_completed", _("completed a course in the period")
    CEFR_IMPROVED = (
        "cefr_improved",
        _("exit CEFR level above entry level (course ended in the period)"),
    )


class IndicatorSetQuerySet(models.QuerySet["IndicatorSet"]):
    def active(self) -> IndicatorSetQuerySet:
        return self.filter(active=True)


class IndicatorSet(NamedInCzechAndEnglish):
    """A named list of indicators, e.g. the funder's integration indicators."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(
        _("shown in reports"),
        default=True,
        help_text=_("Reports show the indicators of active sets."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorSetQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        permissions = [("view_report", _("Can see the monitoring report and its records"))]

    def __str__(self) -> str:
        return self.name


class Indicator(NamedInCzechAndEnglish):
    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("indicator set"),
    )
    code = models.CharField(
        _("code"), max_length=30, help_text=_("As in the grant agreement, e.g. O.2.3.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    measure = models.CharField(_("what is counted"), max_length=30, choices=Measure.choices)
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="+",
        verbose_name=_("activities"),
        help_text=_("Only records of these activities count; none chosen means every activity."),
    )
    count_services = models.BooleanField(
        _("service records count"),
        default=True,
        help_text=_("For counts of clients: individual services are engagements."),
    )
    count_events = models.BooleanField(
        _("event participations count"),
        default=True,
        help_text=_("For counts of clients: registered participations in events are engagements."),
    )
    count_lessons = models.BooleanField(
        _("lesson attendance counts"),
        default=True,
        help_text=_("For counts of clients: presence at course lessons is an engagement."),
    )
    eligible_only = models.BooleanField(
        _("only eligible clients"),
        default=False,
        help_text=_(
            "For counts of clients: a person counts only with an engagement on a date when they "
            "were in the AMIF target group."
        ),
    )
    condition = models.CharField(
        _("condition"), max_length=30, choices=Condition.choices, blank=True, default=""
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["indicator_set__order", "indicator_set__code", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="indicator_code_unique_in_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The engagement kinds that count (for `Measure.CLIENTS`)."""
        flags = (
            ("service", self.count_services),
            ("event", self.count_events),
            ("lesson", self.count_lessons),
        )
        return tuple(kind for kind, on in flags if on)

    def clean(self) -> None:
        from spolu.reporting.indicators import rule_errors

        # The activities are checked with the form (a many-to-many field is saved later).
        errors = rule_errors(
            measure=self.measure,
            activities=None,
            kinds=self.kinds,
            eligible_only=self.eligible_only,
            condition=self.condition,
        )
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(models.Model):
    """The value an indicator should reach in a period (a year, the whole project)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    target = models.PositiveIntegerField(_("target"))
    value = models.PositiveIntegerField(
        _("achieved value"),
        null=True,
        blank=True,
        help_text=_("Only for indicators entered by hand: the value reached in this period."),
    )

    class Meta:
        ordering = ["indicator", "period_from", "period_to"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="target_period_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_from", "period_to"], name="target_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_from} – {self.period_to}: {self.target}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The end of the period is before its start.")
        try:
            manual = self.indicator.measure == Measure.MANUAL
        except ObjectDoesNotExist:
            manual = False
        if self.value is not None and not manual:
            errors["value"] = _(
                "The achieved value is computed from the records; enter it only for indicators "
                "entered by hand."
            )
        if errors:
            raise ValidationError(errors)

    def covers(self, date_from: date, date_to: date) -> bool:
        return self.period_from <= date_from and date_to <= self.period_to
