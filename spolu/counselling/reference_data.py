"""Seed topics of consultations (an admin-editable taxonomy; codes are used in imports)."""

from typing import Any

TOPICS = [
    ("residence", "Pobyt a pobytová oprávnění", "Residence and permits"),
    ("employment", "Zaměstnání a pracovní právo", "Employment and labour law"),
    ("housing", "Bydlení", "Housing"),
    ("health_insurance", "Zdravotní pojištění", "Health insurance"),
    ("healthcare", "Zdravotní péče", "Healthcare"),
    ("social_benefits", "Sociální dávky", "Social benefits"),
    ("schooling", "Škola a vzdělávání dětí", "Schooling of children"),
    (
        "qualifications",
        "Uznání vzdělání a kvalifikace (nostrifikace)",
        "Recognition of qualifications",
    ),
    ("family_reunification", "Slučování rodiny", "Family reunification"),
    ("citizenship", "Státní občanství", "Citizenship"),
    ("czech_language", "Čeština a jazykové zkoušky", "Czech language and exams"),
    ("documents", "Doklady a jednání s úřady", "Documents and dealing with authorities"),
    ("debts", "Dluhy a exekuce", "Debts and distraint"),
    ("taxes", "Daně", "Taxes"),
    ("business", "Podnikání a živnost", "Self-employment and business"),
    ("temporary_protection", "Dočasná ochrana", "Temporary protection"),
    ("international_protection", "Mezinárodní ochrana", "International protection"),
    ("family", "Rodina a vztahy", "Family and relationships"),
    ("everyday_life", "Orientace v každodenním životě", "Everyday life in Czechia"),
    ("translation", "Tlumočení a překlady", "Interpreting and translation"),
    ("other", "Jiné", "Other"),
]


def load(apps: Any) -> None:
    """Create or update the seed topics; `apps` is a migration's registry or django.apps.apps."""
    topic_model = apps.get_model("counselling", "Topic")
    for order, (code, cs, en) in enumerate(TOPICS, start=1):
        topic_model.objects.update_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "order": order}
        )
