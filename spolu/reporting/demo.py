"""Demo data: targets for the default AMIF indicators, as a grant agreement would set them.

The targets are for the current year and for the whole project (three years). They are set a
little above where the demo's records are heading, so the dashboard shows believable progress;
the hand-entered indicator (R.2.9, from a survey) gets a value for last year.
"""

from __future__ import annotations

import math
from datetime import date

from spolu.core.demo import DemoContext
from spolu.reporting.models import Indicator, IndicatorTarget, Measure
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope


def _nice(value: float) -> int:
    """Round up to a number a grant agreement would state (5, 10, 50, 100…)."""
    if value <= 10:
        return max(5, math.ceil(value / 5) * 5)
    step = 10 ** (len(str(int(value))) - 1) // 2 or 1
    return math.ceil(value / step) * step


def seed(ctx: DemoContext) -> None:
    today = ctx.today
    year_start = today.replace(month=1, day=1)
    year_end = today.replace(month=12, day=31)
    project = (date(today.year - 1, 1, 1), date(today.year + 1, 12, 31))
    elapsed = max((today - year_start).days + 1, 30) / ((year_end - year_start).days + 1)
    report = monitoring_report(Scope(year_start, today, today=today))
    values = {row.code: row.value for row in report.indicators}
    targets = []
    for indicator in Indicator.objects.filter(indicator_set__code="amif-2021-2027"):
        if indicator.measure == Measure.MANUAL:
            last_year = (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
            supported = values.get("O.2.3") or 40
            targets.append(
                IndicatorTarget(
                    indicator=indicator,
                    period_from=last_year[0],
                    period_to=last_year[1],
                    target=_nice(0.5 * float(supported)),
                    value=round(0.45 * float(supported) * ctx.rng.uniform(0.9, 1.1)),
                )
            )
            continue
        current = float(values.get(indicator.code) or 0)
        yearly = _nice(max(current / elapsed * ctx.rng.uniform(1.05, 1.3), 5))
        targets.append(
            IndicatorTarget(
                indicator=indicator, period_from=year_start, period_to=year_end, target=yearly
            )
        )
        targets.append(
            IndicatorTarget(
                indicator=indicator,
                period_from=project[0],
                period_to=project[1],
                target=_nice(yearly * 2.6),
            )
        )
    IndicatorTarget.objects.bulk_create(targets)
