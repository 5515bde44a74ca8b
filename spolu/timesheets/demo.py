"""Demo timesheets: staff's own entries (administration, preparation, travel…) for the last
months, and the month before last closed (signed off) by the coordinator.

Everything else on the sheets — services, field visits, events, lessons, platform meetings —
comes from the other apps' demo records.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from spolu.core.demo import DemoContext
from spolu.core.models import Activity
from spolu.timesheets import queries, services

# username → [(activity, kind, (min hours, max hours), notes)]
WORK: dict[str, list[tuple[str, str, tuple[float, float], list[str]]]] = {
    "coordinator": [
        ("A18", "preparation", (1.0, 2.5), ["Příprava setkání platformy", "Zápis ze setkání"]),
        ("A19", "administration", (1.0, 3.0), ["Monitorovací zpráva", "Podklady pro kraj"]),
        ("A01", "preparation", (0.5, 1.5), ["Texty letáku", "Korektura překladů"]),
    ],
    "receptionist": [
        ("A03", "administration", (0.5, 1.5), ["Třídění pošty", "Aktualizace nástěnky"])
    ],
    "receptionist_teplice": [("A03", "administration", (0.5, 1.5), ["Objednávky tlumočníků"])],
    "social_worker": [
        ("A04", "administration", (0.5, 2.0), ["Dokumentace případů", "Korespondence s úřady"]),
        ("A04", "travel", (0.5, 1.5), ["Doprovod na úřad práce", "Cesta na OAMP"]),
    ],
    "social_worker_teplice": [("A04", "administration", (0.5, 2.0), ["Dokumentace případů"])],
    "social_worker_chomutov": [("A04", "administration", (0.5, 2.0), ["Dokumentace případů"])],
    "lawyer": [("A05", "preparation", (1.0, 3.0), ["Příprava odvolání", "Rešerše judikatury"])],
    "teacher": [("A08", "preparation", (1.0, 2.0), ["Příprava lekce", "Opravy testů"])],
    "teacher_chomutov": [("A08", "preparation", (1.0, 2.0), ["Příprava lekce"])],
    "field_worker": [
        ("A02", "travel", (0.5, 2.0), ["Cesta do Děčína", "Cesta na ubytovny"]),
        ("A02", "administration", (0.5, 1.0), ["Zápis kontaktů z terénu"]),
    ],
    "admin": [("A19", "administration", (0.5, 1.0), ["Správa číselníků", "Kontrola importu"])],
}
TEAM_MEETING = ("meeting", 90, "Porada týmu")  # Mondays, under the person's main activity


def _workdays(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(ctx: DemoContext) -> None:
    activities = {a.code: a for a in Activity.objects.all()}
    # Entries are refused for future dates (the real clock): build the demo up to yesterday.
    last = min(ctx.today, timezone.localdate()) - timedelta(days=1)
    first = queries.add_months(queries.month_start(last), -2)
    for username, kinds in WORK.items():
        user = ctx.users.get(username)
        if user is None:
            continue
        for day in _workdays(first, last):
            if day.weekday() == 0 and username != "admin":
                kind, minutes, note = TEAM_MEETING
                services.entry_create(
                    actor=user,
                    day=day,
                    activity=activities[kinds[0][0]],
                    kind=kind,
                    minutes=minutes,
                    note=note,
                )
            if ctx.rng.random() > 0.55:
                continue
            code, kind, (low, high), notes = ctx.rng.choice(kinds)
            quarters = ctx.rng.randint(int(low * 4), int(high * 4))
            services.entry_create(
                actor=user,
                day=day,
                activity=activities[code],
                kind=kind,
                minutes=quarters * 15,
                note=ctx.rng.choice(notes),
            )
    coordinator = ctx.users.get("coordinator")
    if coordinator is not None:
        signed_month = queries.add_months(queries.month_start(last), -2)
        people = [u for name, u in ctx.users.items() if name in WORK]
        services.months_close(actor=coordinator, people=people, month=signed_month)
