"""Individual services: consultations with clients (A03–A05, A07), services to organisations
(A13, A16), anonymous contacts (A02, A03), field visits (A02) and appointments.

One `ServiceRecord` is one service. Its recipient is exactly one of: a client, an organisation,
or an anonymous headcount (`anonymous_count` ≥ 1). Reports count records, unique clients,
minutes and anonymous headcounts from this table (DESIGN.md §5).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client, Sex
from spolu.core.models import Activity, Country, District, Language, NamedInCzechAndEnglish, Office
from spolu.network.models import Organisation

MINUTES_IN_A_DAY = 24 * 60

# One anonymous contact record is the people met at once (a family, a group at a stand), never a
# period's total; the form and the service import share this limit.
ANONYMOUS_COUNT_MAX = 500

# Which activities a service can be attributed to, by its recipient (DESIGN.md §2). The forms
# offer these and the service import checks them.
CLIENT_ACTIVITIES = ["A04", "A05", "A07", "A03", "A02"]
ORGANISATION_ACTIVITIES = ["A13", "A16"]
ANONYMOUS_ACTIVITIES = ["A03", "A02"]


class Topic(NamedInCzechAndEnglish):
    """A topic of a consultation (admin-editable taxonomy)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    ONLINE = "online", _("online")
    FIELD = "field", _("in the field")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    COMPLETED = "completed", _("helped")
    DECLINED = "declined", _("declined by the organisation")
    NOT_USED = "not_used", _("client did not go")


class FieldVisitQuerySet(models.QuerySet["FieldVisit"]):
    def visible_to(self, user: Any) -> FieldVisitQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("counselling.view_fieldvisit"):
            return self.none()
        return scope_to_offices(self, user)


class FieldVisit(models.Model):
    """A visit of field workers to a place (A02); contacts made there hang under it."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("office"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=250)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="field_visits", verbose_name=_("staff")
    )
    minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MaxValueValidator(MINUTES_IN_A_DAY)]
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = FieldVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        indexes = [models.Index(fields=["office", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__lte=MINUTES_IN_A_DAY),
                name="field_visit_minutes_within_a_day",
                violation_error_message=_("A field visit lasts at most a day (1440 minutes)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.date})"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": _("A field visit cannot be recorded for a future date.")}
            )


class ServiceRecordQuerySet(models.QuerySet["ServiceRecord"]):
    def visible_to(self, user: Any) -> ServiceRecordQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("counselling.view_servicerecord"):
            return self.none()
        return scope_to_offices(self, user)

    def anonymous(self) -> ServiceRecordQuerySet:
        return self.filter(client__isnull=True, organisation__isnull=True)


class ServiceRecord(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("office"))
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=0, validators=[MaxValueValidator(MINUTES_IN_A_DAY)]
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("client"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("organisation"),
    )
    anonymous_count = models.PositiveIntegerField(
        _("anonymous headcount"),
        default=0,
        validators=[MaxValueValidator(ANONYMOUS_COUNT_MAX)],
    )
    anonymous_citizenship = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citizenship (if known)"),
    )
    anonymous_sex = models.CharField(
        _("sex (if known)"), max_length=1, choices=Sex.choices, blank=True
    )
    field_visit = models.ForeignKey(
        FieldVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("field visit"),
    )

    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("staff member"),
    )
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreting into"),
    )
    note = models.TextField(_("note"), blank=True)
    note_confidential = models.BooleanField(
        _("confidential note"),
        default=False,
        help_text=_("Only the legal team and the author can read it."),
    )
    follow_up = models.CharField(_("follow-up task"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    referral_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred to"),
    )
    referral_outcome = models.CharField(
        _("referral outcome"), max_length=10, choices=ReferralOutcome.choices, blank=True
    )

    external_id = models.CharField(
        _("external ID"), max_length=100, unique=True, null=True, blank=True
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

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        permissions = [
            ("view_service_notes", _("Can read notes of services")),
            ("view_confidential_notes", _("Can read confidential (legal) notes")),
        ]
        indexes = [
            # Both also cover what the monitoring report reads (index-only scans): a client's
            # services by day and activity; a period's services with their counts.
            models.Index(fields=["client", "date", "activity"], name="service_client_day"),
            models.Index(
                fields=["date", "activity", "client", "minutes", "anonymous_count"],
                name="service_period",
            ),
            models.Index(fields=["office", "date"]),
            models.Index(fields=["staff", "follow_up_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="service_has_exactly_one_recipient",
                condition=(
                    Q(client__isnull=False, organisation__isnull=True, anonymous_count=0)
                    | Q(client__isnull=True, organisation__isnull=False, anonymous_count=0)
                    | Q(client__isnull=True, organisation__isnull=True, anonymous_count__gte=1)
                ),
                violation_error_message=_(
                    "A service is for exactly one client, one organisation or an anonymous "
                    "headcount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(minutes__lte=MINUTES_IN_A_DAY),
                name="service_minutes_within_a_day",
                violation_error_message=_("A service lasts at most a day (1440 minutes)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date} {self.recipient_label}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        recipients = [
            self.client_id is not None,
            self.organisation_id is not None,
            self.anonymous_count > 0,
        ]
        if sum(recipients) != 1:
            errors["__all__"] = _(
                "A service is for exactly one client, one organisation or an anonymous headcount."
            )
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A service cannot be recorded for a future date.")
        elif self.date and self.client_id is not None:
            born = self.client.birth_date if self.client else None
            if born and self.date < born:
                errors["date"] = _("The service date is before the client's date of birth.")
        if not self.is_anonymous and (self.anonymous_citizenship_id or self.anonymous_sex):
            errors["anonymous_count"] = _(
                "Citizenship and sex are recorded only for anonymous contacts."
            )
        if self.follow_up_due and not self.follow_up:
            errors["follow_up"] = _("Describe the follow-up task that is due.")
        if self.referral_outcome and not self.referral_organisation_id:
            errors["referral_organisation"] = _(
                "Choose the organisation the client was referred to."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def recipient_label(self) -> str:
        if self.client_id:
            return str(self.client)
        if self.organisation_id:
            return str(self.organisation)
        return str(_("anonymous ×%(count)s") % {"count": self.anonymous_count})

    @property
    def is_confidential(self) -> bool:
        """Legal counselling notes are confidential by definition; others when marked so."""
        return self.note_confidential or self.activity_id == "A05"

    def note_visible_to(self, user: Any) -> bool:
        """Confidential notes: the legal team and the author. Others: who may read notes."""
        if user.pk is not None and user.pk == self.staff_id:
            return True
        if self.is_confidential:
            return bool(user.has_perm("counselling.view_confidential_notes"))
        return bool(user.has_perm("counselling.view_service_notes"))

    @property
    def is_anonymous(self) -> bool:
        return self.client_id is None and self.organisation_id is None

    def counts_as_eligible(self) -> bool | None:
        """Whether the client was eligible on the service date (None: not a client service)."""
        if self.client_id is None:
            return None
        assert self.client is not None
        return self.client.eligible_on(self.date)


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("took place")
    NO_SHOW = "no_show", _("client did not come")
    CANCELLED = "cancelled", _("cancelled")


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: Any) -> AppointmentQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("counselling.view_appointment"):
            return self.none()
        return scope_to_offices(self, user)


class Appointment(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("office"))
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("client"),
    )
    contact_name = models.CharField(_("name (if not yet a client)"), max_length=200, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("with"),
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=30, validators=[MaxValueValidator(MINUTES_IN_A_DAY)]
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter needed for"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["staff", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.client or self.contact_name}"


class WorkDigestSent(models.Model):
    """A morning digest e-mail that went out (`spolu.counselling.reminders`): one a day each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("work digest sent")
        verbose_name_plural = _("work digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_work_digest_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.sent_on.isoformat()}"
