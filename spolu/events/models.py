"""Events (A06 lectures, A11 integration activities, A12 trainings, A14 multicultural activities,
A15 ethnic evenings, A17 excursions, A01 campaign events), information campaigns (A01) and
iCalendar feed tokens. Field visits (A02) are `spolu.counselling.models.FieldVisit`; their pages
live in this app.

What reports count (DESIGN.md §5), all through `Event.objects.reportable()` (not cancelled):
- **registered participations**: `EventParticipant.objects.reportable()` — one row per client and
  event, with the event's `date` and `activity_id`; a person at two events counts twice.
  A participant marked absent (`attended=False`) does not count; unmarked counts as present.
- **event minutes per activity**: `Event.minutes`, once per event however many took part.
- **public headcount**: `Event.public_headcount` = adults + children + not broken down.
- **copies and reach** of campaigns: `DistributionAction.copies` / `.reach`, by the
  `DistributionAction.date`, the material's languages and the `channel`.
`Event.date` is the local date of `starts_at`, indexed, so a period is a plain date range.
`spolu.events.queries` has these sums ready-made.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.models import Activity, Country, District, Language, Office
from spolu.network.models import Organisation

# The activities recorded as events (DESIGN.md §2); A18 meetings are platform meetings.
EVENT_ACTIVITIES = ("A01", "A06", "A11", "A12", "A14", "A15", "A17")
MAX_EVENT_DURATION = timedelta(days=14)
MAX_EVENT_MINUTES = 14 * 24 * 60


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: Any) -> EventQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("events.view_event"):
            return self.none()
        return scope_to_offices(self, user)

    def reportable(self) -> EventQuerySet:
        """Events that took place (or will): every report counts only these."""
        return self.filter(cancelled=False)

    def with_organisation(self, organisation: Any) -> EventQuerySet:
        """Events the organisation helped organise or sent professionals to."""
        return self.filter(
            Q(partner_organisations=organisation) | Q(professionals__organisation=organisation)
        ).distinct()

    def between(self, date_from: Any, date_to: Any) -> EventQuerySet:
        """Events whose (local) start date is in the period, both ends inclusive."""
        return self.filter(date__gte=date_from, date__lte=date_to)


class Event(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="events", verbose_name=_("office")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
        limit_choices_to={"code__in": EVENT_ACTIVITIES},
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Derived in clean(): the local date of starts_at, for reports by period.
    date = models.DateField(_("date"), editable=False)
    minutes = models.PositiveIntegerField(
        _("duration for reports (minutes)"),
        blank=True,
        help_text=_("Leave empty to count the time from start to end."),
    )
    place = models.CharField(_("place"), max_length=250, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisers (staff)"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("partner organisations")
    )
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language of the event"),
    )
    interpretation_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("interpreted into")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Most registered participants; leave empty for no limit."),
    )
    featured_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured country"),
        help_text=_("For ethnic evenings: the country or community presented."),
    )
    featured_community = models.CharField(_("featured community"), max_length=200, blank=True)
    headcount_adults = models.PositiveIntegerField(_("public: adults"), default=0)
    headcount_children = models.PositiveIntegerField(_("public: children"), default=0)
    headcount_unspecified = models.PositiveIntegerField(
        _("public: age not recorded"),
        default=0,
        help_text=_("People counted without telling adults from children (e.g. imported totals)."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in the system the record was imported from."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [
            ("view_office_field_visits", _("Can see every field visit of their offices")),
            ("subscribe_calendar", _("Can subscribe to their calendar in another app")),
            ("import_events", _("Can import events and their participants")),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["date", "activity"]),
            models.Index(fields=["office", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(headcount_adults__gte=0)
                & Q(headcount_children__gte=0)
                & Q(headcount_unspecified__gte=0),
                name="event_headcount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.activity_id and self.activity_id not in EVENT_ACTIVITIES:
            errors["activity"] = _("This activity is not recorded as an event.")
        if self.starts_at and self.ends_at:
            if self.ends_at < self.starts_at:
                errors["ends_at"] = _("The event cannot end before it starts.")
            elif self.ends_at - self.starts_at > MAX_EVENT_DURATION:
                errors["ends_at"] = _("An event lasts at most two weeks.")
            else:
                self.date = timezone.localdate(self.starts_at)
                duration = int((self.ends_at - self.starts_at).total_seconds() // 60)
                if self.minutes is None:
                    self.minutes = duration
                elif self.minutes > duration:
                    # Reports count these minutes: never more than the event really lasted.
                    errors["minutes"] = _(
                        "The duration for reports cannot be longer than the event itself "
                        "(%(minutes)s minutes)."
                    ) % {"minutes": duration}
        if self.minutes is not None and self.minutes > MAX_EVENT_MINUTES:
            errors.setdefault("minutes", _("An event lasts at most two weeks."))
        for field in ("headcount_adults", "headcount_children", "headcount_unspecified"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A headcount cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def time_recorded(self) -> bool:
        """Imported events carry a date only: they start at midnight, shown without a time."""
        local = timezone.localtime(self.starts_at)
        return (local.hour, local.minute) != (0, 0) or self.ends_at - self.starts_at >= timedelta(
            days=1
        )

    @property
    def public_headcount(self) -> int:
        return self.headcount_adults + self.headcount_children + self.headcount_unspecified

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class EventParticipantQuerySet(models.QuerySet["EventParticipant"]):
    def visible_to(self, user: Any) -> EventParticipantQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("events.view_eventparticipant"):
            return self.none()
        return scope_to_offices(self, user, field="event__office")

    def reportable(self) -> EventParticipantQuerySet:
        """Registered participations reports count: not absent, at an event not cancelled."""
        return self.filter(event__cancelled=False).exclude(attended=False)


class EventParticipant(models.Model):
    """A client registered for an event (unique per event). `attended` None means not marked."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="event_participations",
        verbose_name=_("client"),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = EventParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["event", "client"], name="event_participant_once"),
        ]
        indexes = [models.Index(fields=["client", "event"])]

    def __str__(self) -> str:
        return f"{self.client} @ {self.event}"


class EventProfessional(models.Model):
    """A professional trained at an event (A12): a teacher, an official — not a client."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="professionals", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=250, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_professionals",
        verbose_name=_("organisation in the directory"),
    )
    role = models.CharField(_("role or position"), max_length=200, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("professional participant")
        verbose_name_plural = _("professional participants")

    def __str__(self) -> str:
        return self.name

    @property
    def institution_label(self) -> str:
        return self.institution or (self.organisation.name if self.organisation else "")


class EvidenceKind(models.TextChoices):
    SIGNED_SHEET = "signed_sheet", _("signed attendance sheet")
    PHOTO = "photo", _("photo")
    OTHER = "other", _("other document")


def evidence_upload_to(instance: EventEvidence, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventEvidence(models.Model):
    """A scanned signed sheet, a photo or another document proving the event took place."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    original_name = models.CharField(_("file name"), max_length=250, editable=False)
    description = models.CharField(_("description"), max_length=250, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- Information campaigns (A01) --------------------------------------------------------------


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: Any) -> CampaignQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("events.view_campaign"):
            return self.none()
        return scope_to_offices(self, user)


class Campaign(models.Model):
    """An information campaign (A01): what it wants to achieve, when, with which materials."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("office")
    )
    title = models.CharField(_("title"), max_length=250)
    goal = models.TextField(_("goal"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("leaflet")
    POSTER = "poster", _("poster")
    VIDEO = "video", _("video")
    WEB_ARTICLE = "web_article", _("web article")
    SOCIAL_POST = "social_post", _("social media post")


class CampaignMaterial(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="materials", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=250)
    languages = models.ManyToManyField(Language, related_name="+", verbose_name=_("languages"))
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class DistributionChannel(models.TextChoices):
    IN_PERSON = "in_person", _("handed out in person")
    PLACEMENT = "placement", _("placed at partners (offices, schools, shops)")
    POST = "post", _("post and e-mail")
    WEB = "web", _("website")
    SOCIAL_MEDIA = "social_media", _("social media")
    MEDIA = "media", _("press, radio, TV")
    EVENT = "event", _("at an event")
    OTHER = "other", _("other")


class DistributionAction(models.Model):
    """Material handed out or published: copies (printed pieces) and/or reach (people reached)."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="distribution_actions",
        verbose_name=_("campaign"),
    )
    material = models.ForeignKey(
        CampaignMaterial,
        on_delete=models.PROTECT,
        related_name="distribution_actions",
        verbose_name=_("material"),
    )
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=DistributionChannel.choices)
    place = models.CharField(_("place"), max_length=250, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    copies = models.PositiveIntegerField(_("copies"), default=0)
    reach = models.PositiveIntegerField(
        _("reach"), default=0, help_text=_("People reached (views, listeners, visitors).")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("distribution action")
        verbose_name_plural = _("distribution actions")
        indexes = [models.Index(fields=["date", "channel"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(copies__gt=0) | Q(reach__gt=0), name="distribution_copies_or_reach"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} {self.date}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not (self.copies or self.reach):
            errors["copies"] = _("Enter the number of copies, the reach, or both.")
        if self.material_id and self.campaign_id and self.material.campaign_id != self.campaign_id:
            errors["material"] = _("The material belongs to another campaign.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A distribution cannot be recorded for a future date.")
        elif self.date and self.campaign_id:
            campaign = self.campaign
            if not campaign.starts_on <= self.date <= campaign.ends_on:
                errors["date"] = _(
                    "The date is outside the campaign's period (%(starts)s – %(ends)s)."
                ) % {
                    "starts": formats.date_format(campaign.starts_on, "SHORT_DATE_FORMAT"),
                    "ends": formats.date_format(campaign.ends_on, "SHORT_DATE_FORMAT"),
                }
        if errors:
            raise ValidationError(errors)


# --- iCalendar feeds --------------------------------------------------------------------------


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A staff member's secret calendar address. Only a hash is kept: the address is shown once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("staff member"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
