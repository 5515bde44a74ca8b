"""Test fixtures of the events app: events, campaigns and field visits with plausible defaults."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from spolu.core.models import Activity, Language, Office, User
from spolu.counselling.models import FieldVisit
from spolu.events import services
from spolu.events.models import Campaign, CampaignMaterial, Event


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def make_event(
    office: Office,
    *,
    activity: str = "A06",
    title: str = "Pobyt a práce v ČR – přednáška",
    starts_at: datetime | None = None,
    minutes: int = 90,
    organisers: list[User] | None = None,
    **fields: Any,
) -> Event:
    starts_at = starts_at or local(2026, 11, 23, 17, 0)
    defaults: dict[str, Any] = {
        "office": office,
        "activity": Activity.objects.get(code=activity),
        "title": title,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
        "place": "Velká Hradební 48, Ústí nad Labem",
        "district": office.district,
    }
    defaults.update(fields)
    return services.event_create(actor=None, organisers=organisers or [], **defaults)


def make_campaign(office: Office, **fields: Any) -> Campaign:
    defaults: dict[str, Any] = {
        "office": office,
        "title": "Dočasná ochrana: prodloužení 2026",
        "goal": "Informovat držitele dočasné ochrany o prodloužení.",
        # Around today: distributions are recorded in the past and within the campaign.
        "starts_on": timezone.localdate() - timedelta(days=120),
        "ends_on": timezone.localdate() + timedelta(days=60),
    }
    defaults.update(fields)
    return services.campaign_create(actor=None, **defaults)


def make_material(campaign: Campaign, *languages: str, kind: str = "leaflet") -> CampaignMaterial:
    return services.material_add(
        campaign=campaign,
        kind=kind,
        title=f"{kind} {'/'.join(languages)}",
        languages=Language.objects.filter(code__in=languages or ("uk",)),
    )


def make_visit(office: Office, staff: list[User], **fields: Any) -> FieldVisit:
    defaults: dict[str, Any] = {
        "office": office,
        "date": timezone.localdate() - timedelta(days=3),
        "place": "Ubytovna Krásné Březno",
        "district": office.district,
        "minutes": 150,
        "purpose": "Informace o dočasné ochraně",
    }
    defaults.update(fields)
    return services.field_visit_create(actor=staff[0] if staff else None, staff=staff, **defaults)
