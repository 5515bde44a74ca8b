"""Writes for events, campaigns, field visits and calendar feeds.

Every function is atomic and validates with full_clean; refusals are SpoluError with a translated
message. Registration for an event locks the event row, so two receptionists registering the
last free place at the same moment cannot both succeed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import District, Language, Office, User
from spolu.counselling.models import FieldVisit
from spolu.events.models import (
    CalendarFeed,
    Campaign,
    CampaignMaterial,
    DistributionAction,
    Event,
    EventEvidence,
    EventParticipant,
    EventProfessional,
    EvidenceKind,
    hash_feed_token,
)
from spolu.network import uploads
from spolu.network.models import Organisation

EVENT_FIELDS = {
    "office",
    "activity",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "minutes",
    "place",
    "district",
    "language",
    "capacity",
    "featured_country",
    "featured_community",
    "headcount_adults",
    "headcount_children",
    "headcount_unspecified",
    "cancelled",
    "external_id",
}
CAMPAIGN_FIELDS = {"office", "title", "goal", "starts_on", "ends_on"}
FIELD_VISIT_FIELDS = {"office", "date", "place", "district", "minutes", "purpose", "note"}


def _apply(obj: Any, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


# --- Events -----------------------------------------------------------------------------------


def _set_relations(
    event: Event,
    organisers: Iterable[User] | None,
    partner_organisations: Iterable[Organisation] | None,
    interpretation_languages: Iterable[Language] | None,
) -> None:
    if organisers is not None:
        event.organisers.set(list(organisers))
    if partner_organisations is not None:
        event.partner_organisations.set(list(partner_organisations))
    if interpretation_languages is not None:
        event.interpretation_languages.set(list(interpretation_languages))


@transaction.atomic
def event_create(
    *,
    actor: User | None,
    organisers: Iterable[User] = (),
    partner_organisations: Iterable[Organisation] = (),
    interpretation_languages: Iterable[Language] = (),
    **fields: Any,
) -> Event:
    event = Event(created_by=actor)
    _apply(event, fields, EVENT_FIELDS)
    event.full_clean()
    event.save()
    _set_relations(event, organisers, partner_organisations, interpretation_languages)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User | None,
    event: Event,
    expected_version: int,
    organisers: Iterable[User] | None = None,
    partner_organisations: Iterable[Organisation] | None = None,
    interpretation_languages: Iterable[Language] | None = None,
    **fields: Any,
) -> Event:
    """Save changes unless someone else saved the event since `expected_version` was read."""
    current = Event.objects.select_for_update().get(pk=event.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    _apply(current, fields, EVENT_FIELDS)
    if "minutes" in fields and fields["minutes"] is None:
        current.minutes = None  # type: ignore[assignment]  # recomputed from start and end
    current.version += 1
    current.full_clean()
    if current.capacity is not None:
        registered = current.participants.count() + current.professionals.count()
        if registered > current.capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are already registered: the capacity cannot be lower."
                    )
                    % {"count": registered}
                }
            )
    current.save()
    _set_relations(current, organisers, partner_organisations, interpretation_languages)
    return current


@transaction.atomic
def headcount_set(
    *,
    event: Event,
    expected_version: int,
    adults: int,
    children: int,
    unspecified: int | None = None,
) -> Event:
    """Record the public headcount after the event (a quick form on the event page)."""
    fields: dict[str, Any] = {"headcount_adults": adults, "headcount_children": children}
    if unspecified is not None:
        fields["headcount_unspecified"] = unspecified
    if any(value is None or value < 0 for value in fields.values()):
        raise SpoluError(_("A headcount cannot be negative."), code="negative_headcount")
    return event_update(actor=None, event=event, expected_version=expected_version, **fields)


def _lock_open_event(event: Event) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.cancelled:
        raise SpoluError(_("The event is cancelled."), code="cancelled")
    return locked


def _check_capacity(event: Event, adding: int = 1) -> None:
    if event.capacity is None:
        return
    registered = event.participants.count() + event.professionals.count()
    if registered + adding > event.capacity:
        raise SpoluError(
            _("The event is full (capacity %(capacity)s).") % {"capacity": event.capacity},
            code="full",
        )


@transaction.atomic
def participant_register(*, actor: User | None, event: Event, client: Client) -> EventParticipant:
    """Register a client; refused when already registered, the event is full or cancelled."""
    locked = _lock_open_event(event)
    if client.merged_into_id is not None:
        raise SpoluError(
            _("This client record was merged into another one; register the surviving record."),
            code="merged_client",
        )
    if client.anonymised_at is not None:
        raise SpoluError(
            _("This client record was anonymised and cannot be registered for events."),
            code="anonymised_client",
        )
    if EventParticipant.objects.filter(event=locked, client=client).exists():
        raise SpoluError(
            _("%(client)s is already registered for this event.") % {"client": client},
            code="duplicate_participant",
        )
    _check_capacity(locked)
    participant = EventParticipant(event=locked, client=client, registered_by=actor)
    participant.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # registered by someone else a moment ago
        raise SpoluError(
            _("%(client)s is already registered for this event.") % {"client": client},
            code="duplicate_participant",
        ) from exc
    return participant


@transaction.atomic
def participant_remove(*, participant: EventParticipant) -> None:
    participant.delete()


@transaction.atomic
def attendance_record(
    *,
    event: Event,
    present_participants: set[int],
    present_professionals: set[int],
) -> int:
    """Everyone registered is marked present or absent; returns how many rows changed."""
    if event.starts_at > timezone.now():
        raise SpoluError(_("Attendance is recorded once the event has begun."), code="not_started")
    changed = 0
    for participant in event.participants.all():
        attended = participant.pk in present_participants
        if participant.attended is not attended:
            participant.attended = attended
            participant.save(update_fields=["attended"])
            changed += 1
    for professional in event.professionals.all():
        attended = professional.pk in present_professionals
        if professional.attended is not attended:
            professional.attended = attended
            professional.save(update_fields=["attended"])
            changed += 1
    return changed


@transaction.atomic
def professional_add(
    *,
    event: Event,
    name: str,
    institution: str = "",
    role: str = "",
    organisation: Organisation | None = None,
) -> EventProfessional:
    locked = _lock_open_event(event)
    if locked.activity_id != "A12":
        # Professionals are trained at A12 events; elsewhere people taking part are clients.
        raise SpoluError(
            _("Professionals are registered only for trainings of professionals (A12)."),
            code="not_a_training",
        )
    _check_capacity(locked)
    professional = EventProfessional(
        event=locked,
        name=name.strip(),
        institution=institution.strip(),
        role=role.strip(),
        organisation=organisation,
    )
    professional.full_clean()
    professional.save()
    return professional


@transaction.atomic
def professional_remove(*, professional: EventProfessional) -> None:
    professional.delete()


EVIDENCE_TYPES = {
    EvidenceKind.SIGNED_SHEET: uploads.SCANS,
    EvidenceKind.PHOTO: uploads.IMAGES,
    EvidenceKind.OTHER: uploads.SCANS | uploads.DOCUMENTS,
}


@transaction.atomic
def evidence_add(
    *,
    actor: User | None,
    event: Event,
    kind: str,
    upload: UploadedFile,
    description: str = "",
) -> EventEvidence:
    """Store a file after checking its size and its type by content (not by its name)."""
    kind = EvidenceKind(kind)
    try:
        content_type = uploads.check_upload(upload, EVIDENCE_TYPES[kind])
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = (upload.name or "").rsplit("/", 1)[-1][:250]
    size = upload.size or 0
    upload.name = uploads.stored_name(content_type)
    evidence = EventEvidence(
        event=event,
        kind=kind,
        file=upload,
        content_type=content_type,
        size=size,
        original_name=original or upload.name,
        description=description,
        uploaded_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: EventEvidence) -> None:
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# --- Campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor: User | None, **fields: Any) -> Campaign:
    campaign = Campaign(created_by=actor)
    _apply(campaign, fields, CAMPAIGN_FIELDS)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: User | None, campaign: Campaign, expected_version: int, **fields: Any
) -> Campaign:
    current = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    _apply(current, fields, CAMPAIGN_FIELDS)
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def material_add(
    *,
    campaign: Campaign,
    kind: str,
    title: str,
    languages: Iterable[Language],
    url: str = "",
) -> CampaignMaterial:
    languages = list(languages)
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    material = CampaignMaterial(campaign=campaign, kind=kind, title=title.strip(), url=url)
    material.full_clean()
    material.save()
    material.languages.set(languages)
    return material


@transaction.atomic
def distribution_add(
    *,
    actor: User | None,
    campaign: Campaign,
    material: CampaignMaterial,
    date: date,
    channel: str,
    copies: int = 0,
    reach: int = 0,
    place: str = "",
    district: District | None = None,
    note: str = "",
) -> DistributionAction:
    action = DistributionAction(
        campaign=campaign,
        material=material,
        date=date,
        channel=channel,
        copies=copies,
        reach=reach,
        place=place,
        district=district,
        note=note,
        recorded_by=actor,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def distribution_remove(*, action: DistributionAction) -> None:
    action.delete()


# --- Field visits (A02; the model is counselling's) -------------------------------------------


def field_visit_fingerprint(visit: FieldVisit) -> str:
    """A digest of the visit's editable values: FieldVisit has no version column, so an edit
    form carries this and the update refuses to overwrite a visit changed in the meantime."""
    staff = ",".join(str(pk) for pk in sorted(u.pk for u in visit.staff.all()))
    values = [
        str(getattr(visit, f"{name}_id", None) or getattr(visit, name))
        for name in sorted(FIELD_VISIT_FIELDS)
    ]
    return hashlib.sha256("|".join([*values, staff]).encode()).hexdigest()[:32]


@transaction.atomic
def field_visit_create(
    *, actor: User | None, office: Office, staff: Iterable[User], **fields: Any
) -> FieldVisit:
    staff = list(staff)
    if not staff:
        raise ValidationError({"staff": _("Choose who went on the visit.")})
    visit = FieldVisit(office=office, created_by=actor)
    _apply(visit, fields, FIELD_VISIT_FIELDS)
    visit.full_clean()
    visit.save()
    visit.staff.set(staff)
    return visit


@transaction.atomic
def field_visit_update(
    *,
    actor: User | None,
    visit: FieldVisit,
    fingerprint: str,
    staff: Iterable[User] | None = None,
    **fields: Any,
) -> FieldVisit:
    current = FieldVisit.objects.select_for_update().get(pk=visit.pk)
    if field_visit_fingerprint(current) != fingerprint:
        raise StaleObjectError()
    _apply(current, fields, FIELD_VISIT_FIELDS)
    current.full_clean()
    current.save()
    if staff is not None:
        staff = list(staff)
        if not staff:
            raise ValidationError({"staff": _("Choose who went on the visit.")})
        current.staff.set(staff)
    return current


# --- Calendar feeds ---------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """Create (or replace) the user's secret feed token; returns it — it is not stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(user=user, token_hash=hash_feed_token(token))
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


@transaction.atomic
def calendar_feeds_revoke(*, feeds: Iterable[CalendarFeed]) -> int:
    """Revoke several users' feeds (an administrator in the admin); returns how many."""
    pks = [feed.pk for feed in feeds]
    deleted, _by_model = CalendarFeed.objects.filter(pk__in=pks).delete()
    return deleted


def calendar_feed_user(token: str) -> User | None:
    """The staff member a feed token belongs to, while their account is active and may still
    subscribe (None for an unknown or revoked token, or once the permission is taken away)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_feed_token(token), user__is_active=True)
        .first()
    )
    if feed is None or not feed.user.has_perm("events.subscribe_calendar"):
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 3600:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
