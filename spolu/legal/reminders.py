"""E-mail reminders of legal deadlines to the responsible lawyer.

Each day (Celery beat, or `manage.py send_reminders` from cron) every lawyer gets one e-mail
listing the open deadlines of their open cases that are overdue or due within the next N days
(`settings.SPOLU_LEGAL_REMINDER_DAYS`, default 3). Each deadline is reminded at most once per
day: what was sent is remembered in `ReminderSent`, so running the job twice the same day sends
nothing new. The e-mail names the case by number, matter and the authority's reference, never
the client, and links to the case page (`settings.SPOLU_BASE_URL`, if set, makes it absolute).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spolu.core.models import User
from spolu.legal.models import Deadline, ReminderSent

DEFAULT_DAYS = 3


@dataclass(frozen=True)
class ReminderRun:
    emails: int
    deadlines: int


def reminder_days() -> int:
    return int(getattr(settings, "SPOLU_LEGAL_REMINDER_DAYS", DEFAULT_DAYS))


def deadlines_to_remind(today: date, days: int) -> list[Deadline]:
    return list(
        Deadline.objects.pending()
        .filter(due_date__lte=today + timedelta(days=days), case__lawyer__is_active=True)
        .exclude(case__lawyer__email="")
        .exclude(reminders__sent_on=today)
        .select_related("case", "case__lawyer")
        .order_by("case__lawyer_id", "due_date", "pk")
    )


def _line(deadline: Deadline, today: date) -> str:
    case = deadline.case
    base = getattr(settings, "SPOLU_BASE_URL", "").rstrip("/")
    url = base + reverse("legal:detail", args=[case.pk])
    when = formats.date_format(deadline.due_date, "SHORT_DATE_FORMAT")
    reference = f", {case.reference_number}" if case.reference_number else ""
    line = _("%(date)s: %(what)s (case #%(case)s, %(matter)s%(reference)s)") % {
        "date": when,
        "what": deadline.description,
        "case": case.pk,
        "matter": case.get_matter_type_display(),
        "reference": reference,
    }
    return f"- {line}\n  {url}"


def _message(lawyer: User, deadlines: list[Deadline], today: date) -> tuple[str, str]:
    overdue = [d for d in deadlines if d.due_date < today]
    upcoming = [d for d in deadlines if d.due_date >= today]
    subject = _("Spolu: legal deadlines – %(overdue)s overdue, %(upcoming)s coming") % {
        "overdue": len(overdue),
        "upcoming": len(upcoming),
    }
    parts = [_("Hello %(name)s,") % {"name": lawyer.first_name or lawyer.username}, ""]
    if overdue:
        parts.append(
            ngettext(
                "%(count)s deadline is overdue:",
                "%(count)s deadlines are overdue:",
                len(overdue),
            )
            % {"count": len(overdue)}
        )
        parts += [_line(d, today) for d in overdue]
        parts.append("")
    if upcoming:
        parts.append(
            ngettext(
                "%(count)s deadline is coming up:",
                "%(count)s deadlines are coming up:",
                len(upcoming),
            )
            % {"count": len(upcoming)}
        )
        parts += [_line(d, today) for d in upcoming]
        parts.append("")
    parts.append(_("Mark a deadline done on the case page and it will not be reminded again."))
    return subject, "\n".join(parts)


def send_deadline_reminders(*, today: date | None = None, days: int | None = None) -> ReminderRun:
    """Send today's reminders; returns how many e-mails and deadlines went out."""
    today = today or timezone.localdate()
    days = reminder_days() if days is None else days
    by_lawyer: dict[int, list[Deadline]] = defaultdict(list)
    for deadline in deadlines_to_remind(today, days):
        by_lawyer[deadline.case.lawyer_id].append(deadline)
    emails = reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for deadlines in by_lawyer.values():
            lawyer = deadlines[0].case.lawyer
            subject, body = _message(lawyer, deadlines, today)
            with transaction.atomic():
                # Remember first (inside the transaction), send, and keep the record only when
                # the mail went out: a failed send is retried, a sent one never repeated.
                created = ReminderSent.objects.bulk_create(
                    [
                        ReminderSent(
                            deadline=d, sent_on=today, recipient=lawyer, overdue=d.due_date < today
                        )
                        for d in deadlines
                    ],
                    ignore_conflicts=True,
                )
                send_mail(subject, body, None, [lawyer.email])
            emails += 1
            reminded += len(created)
    return ReminderRun(emails=emails, deadlines=reminded)
