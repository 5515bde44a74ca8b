"""A small hand-built world for the regional dashboard: official figures and clients served."""

from __future__ import annotations

from pathlib import Path

from spolu.interchange.services import import_file
from spolu.interchange.testing import csv_bytes

PUBLISHED_CSV = Path(__file__).resolve().parents[1] / "data" / "statistics-ustecky-kraj.csv"
HEADER = [
    "date",
    "territory",
    "citizenship",
    "residence_category",
    "sex",
    "age_band",
    "count",
    "synthetic",
    "source",
]


def import_published() -> None:
    report = import_file(
        kind="statistics",
        data=PUBLISHED_CSV.read_bytes(),
        filename=PUBLISHED_CSV.name,
        actor=None,
        write=True,
    )
    assert report.written, report.errors


def import_rows(rows: list[list[str]]) -> None:
    """Rows of date, territory, citizenship, residence, sex, age band, count, synthetic, source."""
    report = import_file(
        kind="statistics",
        data=csv_bytes([HEADER, *rows]),
        filename="rows.csv",
        actor=None,
        write=True,
    )
    assert report.written, report.errors


def serve(client, day, *, staff, minutes=30, activity="A04", office=None):
    """A service record for `client` on `day`."""
    from spolu.core.models import Activity
    from spolu.counselling import services

    return services.service_create(
        actor=staff,
        office=office or client.office,
        activity=Activity.objects.get(code=activity),
        date=day,
        minutes=minutes,
        channel="in_person",
        client=client,
        staff=staff,
    )


def participate(event, client, attended=None):
    from spolu.events import services
    from spolu.events.models import EventParticipant

    participant = services.participant_register(actor=None, event=event, client=client)
    if attended is not None:
        EventParticipant.objects.filter(pk=participant.pk).update(attended=attended)
    return participant
