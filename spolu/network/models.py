"""Partner organisations, volunteers and interns (A17), and coordination platforms (A18).

The directory of organisations is shared by the whole centre (not scoped by office): every office
refers clients to the same partners and counsels the same schools. Volunteers and platforms
belong to an office and are scoped by it.

For reports (DESIGN.md §5):
- `VolunteerHours` rows are the hours volunteers and interns gave, per date and activity
  (`queries.volunteer_totals`).
- `PlatformMeeting` rows are the A18 meetings: their duration (`minutes`) counts once per meeting
  towards the hours of A18 (see `spolu.events.queries.activity_minutes`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.models import Activity, District, Language, Office


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    NGO = "ngo", _("Non-governmental organisation")
    MUNICIPALITY = "municipality", _("Municipality")
    EMPLOYER = "employer", _("Employer")
    AUTHORITY = "authority", _("Public authority")
    HEALTH = "health", _("Health or social service")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """The shared directory: everyone with the view permission sees every organisation."""
        if not user.is_active or not user.has_perm("network.view_organisation"):
            return self.none()
        return self.all()

    def search(self, query: str) -> OrganisationQuerySet:
        qs = self
        for word in query.split():
            qs = qs.filter(
                Q(name__icontains=word) | Q(company_id__icontains=word) | Q(address__icontains=word)
            )
        return qs


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    company_id = models.CharField(_("company ID (IČO)"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.company_id and not (self.company_id.isascii() and self.company_id.isdigit()):
            raise ValidationError({"company_id": _("A company ID has only digits.")})


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


# --- Volunteers and interns (A17) -------------------------------------------------------------


class VolunteerKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer")
    INTERN = "intern", _("intern (student placement)")


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def visible_to(self, user: Any) -> VolunteerQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("network.view_volunteer"):
            return self.none()
        return scope_to_offices(self, user)


class Volunteer(models.Model):
    """A volunteer or an intern (a student on placement) working with one office."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=VolunteerKind.choices)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("school or university"),
        limit_choices_to={"kind": OrganisationKind.SCHOOL},
    )
    study_programme = models.CharField(_("field of study"), max_length=200, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages")
    )
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)
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

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("volunteer or intern")
        verbose_name_plural = _("volunteers and interns")
        indexes = [models.Index(fields=["office", "last_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AgreementKind(models.TextChoices):
    VOLUNTEERING = "volunteering", _("volunteering agreement")
    INTERNSHIP = "internship", _("internship agreement with the school")
    OTHER = "other", _("other agreement")


def agreement_upload_to(instance: VolunteerAgreement, filename: str) -> str:
    return f"volunteers/{instance.volunteer_id}/{filename}"


class VolunteerAgreement(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    scan = models.FileField(
        _("scan of the signed agreement"), upload_to=agreement_upload_to, blank=True, max_length=300
    )
    scan_content_type = models.CharField(max_length=100, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.valid_from} – {self.valid_to or '…'})"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The agreement ends before it starts.")})

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class VolunteerAssignment(models.Model):
    """What a volunteer does (tutoring children, helping at events…), under which activity."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("volunteer")
    )
    title = models.CharField(_("assignment"), max_length=200)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The assignment ends before it starts.")})


class VolunteerHours(models.Model):
    """Hours a volunteer gave on one date to one activity (optionally within an assignment)."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="hours", verbose_name=_("volunteer")
    )
    assignment = models.ForeignKey(
        VolunteerAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours",
        verbose_name=_("assignment"),
    )
    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(24))],
    )
    description = models.CharField(_("what was done"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        indexes = [
            models.Index(fields=["volunteer", "date"]),
            models.Index(fields=["date", "activity"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_within_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.hours} h"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Hours cannot be logged for a future date.")})


# --- Coordination platforms (A18) -------------------------------------------------------------


class PlatformQuerySet(models.QuerySet["Platform"]):
    def visible_to(self, user: Any) -> PlatformQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("network.view_platform"):
            return self.none()
        return scope_to_offices(self, user)


class Platform(models.Model):
    """A regional integration platform or coordination group the centre runs or takes part in."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="platforms", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("purpose"), blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Leave empty for a platform of the whole region."),
    )
    members: models.ManyToManyField[Organisation, PlatformMembership] = models.ManyToManyField(
        Organisation,
        through="PlatformMembership",
        related_name="platforms",
        verbose_name=_("member organisations"),
    )
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.name


class PlatformMembership(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("platform")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="platform_memberships",
        verbose_name=_("organisation"),
    )
    delegate = models.CharField(_("delegate"), max_length=200, blank=True)
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("platform member")
        verbose_name_plural = _("platform members")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "organisation"], name="platform_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.platform}"


def minutes_upload_to(instance: PlatformMeeting, filename: str) -> str:
    return f"platforms/{instance.platform_id}/{filename}"


MAX_MEETING_DURATION = timedelta(days=1)


class PlatformMeetingQuerySet(models.QuerySet["PlatformMeeting"]):
    def visible_to(self, user: Any) -> PlatformMeetingQuerySet:
        from spolu.core.access import scope_to_offices

        if not user.has_perm("network.view_platformmeeting"):
            return self.none()
        return scope_to_offices(self, user, field="platform__office")


class PlatformMeeting(models.Model):
    """A meeting of a platform (A18). Its duration counts once towards the hours of A18."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("platform")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes_text = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_(
            "Paragraphs are separated by an empty line; lines starting with “- ” make a list, "
            "**text** is bold."
        ),
    )
    minutes_file = models.FileField(
        _("minutes (file)"), upload_to=minutes_upload_to, blank=True, max_length=300
    )
    minutes_file_content_type = models.CharField(max_length=100, blank=True, editable=False)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="platform_meetings",
        verbose_name=_("staff present"),
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

    objects = PlatformMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("platform meeting")
        verbose_name_plural = _("platform meetings")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="platform_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.platform} {local:%Y-%m-%d}"

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
        # The duration counts towards the hours of A18: a typo in the end date must not add
        # months of meeting time to the report.
        if self.ends_at - self.starts_at > MAX_MEETING_DURATION:
            raise ValidationError({"ends_at": _("A meeting lasts at most one day.")})

    @property
    def minutes(self) -> int:
        """Duration in minutes (what reports count for A18)."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class MeetingAttendance(models.Model):
    """A member organisation at a meeting: present (with who came) or excused."""

    meeting = models.ForeignKey(
        PlatformMeeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("meeting"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        verbose_name=_("organisation"),
    )
    present = models.BooleanField(_("present"), default=True)
    attendee = models.CharField(_("who came"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("attendance at a meeting")
        verbose_name_plural = _("attendance at meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="meeting_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.meeting}"


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def visible_to(self, user: Any) -> ActionItemQuerySet:
        from spolu.core.access import office_q

        if not user.has_perm("network.view_actionitem"):
            return self.filter(owner=user) if user.is_authenticated else self.none()
        return self.filter(office_q(user, "meeting__platform__office") | Q(owner=user))

    def open(self) -> ActionItemQuerySet:
        return self.filter(done_at__isnull=True)


class ActionItem(models.Model):
    """A task agreed at a meeting; it stays on the owner's dashboard until marked done."""

    meeting = models.ForeignKey(
        PlatformMeeting,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    description = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("with organisation"),
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date | None = None) -> bool:
        return not self.is_done and self.due_on < (today or timezone.localdate())
