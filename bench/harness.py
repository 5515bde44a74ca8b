"""The benchmark harness behind `make bench`.

Each Spolu app may have a `bench.py` with `BENCHMARKS`, a list of `Benchmark`. A benchmark
measures one thing many times and, where the issue asks for it, a baseline in the same run (a
naive query, hand-written SQL), so the printed ratio compares like with like on this machine.
Results are printed as a table and written as JSON. Targets are reported, never asserted: speed
is not checked by timed tests.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Measurement:
    samples_ms: list[float]
    baseline_ms: list[float] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class Benchmark:
    name: str
    size: str
    target_ms: float | None
    run: Callable[[], Measurement]
    baseline_label: str = ""


@dataclass(frozen=True)
class Result:
    name: str
    size: str
    p50_ms: float
    p95_ms: float
    target_ms: float | None
    baseline_p95_ms: float | None
    ratio: float | None
    baseline: str
    meets_target: bool | None
    notes: str


def percentile(samples: list[float], pct: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = (len(ordered) - 1) * pct / 100
    lower, upper = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (k - lower)


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 2) -> list[float]:
    """Milliseconds of `repeat` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def evaluate(benchmark: Benchmark) -> Result:
    m = benchmark.run()
    p95 = percentile(m.samples_ms, 95)
    base = percentile(m.baseline_ms, 95) if m.baseline_ms else None
    return Result(
        name=benchmark.name,
        size=benchmark.size,
        p50_ms=round(statistics.median(m.samples_ms), 2),
        p95_ms=round(p95, 2),
        target_ms=benchmark.target_ms,
        baseline_p95_ms=round(base, 2) if base is not None else None,
        ratio=round(p95 / base, 3) if base else None,
        baseline=benchmark.baseline_label,
        meets_target=(p95 <= benchmark.target_ms) if benchmark.target_ms else None,
        notes=m.notes,
    )


def render_table(results: list[Result]) -> str:
    header = ["benchmark", "size", "p50 ms", "p95 ms", "target ms", "baseline p95", "ratio", "ok"]
    rows = [
        [
            r.name,
            r.size,
            f"{r.p50_ms:.2f}",
            f"{r.p95_ms:.2f}",
            "–" if r.target_ms is None else f"{r.target_ms:g}",
            "–" if r.baseline_p95_ms is None else f"{r.baseline_p95_ms:.2f} ({r.baseline})",
            "–" if r.ratio is None else f"{r.ratio:g}",
            {True: "yes", False: "NO", None: "–"}[r.meets_target],
        ]
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    if not rows:
        out.append("(no benchmarks registered)")
    return "\n".join(out)


def write_json(results: list[Result], path: Path, meta: dict[str, Any]) -> None:
    path.write_text(
        json.dumps({"meta": meta, "results": [asdict(r) for r in results]}, indent=2) + "\n",
        encoding="utf-8",
    )
