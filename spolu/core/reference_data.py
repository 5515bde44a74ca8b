"""Seed values of the code lists (DESIGN.md §2, §4, §7). Loaded by a data migration, so every
installation (production included) starts with them; administrators edit them afterwards."""

from __future__ import annotations

import gettext
from typing import Any

DISTRICTS = [
    ("CZ0421", "Děčín"),
    ("CZ0422", "Chomutov"),
    ("CZ0423", "Litoměřice"),
    ("CZ0424", "Louny"),
    ("CZ0425", "Most"),
    ("CZ0426", "Teplice"),
    ("CZ0427", "Ústí nad Labem"),
]

ACTIVITIES = [
    ("A01", "Informační kampaň", "Information campaign"),
    ("A02", "Terénní práce", "Field work"),
    ("A03", "Informační centrum", "Information centre"),
    ("A04", "Sociální poradenství", "Social counselling"),
    ("A05", "Právní poradenství", "Legal counselling"),
    ("A06", "Odborné přednášky pro cizince", "Expert lectures for foreigners"),
    ("A07", "Poradenství ve vzdělávání", "Education counselling"),
    ("A08", "Výuka českého jazyka", "Czech language teaching"),
    (
        "A09",
        "Doučování dětí cizinců, zkoušky nanečisto, speciální jazyková příprava",
        "Tutoring of foreigners' children, mock exams, special language preparation",
    ),
    ("A10", "Kurzy sociokulturní orientace", "Sociocultural orientation courses"),
    ("A11", "Integrační aktivity pro cizince", "Integration activities for foreigners"),
    (
        "A12",
        "Vzdělávání lektorů ČJCJ, pedagogů, úředníků a dalších pracovníků",
        "Training of teachers of Czech as a foreign language, teachers, officials and other staff",
    ),
    ("A13", "Poradenství pro školy", "Counselling for schools"),
    ("A14", "Integrační multikulturní aktivity", "Multicultural integration activities"),
    ("A15", "Etnické večery", "Ethnic evenings"),
    (
        "A16",
        "Podpora aktivit organizací, institucí, jednotlivců",
        "Support of activities of organisations, institutions and individuals",
    ),
    (
        "A17",
        "Praxe a exkurze studentů, dobrovolnictví",
        "Student internships and excursions, volunteering",
    ),
    (
        "A18",
        "Platformy integrace cizinců v regionu / koordinační skupiny",
        "Regional integration platforms, coordination groups",
    ),
    (
        "A19",
        "Monitoring situace cílové skupiny regionu",
        "Monitoring of the target group's situation in the region",
    ),
]

# (code, Czech, English, eligible by default)
RESIDENCE_CATEGORIES = [
    ("visa_long", "Dlouhodobé vízum", "Long-term visa", True),
    (
        "residence_long",
        "Povolení k dlouhodobému pobytu (vč. zaměstnanecké a modré karty)",
        "Long-term residence permit (incl. employee card and blue card)",
        True,
    ),
    ("residence_permanent", "Trvalý pobyt", "Permanent residence", True),
    ("asylum", "Azyl", "Asylum", True),
    ("subsidiary_protection", "Doplňková ochrana", "Subsidiary protection", True),
    ("temporary_protection", "Dočasná ochrana", "Temporary protection", True),
    (
        "eu_family_member",
        "Přechodný pobyt rodinného příslušníka občana EU",
        "Temporary residence of a family member of an EU citizen",
        True,
    ),
    (
        "asylum_applicant",
        "Žadatel o mezinárodní ochranu",
        "Applicant for international protection",
        False,
    ),
    ("visa_short", "Krátkodobé vízum", "Short-stay visa", False),
    ("eu_citizen", "Občan EU/EHP/Švýcarska", "EU/EEA/Swiss citizen", False),
    ("czech_citizen", "Občan ČR", "Czech citizen", False),
    ("unknown", "Neznámý pobytový status", "Unknown status", False),
]

EU_EEA_CH = {
    # EU member states
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    # the rest of the EEA, and Switzerland
    "IS",
    "LI",
    "NO",
    "CH",
}

# Languages the centre's clients and interpreters use most; listed first in choices.
COMMON_LANGUAGES = {"cs", "en", "uk", "ru", "vi", "mn", "de", "ar", "fa", "tr", "ro", "bg"}


def _translation(domain: str, language: str) -> Any:
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def countries() -> list[tuple[str, str, str, bool]]:
    """(alpha-2, Czech name, English name, EU/EEA/CH) for every ISO 3166-1 country, plus XX."""
    import pycountry

    cs = _translation("iso3166-1", "cs")
    rows = [
        (
            c.alpha_2,
            cs.gettext(c.name),
            getattr(c, "common_name", c.name),
            c.alpha_2 in EU_EEA_CH,
        )
        for c in pycountry.countries
    ]
    rows.append(("XX", "Bez státní příslušnosti / neznámé", "Stateless or unknown", False))
    return rows


def languages() -> list[tuple[str, str, str, bool]]:
    """(ISO 639-1, Czech name, English name, offered first) for every two-letter language."""
    import pycountry

    cs = _translation("iso639-3", "cs")
    return [
        (lang.alpha_2, cs.gettext(lang.name), lang.name, lang.alpha_2 in COMMON_LANGUAGES)
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2")
    ]


def load(apps: Any) -> None:
    """Create or update every seed row; `apps` is a migration's app registry or django.apps.apps."""
    district_model = apps.get_model("core", "District")
    activity_model = apps.get_model("core", "Activity")
    category_model = apps.get_model("core", "ResidenceCategory")
    country_model = apps.get_model("core", "Country")
    language_model = apps.get_model("core", "Language")
    for code, name in DISTRICTS:
        district_model.objects.update_or_create(
            code=code, defaults={"name_cs": name, "name_en": name}
        )
    for order, (code, cs, en) in enumerate(ACTIVITIES, start=1):
        activity_model.objects.update_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "order": order}
        )
    for order, (code, cs, en, eligible) in enumerate(RESIDENCE_CATEGORIES, start=1):
        category_model.objects.update_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "eligible": eligible, "order": order}
        )
    for code, cs, en, eu in countries():
        country_model.objects.update_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "eu_eea_ch": eu}
        )
    for code, cs, en, common in languages():
        language_model.objects.update_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "common": common}
        )
