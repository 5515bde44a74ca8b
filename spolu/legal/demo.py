"""Demo legal cases: matters of some clients with deadlines around today, notes and services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spolu.core.demo import DemoContext
from spolu.counselling.models import ServiceRecord
from spolu.legal.models import CaseOutcome, CaseStatus, Deadline, LegalCase, LegalNote, MatterType

# (matter, authority, reference prefix, deadline descriptions, note)
MATTERS = [
    (
        MatterType.PERMANENT_RESIDENCE,
        "MV ČR, OAMP – pracoviště Ústí nad Labem",
        "OAM",
        ["Doložit potvrzení o zkoušce z češtiny A2", "Převzít rozhodnutí"],
        "Žádost podána osobně; chybí potvrzení o zdravotním pojištění, klient doloží.",
    ),
    (
        MatterType.APPEAL,
        "Komise pro rozhodování ve věcech pobytu cizinců",
        "KOM",
        ["Podat odvolání proti rozhodnutí (15 dní od doručení)", "Doplnit odůvodnění odvolání"],
        "Rozhodnutí doručeno datovou schránkou; zamítnutí pro nedoložení účelu pobytu.",
    ),
    (
        MatterType.FAMILY_REUNIFICATION,
        "MV ČR, OAMP – pracoviště Teplice",
        "OAM",
        ["Vyžádat rodný list dítěte s apostilou", "Podat žádost na zastupitelském úřadu"],
        "Manželka a dvě děti na Ukrajině; ověřit překlady dokladů.",
    ),
    (
        MatterType.LONG_TERM_RESIDENCE,
        "MV ČR, OAMP – pracoviště Chomutov",
        "OAM",
        ["Prodloužit zaměstnaneckou kartu (90 dní před koncem platnosti)"],
        "Zaměstnavatel potvrdil pokračování pracovního poměru.",
    ),
    (
        MatterType.CITIZENSHIP,
        "Krajský úřad Ústeckého kraje",
        "KUUK",
        ["Zkouška z českých reálií – přihláška", "Doložit výpis z rejstříku trestů"],
        "Splňuje podmínku pobytu; doporučena příprava na zkoušku B1.",
    ),
    (
        MatterType.EMPLOYMENT,
        "Oblastní inspektorát práce pro Ústecký a Liberecký kraj",
        "OIP",
        ["Výzva zaměstnavateli k vyplacení mzdy", "Podnět na oblastní inspektorát práce"],
        "Nevyplacená mzda za 2 měsíce přes agenturu; klient má výplatní pásky.",
    ),
    (
        MatterType.ADMINISTRATIVE,
        "MV ČR, OAMP – pracoviště Ústí nad Labem",
        "OAM",
        ["Vyjádřit se k podkladům rozhodnutí"],
        "Řízení o zrušení platnosti povolení; klient nebyl zastižen na adrese.",
    ),
    (
        MatterType.INTERNATIONAL_PROTECTION,
        "Krajský soud v Ústí nad Labem",
        "15 Az",
        ["Podat žalobu proti rozhodnutí o neudělení mezinárodní ochrany"],
        "Lhůta k žalobě běží od doručení; zajistit tlumočníka na jednání.",
    ),
]


def seed(ctx: DemoContext) -> None:
    clients = list(ctx.shared.get("clients") or [])
    lawyer = ctx.users.get("lawyer")
    if not clients or lawyer is None:
        return
    today = ctx.today
    chosen = ctx.rng.sample(clients, min(14, len(clients)))
    legal_services: dict[int, list[ServiceRecord]] = {}
    for service in ServiceRecord.objects.filter(
        client__in=[c.pk for c in chosen], activity_id="A05"
    ):
        if service.client_id is not None:
            legal_services.setdefault(service.client_id, []).append(service)
    cases = []
    for index, client in enumerate(chosen):
        matter, authority, prefix, deadlines, note = MATTERS[index % len(MATTERS)]
        opened = today - timedelta(days=ctx.rng.randint(10, 240))
        closed = index % 5 == 4
        case = LegalCase.objects.create(
            client=client,
            office=client.office,
            matter_type=matter,
            authority=authority,
            reference_number=f"{prefix}-{ctx.rng.randint(10000, 99999)}/{opened.year}",
            opened_on=opened,
            status=CaseStatus.CLOSED
            if closed
            else ctx.rng.choice([CaseStatus.OPEN, CaseStatus.WAITING]),
            closed_on=min(today, opened + timedelta(days=ctx.rng.randint(5, 60)))
            if closed
            else None,
            outcome=ctx.rng.choice([CaseOutcome.GRANTED, CaseOutcome.REJECTED]) if closed else "",
            lawyer=lawyer,
            summary=note,
            created_by=lawyer,
        )
        for offset, description in enumerate(deadlines):
            due = today + timedelta(days=ctx.rng.randint(-6, 12) + offset * 9)
            done = closed or (due < today - timedelta(days=3))
            Deadline.objects.create(
                case=case,
                due_date=due,
                description=description,
                done_at=timezone.now() if done else None,
                done_by=lawyer if done else None,
            )
        LegalNote.objects.create(case=case, author=lawyer, text=note)
        if client.pk in legal_services:
            case.services.set(legal_services[client.pk])
        cases.append(case)
    ctx.shared["legal_cases"] = cases
