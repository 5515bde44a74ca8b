"""A morning e-mail to each member of staff about their own work (DESIGN.md §8 reminders).

It lists the follow-ups they promised that fall due today or are overdue, and the residence
permits of clients they served in the past year that end in exactly 60, 30 or 7 days (so each
permit is mentioned three times, not every day). The dashboard's "My work" shows the same all
day; the e-mail is for the mornings nobody opens it. A permit already followed by a newer status
is not mentioned: the renewal is recorded.

E-mail leaves Spolu, so the message names no client and copies no note: records appear by
number and date, with a link (`settings.SPOLU_BASE_URL` makes it absolute). Each person gets at
most one digest a day (`WorkDigestSent`), so running the job twice sends nothing new, and a day
with nothing to say sends nothing. Celery beat runs it every working morning; without a broker,
`manage.py send_work_digests` from cron does the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spolu.clients.models import ResidenceStatus
from spolu.core.models import User
from spolu.counselling.models import ServiceRecord, WorkDigestSent

PERMIT_MILESTONES = (60, 30, 7)


@dataclass
class Digest:
    user: User
    follow_ups: list[ServiceRecord] = field(default_factory=list)
    permits: list[ResidenceStatus] = field(default_factory=list)


@dataclass(frozen=True)
class DigestRun:
    emails: int
    follow_ups: int
    permits: int


def digests_for(today: date) -> list[Digest]:
    """Who gets a digest today, and with what (people already sent one today are left out)."""
    digests: dict[int, Digest] = {}
    already = WorkDigestSent.objects.filter(sent_on=today).values("user_id")

    def digest(user: User) -> Digest:
        return digests.setdefault(user.pk, Digest(user))

    follow_ups = (
        ServiceRecord.objects.filter(
            follow_up_done_at__isnull=True,
            follow_up_due__lte=today,
            staff__is_active=True,
        )
        .exclude(follow_up="")
        .exclude(staff__email="")
        .exclude(staff_id__in=already)
        .select_related("staff", "activity")
        .order_by("staff_id", "follow_up_due", "pk")
    )
    for service in follow_ups:
        digest(service.staff).follow_ups.append(service)

    renewed = ResidenceStatus.objects.filter(
        client_id=OuterRef("client_id"), valid_from__gt=OuterRef("valid_from")
    )
    ending = (
        ResidenceStatus.objects.filter(
            valid_to__in=[today + timedelta(days=n) for n in PERMIT_MILESTONES],
            valid_from__lte=today,
            client__merged_into__isnull=True,
            client__anonymised_at__isnull=True,
        )
        .exclude(Exists(renewed))
        .select_related("category")
        .order_by("valid_to", "pk")
    )
    statuses = {status.client_id: status for status in ending}
    if statuses:
        served = (
            ServiceRecord.objects.filter(
                client_id__in=statuses,
                date__gte=today - timedelta(days=365),
                staff__is_active=True,
            )
            .exclude(staff__email="")
            .exclude(staff_id__in=already)
            .values_list("staff_id", "client_id")
            .distinct()
            .order_by("staff_id", "client_id")
        )
        by_staff: dict[int, list[int]] = defaultdict(list)
        for staff_id, client_id in served:
            by_staff[staff_id].append(client_id)
        for user in User.objects.filter(pk__in=by_staff).order_by("pk"):
            digest(user).permits.extend(
                sorted((statuses[c] for c in by_staff[user.pk]), key=lambda s: (s.valid_to, s.pk))
            )
    return [digests[pk] for pk in sorted(digests)]


def _url(name: str, pk: int) -> str:
    return getattr(settings, "SPOLU_BASE_URL", "").rstrip("/") + reverse(name, args=[pk])


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def message(digest: Digest, today: date) -> tuple[str, str]:
    subject = _("Spolu: follow-ups due: %(follow_ups)s, permits ending: %(permits)s") % {
        "follow_ups": len(digest.follow_ups),
        "permits": len(digest.permits),
    }
    user = digest.user
    parts = [_("Hello %(name)s,") % {"name": user.first_name or user.username}, ""]
    if digest.follow_ups:
        count = len(digest.follow_ups)
        parts.append(
            ngettext(
                "%(count)s follow-up is due today or overdue:",
                "%(count)s follow-ups are due today or overdue:",
                count,
            )
            % {"count": count}
        )
        for service in digest.follow_ups:
            assert service.follow_up_due is not None
            line = _("%(due)s: follow-up of service #%(service)s (%(activity)s, %(date)s)") % {
                "due": _day(service.follow_up_due),
                "service": service.pk,
                "activity": service.activity,
                "date": _day(service.date),
            }
            parts += [f"- {line}", f"  {_url('counselling:service_edit', service.pk)}"]
        parts.append("")
    if digest.permits:
        count = len(digest.permits)
        parts.append(
            ngettext(
                "%(count)s residence permit of a client you served ends soon:",
                "%(count)s residence permits of clients you served end soon:",
                count,
            )
            % {"count": count}
        )
        for status in digest.permits:
            assert status.valid_to is not None
            days = (status.valid_to - today).days
            line = _("%(end)s (in %(days)s days): client #%(client)s, %(category)s") % {
                "end": _day(status.valid_to),
                "days": days,
                "client": status.client_id,
                "category": status.category,
            }
            parts += [f"- {line}", f"  {_url('clients:detail', status.client_id)}"]
        parts.append("")
    parts.append(
        _("Your dashboard in Spolu lists the same. Mark a follow-up done there when it is done.")
    )
    return subject, "\n".join(parts)


def send_work_digests(*, today: date | None = None) -> DigestRun:
    """Send today's digests; returns how many e-mails, follow-ups and permits went out."""
    today = today or timezone.localdate()
    emails = follow_ups = permits = 0
    with translation.override(settings.LANGUAGE_CODE):
        for digest in digests_for(today):
            subject, body = message(digest, today)
            try:
                with transaction.atomic():
                    # Remembered first, inside the transaction: a failed send is retried, and
                    # a second run the same day (or a parallel one) sends nothing again.
                    WorkDigestSent.objects.create(user=digest.user, sent_on=today)
                    send_mail(subject, body, None, [digest.user.email])
            except IntegrityError:
                continue
            emails += 1
            follow_ups += len(digest.follow_ups)
            permits += len(digest.permits)
    return DigestRun(emails=emails, follow_ups=follow_ups, permits=permits)
