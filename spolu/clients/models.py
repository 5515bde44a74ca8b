"""The client file: a person of the target group, their residence history and consents.

A client is never deleted: a duplicate is merged into its survivor (and keeps a pointer to it),
and after the retention period personal data is anonymised while the records stay, so reports
for past periods do not change.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.models import Country, District, Language, Office, ResidenceCategory


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    OTHER = "X", _("other / not stated")


class ClientQuerySet(models.QuerySet["Client"]):
    def active(self) -> ClientQuerySet:
        """Clients that are not merged into another record."""
        return self.filter(merged_into__isnull=True)

    def visible_to(self, user: Any) -> ClientQuerySet:
        """The clients `user` may open: their offices' clients (every office for central roles)."""
        from spolu.core.access import scope_to_offices

        if not user.has_perm("clients.view_client"):
            return self.none()
        return scope_to_offices(self, user)


class Client(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="clients", verbose_name=_("office")
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in the system the record was imported from."),
    )
    first_name = models.CharField(
        _("first name"), max_length=150, help_text=_("As the person writes it, in any script.")
    )
    last_name = models.CharField(
        _("last name"), max_length=150, help_text=_("As the person writes it, in any script.")
    )
    first_name_latin = models.CharField(
        _("first name (Latin, as in documents)"), max_length=150, blank=True
    )
    last_name_latin = models.CharField(
        _("last name (Latin, as in documents)"), max_length=150, blank=True
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900)],
        help_text=_("When only the year is known."),
    )
    citizenship = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizenship")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district of residence"),
    )
    first_contact_date = models.DateField(_("first contact"))
    vulnerable = models.BooleanField(
        _("vulnerable person"),
        default=False,
        help_text=_("Needs particular care. Record no health or other details here."),
    )
    guardian = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wards",
        verbose_name=_("guardian"),
        help_text=_("For a minor: the guardian, if a client."),
    )
    guardian_note = models.CharField(_("guardian (if not a client)"), max_length=200, blank=True)

    # Derived: normalised names, aliases, phone digits, birth date and permit numbers, kept up
    # to date by services.client_reindex; searched with trigrams on PostgreSQL.
    search_text = models.TextField(editable=False, default="")

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
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
        editable=False,
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name_latin", "first_name_latin", "last_name", "first_name", "pk"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        permissions = [
            ("merge_client", _("Can merge duplicate clients")),
            ("export_client", _("Can export client lists")),
            ("import_data", _("Can import clients and services")),
            ("anonymise_client", _("Can anonymise clients (erasure on request)")),
            ("export_subject_data", _("Can export everything held on a client (right of access)")),
        ]
        indexes = [
            models.Index(fields=["office", "last_name_latin"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["citizenship"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="client_birth_year_plausible",
                violation_error_message=_("The year of birth is before 1900."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        today = timezone.localdate()
        errors: dict[str, Any] = {}
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = _("The date of birth is in the future.")
        if self.birth_year and self.birth_year > today.year:
            errors["birth_year"] = _("The year of birth is in the future.")
        if self.birth_date and self.birth_year and self.birth_year != self.birth_date.year:
            errors["birth_year"] = _("The year of birth does not match the date of birth.")
        if self.first_contact_date:
            if self.first_contact_date > today:
                errors["first_contact_date"] = _("The first contact cannot be in the future.")
            elif self.birth_date and self.first_contact_date < self.birth_date:
                errors["first_contact_date"] = _("The first contact is before the date of birth.")
        if self.guardian_id and self.guardian_id == self.pk:
            errors["guardian"] = _("A client cannot be their own guardian.")
        if errors:
            raise ValidationError(errors)

    @property
    def native_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def latin_name(self) -> str:
        latin = f"{self.last_name_latin} {self.first_name_latin}".strip()
        return latin or self.native_name

    @property
    def display_name(self) -> str:
        """`Шевченко Олександр / Shevchenko Oleksandr` when the scripts differ (DESIGN.md §9)."""
        if self.anonymised_at:
            return f"#{self.pk}"
        if self.latin_name != self.native_name:
            return f"{self.native_name} / {self.latin_name}"
        return self.native_name

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    def age_on(self, day: date) -> int | None:
        """Age in whole years; with only the year of birth known, 1 July counts as the birthday."""
        if self.birth_date:
            born = self.birth_date
        elif self.birth_year:
            born = date(self.birth_year, 7, 1)
        else:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def statuses(self) -> list[ResidenceStatus]:
        """Residence statuses, newest first (uses a prefetch when there is one)."""
        return sorted(self.residence_statuses.all(), key=lambda s: s.valid_from, reverse=True)

    def status_on(self, day: date) -> ResidenceStatus | None:
        return next((s for s in self.statuses() if s.covers(day)), None)

    def eligible_on(self, day: date) -> bool:
        """DESIGN.md §4: not an EU/EEA/Swiss citizen, and an eligible status valid on `day`."""
        if self.citizenship.eu_eea_ch:
            return False
        status = self.status_on(day)
        return bool(status and status.category.eligible)

    def expiring_status(self, today: date, within_days: int = 60) -> ResidenceStatus | None:
        """The current status when its validity ends within `within_days` days."""
        status = self.status_on(today)
        if status and status.valid_to and status.valid_to <= today + timedelta(days=within_days):
            return status
        return None

    def has_consent(self, purpose: str, day: date) -> bool:
        return any(c.purpose == purpose and c.valid_on(day) for c in self.consents.all())


class ClientAlias(models.Model):
    """Another name the person is known by (maiden name, other transliteration, nickname)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("client")
    )
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other household member")


INVERSE_RELATION = {
    RelationKind.SPOUSE: RelationKind.SPOUSE,
    RelationKind.CHILD: RelationKind.PARENT,
    RelationKind.PARENT: RelationKind.CHILD,
    RelationKind.SIBLING: RelationKind.SIBLING,
    RelationKind.OTHER: RelationKind.OTHER,
}


class ClientRelation(models.Model):
    """`relative` is the `kind` of `client` (e.g. relative is client's child); stored once."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="relations", verbose_name=_("client")
    )
    relative = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="inverse_relations",
        verbose_name=_("relative"),
    )
    kind = models.CharField(_("relation"), max_length=10, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("household link")
        verbose_name_plural = _("household links")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "relative"],
                name="relation_once_per_pair",
                violation_error_message=_("These two clients are already linked."),
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("relative")),
                name="relation_not_to_self",
                violation_error_message=_("A client cannot be their own relative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.relative} ({self.get_kind_display()})"


class ResidenceStatus(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="residence_statuses",
        verbose_name=_("client"),
    )
    category = models.ForeignKey(
        ResidenceCategory,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residence category"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    permit_number = models.CharField(_("permit number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        indexes = [
            models.Index(fields=["client", "valid_from"]),
            models.Index(fields=["valid_to"]),
            models.Index(fields=["permit_number"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="residence_valid_to_after_valid_from",
                violation_error_message=_("The end of validity is before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} ({self.valid_from} – {self.valid_to or '…'})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of validity is before its start.")
        born = self.client.birth_date if self.client_id else None
        if born and self.valid_from and self.valid_from < born:
            errors["valid_from"] = _("The status starts before the client's date of birth.")
        if errors:
            raise ValidationError(errors)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ConsentPurpose(models.TextChoices):
    CASE_WORK = "case_work", _("case work (processing of personal data)")
    PHOTOS = "photos", _("photos and video")
    NEWSLETTER = "newsletter", _("newsletter and invitations")
    SHARING = "sharing", _("sharing with partner organisations")


def consent_upload_to(instance: Consent, filename: str) -> str:
    return f"consents/{instance.client_id}/{filename}"


class Consent(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence (scan)"), upload_to=consent_upload_to, blank=True, max_length=300
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
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("The consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"

    def clean(self) -> None:
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            raise ValidationError({"given_on": _("The consent cannot be given in the future.")})
        if self.withdrawn_on and self.withdrawn_on > today:
            raise ValidationError(
                {"withdrawn_on": _("The consent cannot be withdrawn in the future.")}
            )
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError(
                {"withdrawn_on": _("The consent cannot be withdrawn before it was given.")}
            )

    def valid_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)
