"""Indicator rules: validation of the closed vocabulary, and evaluation against a report.

A rule can only say what `Measure` and `Condition` offer, narrowed by activities and engagement
kinds, so every indicator is computed by the same grouped queries as the report itself: persons
through `people.PersonFilter` (all indicators in the report's one person statement), record
measures as sums of the report's per-activity numbers (an activity's records belong to it
alone, so summing over the chosen activities is exact).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from spolu.courses.models import COURSE_ACTIVITIES
from spolu.events.models import EVENT_ACTIVITIES
from spolu.reporting.models import Condition, Indicator, Measure
from spolu.reporting.people import PersonFilter
from spolu.reporting.sources import EVENT, KINDS, LESSON, SERVICE

# Activities under which each kind of record can exist (services: any activity).
KIND_ACTIVITIES: dict[str, tuple[str, ...] | None] = {
    SERVICE: None,
    EVENT: EVENT_ACTIVITIES,
    LESSON: COURSE_ACTIVITIES,
}

# Measures that only some activities can have: events, courses, campaigns (A01).
MEASURE_ACTIVITIES: dict[str, tuple[str, ...]] = {
    Measure.EVENT_PARTICIPANTS: EVENT_ACTIVITIES,
    Measure.PUBLIC_HEADCOUNT: EVENT_ACTIVITIES,
    Measure.EVENTS: EVENT_ACTIVITIES,
    Measure.COURSES_RUN: COURSE_ACTIVITIES,
    Measure.COMPLETIONS: COURSE_ACTIVITIES,
    Measure.CAMPAIGNS: ("A01",),
    Measure.CAMPAIGN_MATERIALS: ("A01",),
    Measure.PACKAGES_AND_CAMPAIGNS: ("A01",),
    Measure.DISTRIBUTION_COPIES: ("A01",),
    Measure.DISTRIBUTION_REACH: ("A01",),
}

# Measures summed from the per-activity numbers of the report (ActivityRow attribute names).
ACTIVITY_SUMS: dict[str, str] = {
    Measure.SERVICE_RECORDS: "service_records",
    Measure.ANONYMOUS_CONTACTS: "anonymous_contacts",
    Measure.EVENT_PARTICIPANTS: "event_participants",
    Measure.PUBLIC_HEADCOUNT: "public_headcount",
    Measure.EVENTS: "events",
    Measure.HOURS: "minutes",
    Measure.COURSES_RUN: "courses_run",
    Measure.COMPLETIONS: "completions",
}
CAMPAIGN_MEASURES = (
    Measure.CAMPAIGNS,
    Measure.CAMPAIGN_MATERIALS,
    Measure.PACKAGES_AND_CAMPAIGNS,
    Measure.DISTRIBUTION_COPIES,
    Measure.DISTRIBUTION_REACH,
)


def _label(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes))


def rule_errors(
    *,
    measure: str,
    activities: Iterable[str] | None,
    kinds: Iterable[str],
    eligible_only: bool,
    condition: str,
) -> dict[str, Any]:
    """Why a rule is impossible, by field (empty when it is fine). `activities` None: not known
    yet (the model's clean() runs before the many-to-many field is saved)."""
    errors: dict[str, Any] = {}
    kinds = tuple(kinds)
    chosen = None if activities is None else set(activities)
    if measure != Measure.CLIENTS:
        if eligible_only:
            errors["eligible_only"] = _(
                "Only counts of clients can be limited to eligible clients."
            )
        if condition:
            errors["condition"] = _("Only counts of clients can have a further condition.")
        if set(kinds) != set(KINDS):
            errors["count_services"] = _(
                "Kinds of engagement apply only to counts of clients: leave all three ticked."
            )
    else:
        if not kinds:
            errors["count_services"] = _("Tick at least one kind of engagement that counts.")
        elif chosen:
            possible = {
                code
                for code in chosen
                for kind in kinds
                if KIND_ACTIVITIES[kind] is None or code in KIND_ACTIVITIES[kind]  # type: ignore[operator]
            }
            if not possible:
                errors["activities"] = _(
                    "None of the chosen activities has records of the ticked kinds (events are "
                    "%(events)s, courses %(courses)s), so the indicator would always be 0."
                ) % {"events": _label(EVENT_ACTIVITIES), "courses": _label(COURSE_ACTIVITIES)}
        if condition and chosen and not chosen & set(COURSE_ACTIVITIES):
            errors["condition"] = _(
                "This condition is about courses, but none of the chosen activities has courses "
                "(%(courses)s)."
            ) % {"courses": _label(COURSE_ACTIVITIES)}
    if measure == Measure.MANUAL and chosen:
        errors["activities"] = _("An indicator entered by hand takes no activities.")
    allowed = MEASURE_ACTIVITIES.get(measure)
    if allowed and chosen and not chosen <= set(allowed):
        errors["activities"] = _(
            "This measure exists only for the activities %(allowed)s; remove %(others)s."
        ) % {"allowed": _label(allowed), "others": _label(chosen - set(allowed))}
    return errors


def person_filter(indicator: Indicator, activity_codes: tuple[str, ...]) -> PersonFilter:
    kinds = indicator.kinds
    return PersonFilter(
        activities=activity_codes,
        kinds=() if set(kinds) == set(KINDS) else kinds,
        eligible=True if indicator.eligible_only else None,
        condition=indicator.condition if indicator.condition != Condition.NONE else "",
    )
