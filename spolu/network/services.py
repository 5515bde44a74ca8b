"""Writes to the partner network: organisations, volunteers and interns, platforms.

Every function is atomic and validates with full_clean; django-auditlog records the change.
Shared records carry a `version`: an update names the version the user saw and is refused with
StaleObjectError when someone saved in between (no lost updates).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Activity, Language, Office, User
from spolu.network import uploads
from spolu.network.models import (
    ActionItem,
    AgreementKind,
    ContactPerson,
    MeetingAttendance,
    Organisation,
    Platform,
    PlatformMeeting,
    PlatformMembership,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
)

M = TypeVar("M", bound=models.Model)

ORGANISATION_FIELDS = {
    "name",
    "kind",
    "district",
    "address",
    "company_id",
    "email",
    "phone",
    "website",
    "note",
    "active",
}
VOLUNTEER_FIELDS = {
    "office",
    "kind",
    "first_name",
    "last_name",
    "email",
    "phone",
    "school",
    "study_programme",
    "note",
    "active",
}
PLATFORM_FIELDS = {"office", "name", "description", "district", "active"}
MEETING_FIELDS = {"starts_at", "ends_at", "place", "agenda", "minutes_text"}


def _apply(obj: models.Model, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _locked_current(obj: M, expected_version: int) -> M:
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise StaleObjectError()
    current.version += 1  # type: ignore[attr-defined]
    return current


def _upload_error(exc: ValidationError, field: str) -> ValidationError:
    return ValidationError({field: exc.messages})


# --- Organisations ----------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, actor: User | None, **fields: Any) -> Organisation:
    organisation = Organisation()
    _apply(organisation, fields, ORGANISATION_FIELDS)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User | None, organisation: Organisation, expected_version: int, **fields: Any
) -> Organisation:
    current = _locked_current(organisation, expected_version)
    _apply(current, fields, ORGANISATION_FIELDS)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def contact_add(
    *, organisation: Organisation, name: str, role: str = "", email: str = "", phone: str = ""
) -> ContactPerson:
    contact = ContactPerson(
        organisation=organisation, name=name.strip(), role=role, email=email, phone=phone
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, contact: ContactPerson) -> None:
    contact.delete()


# --- Volunteers and interns -------------------------------------------------------------------


@transaction.atomic
def volunteer_create(
    *, actor: User | None, office: Office, languages: Iterable[Language] = (), **fields: Any
) -> Volunteer:
    volunteer = Volunteer(office=office, created_by=actor)
    _apply(volunteer, fields, VOLUNTEER_FIELDS)
    volunteer.full_clean()
    volunteer.save()
    volunteer.languages.set(list(languages))
    return volunteer


@transaction.atomic
def volunteer_update(
    *,
    actor: User | None,
    volunteer: Volunteer,
    expected_version: int,
    languages: Iterable[Language] | None = None,
    **fields: Any,
) -> Volunteer:
    current = _locked_current(volunteer, expected_version)
    _apply(current, fields, VOLUNTEER_FIELDS)
    current.full_clean()
    current.save()
    if languages is not None:
        current.languages.set(list(languages))
    return current


@transaction.atomic
def agreement_add(
    *,
    volunteer: Volunteer,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    scan: UploadedFile | None = None,
    note: str = "",
) -> VolunteerAgreement:
    agreement = VolunteerAgreement(
        volunteer=volunteer,
        kind=AgreementKind(kind),
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    if scan is not None:
        try:
            content_type = uploads.check_upload(scan, uploads.SCANS)
        except ValidationError as exc:
            raise _upload_error(exc, "scan") from exc
        scan.name = uploads.stored_name(content_type)
        agreement.scan = scan
        agreement.scan_content_type = content_type
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def assignment_add(
    *,
    volunteer: Volunteer,
    title: str,
    activity: Activity,
    starts_on: date,
    ends_on: date | None = None,
    supervisor: User | None = None,
    description: str = "",
) -> VolunteerAssignment:
    assignment = VolunteerAssignment(
        volunteer=volunteer,
        title=title.strip(),
        activity=activity,
        starts_on=starts_on,
        ends_on=ends_on,
        supervisor=supervisor,
        description=description,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def hours_log(
    *,
    actor: User | None,
    volunteer: Volunteer,
    date: date,
    hours: Decimal,
    activity: Activity | None = None,
    assignment: VolunteerAssignment | None = None,
    description: str = "",
) -> VolunteerHours:
    """Log hours; only on a date covered by a signed agreement (it insures the volunteer)."""
    if assignment is not None and assignment.volunteer_id != volunteer.pk:
        raise SpoluError(_("That assignment belongs to someone else."), code="foreign_assignment")
    if activity is None:
        if assignment is None:
            raise SpoluError(_("Choose the activity or the assignment."), code="no_activity")
        activity = assignment.activity
    if not any(a.covers(date) for a in volunteer.agreements.all()):
        raise SpoluError(
            _("No agreement covers %(date)s: record the agreement first.")
            % {"date": date_format(date, "SHORT_DATE_FORMAT")},
            code="no_agreement",
        )
    entry = VolunteerHours(
        volunteer=volunteer,
        assignment=assignment,
        date=date,
        activity=activity,
        hours=hours,
        description=description,
        logged_by=actor,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def hours_remove(*, entry: VolunteerHours) -> None:
    entry.delete()


# --- Platforms --------------------------------------------------------------------------------


@transaction.atomic
def platform_create(*, actor: User | None, **fields: Any) -> Platform:
    platform = Platform()
    _apply(platform, fields, PLATFORM_FIELDS)
    platform.full_clean()
    platform.save()
    return platform


@transaction.atomic
def platform_update(
    *, actor: User | None, platform: Platform, expected_version: int, **fields: Any
) -> Platform:
    current = _locked_current(platform, expected_version)
    _apply(current, fields, PLATFORM_FIELDS)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def member_add(
    *,
    platform: Platform,
    organisation: Organisation,
    delegate: str = "",
    joined_on: date | None = None,
) -> PlatformMembership:
    if PlatformMembership.objects.filter(platform=platform, organisation=organisation).exists():
        raise SpoluError(
            _("%(organisation)s is already a member of this platform.")
            % {"organisation": organisation},
            code="duplicate_member",
        )
    membership = PlatformMembership(
        platform=platform, organisation=organisation, delegate=delegate, joined_on=joined_on
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def member_remove(*, membership: PlatformMembership) -> None:
    membership.delete()


def _attach_minutes_file(meeting: PlatformMeeting, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    try:
        content_type = uploads.check_upload(upload, uploads.DOCUMENTS)
    except ValidationError as exc:
        raise _upload_error(exc, "minutes_file") from exc
    upload.name = uploads.stored_name(content_type)
    meeting.minutes_file = upload
    meeting.minutes_file_content_type = content_type


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    platform: Platform,
    starts_at: datetime,
    ends_at: datetime,
    staff: Iterable[User] = (),
    minutes_file: UploadedFile | None = None,
    **fields: Any,
) -> PlatformMeeting:
    meeting = PlatformMeeting(
        platform=platform, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )
    _apply(meeting, fields, MEETING_FIELDS)
    _attach_minutes_file(meeting, minutes_file)
    meeting.full_clean()
    meeting.save()
    meeting.staff.set(list(staff))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User | None,
    meeting: PlatformMeeting,
    expected_version: int,
    staff: Iterable[User] | None = None,
    minutes_file: UploadedFile | None = None,
    remove_minutes_file: bool = False,
    **fields: Any,
) -> PlatformMeeting:
    current = _locked_current(meeting, expected_version)
    _apply(current, fields, MEETING_FIELDS)
    if remove_minutes_file and current.minutes_file:
        current.minutes_file.delete(save=False)
        current.minutes_file = None
        current.minutes_file_content_type = ""
    _attach_minutes_file(current, minutes_file)
    current.full_clean()
    current.save()
    if staff is not None:
        current.staff.set(list(staff))
    return current


@transaction.atomic
def attendance_record(
    *, meeting: PlatformMeeting, rows: Iterable[tuple[Organisation, bool, str]]
) -> list[MeetingAttendance]:
    """Replace the attendance of a meeting: (member organisation, present, who came) per row."""
    members = set(
        PlatformMembership.objects.filter(platform_id=meeting.platform_id).values_list(
            "organisation_id", flat=True
        )
    )
    rows = list(rows)
    strangers = [org for org, _present, _who in rows if org.pk not in members]
    if strangers:
        raise SpoluError(
            _("%(organisation)s is not a member of this platform.")
            % {"organisation": strangers[0]},
            code="not_a_member",
        )
    # One save per row (not bulk): the audit log records each change.
    existing = {a.organisation_id: a for a in MeetingAttendance.objects.filter(meeting=meeting)}
    wanted = {org.pk for org, _present, _who in rows}
    for stale in [a for org_id, a in existing.items() if org_id not in wanted]:
        stale.delete()
    records = []
    for org, present, who in rows:
        record = existing.get(org.pk) or MeetingAttendance(meeting=meeting, organisation=org)
        if record.pk is None or (record.present, record.attendee) != (present, who):
            record.present, record.attendee = present, who.strip()
            record.full_clean()
            record.save()
        records.append(record)
    return records


@transaction.atomic
def action_item_add(
    *,
    meeting: PlatformMeeting,
    description: str,
    owner: User,
    due_on: date,
    organisation: Organisation | None = None,
) -> ActionItem:
    item = ActionItem(
        meeting=meeting,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        organisation=organisation,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_set_done(*, actor: User, item: ActionItem, done: bool = True) -> ActionItem:
    current = ActionItem.objects.select_for_update().get(pk=item.pk)
    if done and current.done_at is None:
        current.done_at = timezone.now()
        current.done_by = actor
    elif not done:
        current.done_at = None
        current.done_by = None
    current.save()
    return current
