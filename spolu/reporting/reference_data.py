"""The default indicator set: the AMIF 2021–2027 integration indicators as commonly stated
(Regulation (EU) 2021/1147, Annex VIII, specific objective 2), DESIGN.md §5.

Loaded by a data migration without targets (they come from the centre's grant agreement); the
administrator checks the names and codes against the agreement and edits them in the admin.
"""

from __future__ import annotations

from typing import Any

SET_CODE = "amif-2021-2027"
SET = {
    "name_cs": "AMIF 2021–2027 – integrace státních příslušníků třetích zemí",
    "name_en": "AMIF 2021–2027 – integration of third-country nationals",
    "description": (
        "Ukazatele výstupů a výsledků specifického cíle 2 (nařízení (EU) 2021/1147, příloha VIII). "
        "Ověřte názvy a kódy podle své smlouvy o poskytnutí podpory."
    ),
}

PACKAGES_AND_CAMPAIGNS = (
    "Materiály informačních kampaní (A01) distribuované v období a kampaně, které je v období "
    "distribuovaly; každý materiál a každá kampaň jednou."
)

# code, Czech, English, rule (measure, activities, kinds, eligible only, condition), description
INDICATORS: list[tuple[str, str, str, dict[str, Any], str]] = [
    (
        "O.2.3",
        "Počet podpořených účastníků",
        "Number of participants supported",
        {"measure": "clients", "eligible_only": True},
        "Oprávnění klienti (cílová skupina AMIF) s alespoň jednou službou, účastí na akci nebo "
        "v kurzu v období; každá osoba jednou.",
    ),
    (
        "O.2.3.1",
        "z toho účastníci jazykového kurzu",
        "of which participants in a language course",
        {"measure": "clients", "eligible_only": True, "activities": ["A08"], "kinds": ["lesson"]},
        "Přítomní alespoň na jedné lekci kurzu češtiny (A08) v den, kdy byli oprávnění.",
    ),
    (
        "O.2.3.2",
        "z toho účastníci kurzu občanské (sociokulturní) orientace",
        "of which participants in a civic orientation course",
        {"measure": "clients", "eligible_only": True, "activities": ["A10"], "kinds": ["lesson"]},
        "Přítomní alespoň na jedné lekci kurzu sociokulturní orientace (A10).",
    ),
    (
        "O.2.3.3",
        "z toho účastníci, kterým bylo poskytnuto individuální poradenství",
        "of which participants receiving personal guidance",
        {
            "measure": "clients",
            "eligible_only": True,
            "activities": ["A03", "A04", "A05", "A07"],
            "kinds": ["service"],
        },
        "Individuální služby informačního centra, sociálního, právního a vzdělávacího "
        "poradenství (A03–A05, A07).",
    ),
    (
        "O.2.4",
        "Počet informačních balíčků a kampaní",
        "Number of information packages and campaigns",
        {"measure": "packages_and_campaigns"},
        PACKAGES_AND_CAMPAIGNS,
    ),
    (
        "R.2.8",
        "Počet účastníků jazykových kurzů, kteří zlepšili znalost češtiny alespoň o jednu "
        "úroveň SERR",
        "Number of participants in language courses who improved by at least one CEFR level",
        {
            "measure": "clients",
            "eligible_only": True,
            "activities": ["A08"],
            "kinds": ["lesson"],
            "condition": "cefr_improved",
        },
        "Výstupní úroveň SERR vyšší než vstupní, v kurzu ukončeném v období.",
    ),
    (
        "R.2.9",
        "Počet účastníků, kteří uvádějí, že aktivita jim pomohla v integraci",
        "Number of participants who report that the activity was helpful for their integration",
        {"measure": "manual"},
        "Z dotazníkového šetření; hodnotu zadává administrátor u cíle daného období.",
    ),
]


def load(apps: Any) -> None:
    """Create or update the default set; `apps` is a migration's registry or django.apps.apps."""
    indicator_set_model = apps.get_model("reporting", "IndicatorSet")
    indicator_model = apps.get_model("reporting", "Indicator")
    activity_model = apps.get_model("core", "Activity")
    indicator_set, _created = indicator_set_model.objects.update_or_create(
        code=SET_CODE, defaults={**SET, "active": True, "order": 1}
    )
    for order, (code, cs, en, rule, description) in enumerate(INDICATORS, start=1):
        kinds = rule.get("kinds", ["service", "event", "lesson"])
        indicator, _created = indicator_model.objects.update_or_create(
            indicator_set=indicator_set,
            code=code,
            defaults={
                "name_cs": cs,
                "name_en": en,
                "order": order,
                "measure": rule["measure"],
                "count_services": "service" in kinds,
                "count_events": "event" in kinds,
                "count_lessons": "lesson" in kinds,
                "eligible_only": rule.get("eligible_only", False),
                "condition": rule.get("condition", ""),
                "description": description,
            },
        )
        indicator.activities.set(activity_model.objects.filter(code__in=rule.get("activities", [])))
