"""Charts drawn on the server (matplotlib → SVG), the same image on the web page and in PDFs.

A chart is embedded as an <img> with a data: URI (`Chart.data_uri`), so the page's
Content-Security-Policy needs no inline styles, and every chart has a text alternative.
Pages show a table with the same numbers beside every chart.
"""

from __future__ import annotations

import base64
import io
import re
from calendar import isleap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

# Colour-blind friendly (Okabe–Ito), in the house navy/teal first.
PALETTE = ["#1b4f8a", "#1f8a70", "#e69f00", "#cc79a7", "#56b4e9", "#d55e00", "#009e73", "#555555"]

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dde3ea",
        "grid.linewidth": 0.8,
        "axes.axisbelow": True,
        "svg.fonttype": "path",
        "svg.hashsalt": "spolu",  # stable ids: the same data gives the same SVG
    }
)


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def _number(value: float, _pos: object = None) -> str:
    text = f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u00a0")


def _finish(fig: Figure, alt: str) -> Chart:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = re.sub(r"<!--.*?-->", "", buffer.getvalue(), flags=re.S)
    return Chart(svg=svg, alt=alt)


def bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    value_label: str,
    horizontal: bool = False,
    stacked: bool = False,
) -> Chart:
    """Grouped (or stacked) bars; `series` maps a legend label to one value per category."""
    height = max(3.0, 0.35 * len(categories) + 1.5) if horizontal else 3.6
    fig, ax = plt.subplots(figsize=(7.5, height))
    count = max(len(series), 1)
    width = 0.8 if stacked else 0.8 / count
    positions: list[float] = [float(p) for p in range(len(categories))]
    bottoms: list[float] = [0.0] * len(categories)
    for index, (label, values) in enumerate(series.items()):
        color = PALETTE[index % len(PALETTE)]
        offsets = positions if stacked else [p - 0.4 + width * (index + 0.5) for p in positions]
        if horizontal:
            ax.barh(
                offsets,
                values,
                height=width,
                left=bottoms if stacked else None,
                label=label,
                color=color,
            )
        else:
            ax.bar(
                offsets,
                values,
                width=width,
                bottom=bottoms if stacked else None,
                label=label,
                color=color,
            )
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if horizontal:
        ax.set_yticks(positions, categories)
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
        ax.xaxis.set_major_formatter(FuncFormatter(_number))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(
            positions,
            categories,
            rotation=30 if len(categories) > 6 else 0,
            ha="right" if len(categories) > 6 else "center",
        )
        ax.set_ylabel(value_label)
        ax.yaxis.set_major_formatter(FuncFormatter(_number))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.grid(axis="x", visible=False)
    ax.set_title(title, loc="left")
    if len(series) > 1:
        ax.legend(frameon=False, loc="best")
    return _finish(fig, alt=title)


def x_positions(dates: Sequence[date]) -> list[float]:
    """Where dates sit on a time axis: in years, so a gap of three years is three times as
    wide as a gap of one (counts are published irregularly: 2015, then 2018, 2019…)."""
    return [d.year + (d.timetuple().tm_yday - 1) / (366 if isleap(d.year) else 365) for d in dates]


def line_figure(
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    dates: Sequence[date] | None = None,
) -> Figure:
    """The figure of `line_chart` (tests look at where its parts sit)."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    positions = (
        x_positions(dates) if dates is not None else [float(p) for p in range(len(x_labels))]
    )
    for index, (label, values) in enumerate(series.items()):
        points = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, marker="o", linewidth=2, label=label, color=PALETTE[index % len(PALETTE)])
    ax.set_xticks(positions, x_labels, rotation=45 if len(x_labels) > 8 else 0)
    ax.set_ylabel(value_label)
    ax.yaxis.set_major_formatter(FuncFormatter(_number))
    ax.set_ylim(bottom=0)
    ax.set_title(title, loc="left")
    if len(series) > 1:
        # Beside the plot, never over the lines (the figure grows to hold it).
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig


def line_chart(
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    dates: Sequence[date] | None = None,
) -> Chart:
    """One line per series over the same x labels (None leaves a gap); with `dates`, the points
    sit at their dates on a time axis, otherwise evenly."""
    fig = line_figure(x_labels, series, title=title, value_label=value_label, dates=dates)
    return _finish(fig, alt=title)
