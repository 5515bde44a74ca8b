"""Seed exam types of the mock exams (A09): the rules are data, so a changed exam format is a
new exam type made by an administrator, not a code change.

The A2 exam for permanent residence: reading 25, listening 25 and writing 20 points make the
written part (70, passed with at least 42 = 60 %), speaking 40 points (passed with at least 24).
The exam for citizenship: Czech at B1 scored the same way, plus the civics test of 30 questions
(passed with at least 18 correct answers).
"""

from __future__ import annotations

from typing import Any

# code, Czech, English, CEFR level (number), parts:
#   (code, Czech, English, pass points, sections: (code, Czech, English, max points))
EXAM_TYPES: list[tuple[Any, ...]] = [
    (
        "a2_permanent_residence",
        "Zkouška A2 pro trvalý pobyt (nanečisto)",
        "A2 exam for permanent residence (mock)",
        2,
        [
            (
                "written",
                "Písemná část",
                "Written part",
                42,
                [
                    ("reading", "Čtení", "Reading", 25),
                    ("listening", "Poslech", "Listening", 25),
                    ("writing", "Psaní", "Writing", 20),
                ],
            ),
            ("oral", "Ústní část", "Speaking", 24, [("speaking", "Mluvení", "Speaking", 40)]),
        ],
    ),
    (
        "b1_citizenship",
        "Zkouška B1 a test z reálií pro občanství (nanečisto)",
        "B1 exam and civics test for citizenship (mock)",
        3,
        [
            (
                "written",
                "Písemná část",
                "Written part",
                42,
                [
                    ("reading", "Čtení", "Reading", 25),
                    ("listening", "Poslech", "Listening", 25),
                    ("writing", "Psaní", "Writing", 20),
                ],
            ),
            ("oral", "Ústní část", "Speaking", 24, [("speaking", "Mluvení", "Speaking", 40)]),
            (
                "civics",
                "Test z českých reálií",
                "Civics test",
                18,
                [("civics", "Otázky z reálií (30)", "Civics questions (30)", 30)],
            ),
        ],
    ),
]


def load(apps: Any) -> None:
    """Create the seed exam types (missing parts and sections too); never overwrite an
    administrator's later changes to an existing one."""
    exam_type_model = apps.get_model("courses", "ExamType")
    part_model = apps.get_model("courses", "ExamPart")
    section_model = apps.get_model("courses", "ExamSection")
    for order, (code, cs, en, level, parts) in enumerate(EXAM_TYPES, start=1):
        exam_type, _created = exam_type_model.objects.get_or_create(
            code=code, defaults={"name_cs": cs, "name_en": en, "level": level, "order": order}
        )
        for part_order, (part_code, part_cs, part_en, pass_points, sections) in enumerate(
            parts, start=1
        ):
            part, _created = part_model.objects.get_or_create(
                exam_type=exam_type,
                code=part_code,
                defaults={
                    "name_cs": part_cs,
                    "name_en": part_en,
                    "pass_points": pass_points,
                    "order": part_order,
                },
            )
            for section_order, (s_code, s_cs, s_en, max_points) in enumerate(sections, start=1):
                section_model.objects.get_or_create(
                    part=part,
                    code=s_code,
                    defaults={
                        "name_cs": s_cs,
                        "name_en": s_en,
                        "max_points": max_points,
                        "order": section_order,
                    },
                )
