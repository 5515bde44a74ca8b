"""Legal cases (activity A05): a client's matter before an authority, its deadlines and the
legal team's confidential notes.

Who sees what:
- the case itself (matter, authority, reference, status, deadlines): `legal.view_legalcase`,
  scoped by office; a lawyer also sees every case they are responsible for, whatever its office;
- the summary and the notes are confidential: only the legal team
  (`counselling.view_confidential_notes`) reads them, and the author of a note their own note.
  `LegalCase.summary_visible_to` and `LegalNote.objects.readable_by` are the one place that decides.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.models import Office
from spolu.counselling.models import ServiceRecord

CONFIDENTIAL_PERMISSION = "counselling.view_confidential_notes"
LEGAL_ACTIVITY = "A05"


def is_legal_team(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(CONFIDENTIAL_PERMISSION))


class MatterType(models.TextChoices):
    PERMANENT_RESIDENCE = "permanent_residence", _("application for permanent residence")
    LONG_TERM_RESIDENCE = "long_term_residence", _("long-term residence or visa")
    FAMILY_REUNIFICATION = "family_reunification", _("family reunification")
    CITIZENSHIP = "citizenship", _("citizenship")
    INTERNATIONAL_PROTECTION = "international_protection", _("international protection")
    APPEAL = "appeal", _("appeal against a decision")
    ADMINISTRATIVE = "administrative", _("other administrative proceedings")
    EMPLOYMENT = "employment", _("employment dispute")
    OTHER = "other", _("other matter")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    WAITING = "waiting", _("waiting for a decision")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    GRANTED = "granted", _("granted or won")
    REJECTED = "rejected", _("rejected or lost")
    WITHDRAWN = "withdrawn", _("withdrawn or discontinued")
    REFERRED = "referred", _("referred to an advocate")
    OTHER = "other", _("other outcome")


class LegalCaseQuerySet(models.QuerySet["LegalCase"]):
    def visible_to(self, user: Any) -> LegalCaseQuerySet:
        """Cases of the user's offices (every office for central roles) and, for a lawyer,
        every case they are responsible for."""
        from spolu.core.access import office_q, sees_all_offices

        if not user.is_authenticated or not user.has_perm("legal.view_legalcase"):
            return self.none()
        if sees_all_offices(user):
            return self.all()
        return self.filter(office_q(user) | Q(lawyer=user))

    def open(self) -> LegalCaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)

    def with_next_deadline(self) -> LegalCaseQuerySet:
        return self.annotate(
            next_deadline=models.Min(
                "deadlines__due_date", filter=Q(deadlines__done_at__isnull=True)
            )
        )


class LegalCase(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="legal_cases", verbose_name=_("client")
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, verbose_name=_("office"))
    matter_type = models.CharField(_("matter"), max_length=30, choices=MatterType.choices)
    authority = models.CharField(
        _("authority"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Ministry of the Interior, OAMP Ústí nad Labem; a court."),
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_("The authority's file number."),
    )
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=CaseOutcome.choices, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="legal_cases",
        verbose_name=_("responsible lawyer"),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Confidential: only the legal team can read it."),
    )
    services = models.ManyToManyField(
        ServiceRecord,
        blank=True,
        related_name="legal_cases",
        verbose_name=_("legal counselling services"),
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

    objects = LegalCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("legal case")
        verbose_name_plural = _("legal cases")
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["lawyer", "status"]),
            models.Index(fields=["client"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="legal_case_closed_after_opened",
                violation_error_message=_("The case is closed before it was opened."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="legal_case_closed_has_date",
                violation_error_message=_("Give the date the case was closed."),
            ),
        ]

    def __str__(self) -> str:
        reference = f" {self.reference_number}" if self.reference_number else ""
        return f"#{self.pk} {self.get_matter_type_display()}{reference}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.opened_on and self.opened_on > today:
            errors["opened_on"] = _("A case cannot be opened in the future.")
        if self.closed_on:
            if self.closed_on > today:
                errors["closed_on"] = _("A case cannot be closed in the future.")
            elif self.opened_on and self.closed_on < self.opened_on:
                errors["closed_on"] = _("The case is closed before it was opened.")
        if self.status == CaseStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = _("Give the date the case was closed.")
        if self.status != CaseStatus.CLOSED and (self.closed_on or self.outcome):
            errors["status"] = _("Only a closed case has a closing date and an outcome.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    def summary_visible_to(self, user: Any) -> bool:
        return is_legal_team(user)


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def visible_to(self, user: Any) -> DeadlineQuerySet:
        return self.filter(case__in=LegalCase.objects.visible_to(user))

    def pending(self) -> DeadlineQuerySet:
        return self.filter(done_at__isnull=True).exclude(case__status=CaseStatus.CLOSED)


class Deadline(models.Model):
    case = models.ForeignKey(
        LegalCase, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("case")
    )
    due_date = models.DateField(_("due"))
    description = models.CharField(
        _("what is due"),
        max_length=300,
        help_text=_("E.g. appeal against the decision, submit missing documents."),
    )
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

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["due_date", "done_at"])]

    def __str__(self) -> str:
        return f"{self.due_date.isoformat()} {self.description}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: Any = None) -> bool:
        return not self.is_done and self.due_date < (today or timezone.localdate())


class LegalNoteQuerySet(models.QuerySet["LegalNote"]):
    def readable_by(self, user: Any) -> LegalNoteQuerySet:
        """Every note for the legal team; otherwise only the user's own notes."""
        if not user.is_authenticated:
            return self.none()
        if is_legal_team(user):
            return self
        return self.filter(author=user)


class LegalNote(models.Model):
    """A confidential note of the legal team on a case."""

    case = models.ForeignKey(
        LegalCase, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = LegalNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal note")
        verbose_name_plural = _("legal notes")

    def __str__(self) -> str:
        # Never the text: this is what the audit log and admin lists show.
        return f"#{self.pk} ({self.case_id})"


class ReminderSent(models.Model):
    """A deadline reminder that went out, so each deadline is reminded at most once a day."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    sent_on = models.DateField(_("sent on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    overdue = models.BooleanField(_("overdue"), default=False)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "sent_on"], name="one_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.sent_on.isoformat()}"
