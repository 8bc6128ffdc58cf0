"""The report's charts: matplotlib figures rendered to inline SVG when the report is built.

The backend is matplotlib's SVG canvas itself (no display, no interactive
backend is ever chosen), text stays text in a generic sans-serif family
(`svg.fonttype = none`: no glyph outlines, no font file, and the browser's own
sans-serif draws it), the SVG carries no date nor metadata, and every id in
it is prefixed with the chart's own, so two charts in one page never share
an id, and the same data always gives the same bytes. Colours are few and named once here.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

__all__ = [
    "SERIES_COLOURS",
    "Bars",
    "grouped_bars",
    "horizontal_bars",
]

# One colour per series or status, the same in every chart and in the page's CSS legend.
SERIES_COLOURS: dict[str, str] = {
    "constraints only": "#c44e52",
    "before advice": "#c44e52",
    "schema/'s indexes": "#8c8c8c",
    "measured": "#4c72b0",
    "with advice": "#55a868",
    "after advice": "#55a868",
    "heavy": "#4c72b0",
    "typical": "#8fb3de",
    "error": "#c44e52",
    "warning": "#dd8452",
    "info": "#8c8c8c",
    "REGRESSED": "#c44e52",
    "improved": "#55a868",
    "same": "#8c8c8c",
    "changed": "#dd8452",
    "new": "#4c72b0",
}
_DEFAULT_COLOUR = "#4c72b0"
_STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text as <text>, drawn by the browser's sans-serif
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"],
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
}
_HEADER = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
# An id, and a reference to one: id="x", xlink:href="#x", url(#x).
_IDS = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


@dataclass(frozen=True, slots=True)
class Bars:
    """One panel of grouped bars: `values[series][i]` is the bar of `series` at `groups[i]`."""

    title: str
    groups: tuple[str, ...]
    values: dict[str, tuple[float | None, ...]]  # None: no figure (drawn as no bar)
    unit: str = ""
    decimals: int = 0


def colour(name: str) -> str:
    return SERIES_COLOURS.get(name, _DEFAULT_COLOUR)


def _label(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _draw_grouped(ax: Axes, panel: Bars) -> None:
    series = list(panel.values)
    width = 0.8 / max(len(series), 1)
    top = max((v for vs in panel.values.values() for v in vs if v is not None), default=0.0)
    for n, name in enumerate(series):
        xs, heights = [], []
        for i, value in enumerate(panel.values[name]):
            if value is not None:
                xs.append(i + (n - (len(series) - 1) / 2) * width)
                heights.append(value)
        bars = ax.bar(xs, heights, width * 0.92, color=colour(name), label=name)
        ax.bar_label(bars, [_label(h, panel.decimals) for h in heights], fontsize=7, padding=1)
    ax.set_xticks(range(len(panel.groups)), panel.groups)
    ax.tick_params(axis="x", length=0)
    ax.set_title(panel.title + (f" ({panel.unit})" if panel.unit else ""), loc="left")
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.tick_params(axis="y", labelsize=7)
    # Whole numbers (buffers) get whole ticks: no 1.5 buffers on the axis.
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=4, integer=panel.decimals == 0))


def _svg(figure: Figure, salt: str) -> str:
    """The figure as an `<svg>` element: no XML header, no metadata, ids unique to `salt`."""
    out = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": salt}):
        FigureCanvasSVG(figure).print_svg(out, metadata={"Date": None})  # type: ignore[no-untyped-call]
    svg = _METADATA.sub("", _HEADER.sub("", out.getvalue(), count=1), count=1).strip()
    # matplotlib numbers its groups per figure (figure_1, axes_1, patch_2...): prefixed with
    # the chart's own id, several charts live in one page without two elements sharing one.
    return _IDS.sub(lambda m: f"{m[1]}{salt}-{m[2]}", svg)


def grouped_bars(panels: Sequence[Bars], *, chart_id: str, legend: bool = True) -> str:
    """Panels side by side sharing one legend (the series of the first panel)."""
    with mpl.rc_context(_STYLE):  # type: ignore[arg-type]
        # Fixed margins, not a layout engine: the labels are short and known, and a layout
        # engine measures every text twice (two thirds of the drawing time).
        width = 2.9 * len(panels) + 0.2
        figure = Figure(figsize=(width, 2.0))
        figure.subplots_adjust(left=0.45 / width * 2, right=0.98, top=0.86, bottom=0.25, wspace=0.3)
        axes = figure.subplots(1, len(panels), squeeze=False)[0]
        for ax, panel in zip(axes, panels, strict=True):
            _draw_grouped(ax, panel)
        if legend and panels and len(panels[0].values) > 1:
            handles, labels = axes[0].get_legend_handles_labels()
            figure.legend(
                handles, labels, loc="lower center", ncols=len(labels), frameon=False, fontsize=8
            )
        return _svg(figure, chart_id)


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    chart_id: str,
    title: str,
    colours: Sequence[str] | None = None,
    decimals: int = 2,
    log: bool = False,
) -> str:
    """One bar per label, top to bottom in the order given, with its value written beside."""
    with mpl.rc_context(_STYLE):  # type: ignore[arg-type]
        height = 0.6 + 0.19 * max(len(labels), 1)
        longest = max((len(label) for label in labels), default=8)
        figure = Figure(figsize=(7.2, height))
        left = min(0.08 + longest * 0.058 / 7.2, 0.6)  # about 0.058 in per character at 7.5 pt
        figure.subplots_adjust(left=left, right=0.95, top=1 - 0.35 / height, bottom=0.3 / height)
        ax = figure.subplots()
        ys = list(range(len(labels)))
        shades = [colour(c) for c in colours] if colours else [_DEFAULT_COLOUR] * len(labels)
        bars = ax.barh(ys, values, 0.7, color=shades)
        ax.bar_label(bars, [_label(v, decimals) for v in values], fontsize=7, padding=2)
        ax.set_yticks(ys, labels, fontsize=7.5)
        ax.invert_yaxis()
        if log:
            ax.set_xscale("log")
        top = max(values, default=0.0)
        if not log:
            ax.set_xlim(0, top * 1.15 if top > 0 else 1)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(title, loc="left")
        return _svg(figure, chart_id)
