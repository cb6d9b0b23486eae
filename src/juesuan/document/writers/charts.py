"""Charts (图) drawn with matplotlib: PNG for the DOCX and the PDF, SVG with hover titles for the HTML page.

A :class:`~juesuan.model.blocks.Chart` carries its numbers as the tables print them (万元); this module only
draws them. Text is in the Noto CJK fonts the project's set-up installs (``fonts-noto-cjk``); the font files
are registered with matplotlib directly, so no font cache of the system is scanned. Each chart is drawn once
per process and size (the DOCX and the PDF share the PNG).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ...model.blocks import Chart

#: The chart's printed width (both in the DOCX and the PDF) and its aspect ratio.
WIDTH_MM = 140.0
HEIGHT_MM = 78.0
DPI = 200
PALETTE = ("#2f6db5", "#e08a1e", "#3a9a5b", "#c2453d", "#7b5ea7", "#8c6d4f", "#d16ba5", "#6b7b8c", "#b5a22f",
           "#2fa5b5")  # fmt: skip
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
FONT_FAMILY = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]


def file_name(chart: Chart) -> str:
    """A stable file name for the chart's picture (the same chart, the same name)."""
    digest = hashlib.sha256(repr((chart.kind, chart.title, chart.labels, chart.series)).encode()).hexdigest()
    return f"chart-{digest[:16]}.png"


@functools.cache  # called under _DRAWING only
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for path in FONT_FILES:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": FONT_FAMILY,
            "font.size": 9,
            "axes.unicode_minus": False,
            "svg.fonttype": "none",  # text stays text in the HTML page (selectable, searchable)
            "svg.hashsalt": "juesuan",  # the same ids on every run
            "path.simplify": True,
        }
    )
    return plt


def _number(value: Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def shares(chart: Chart) -> tuple[Decimal, ...]:
    """A pie's shares in percent as the chart states them (none given: blank)."""
    return chart.shares or tuple(Decimal(0) for _ in chart.labels)


def _figure(chart: Chart) -> Any:
    plt = _pyplot()
    fig = plt.figure(figsize=(WIDTH_MM / 25.4, HEIGHT_MM / 25.4))
    if chart.kind == "pie":
        _pie(fig, chart)
    else:
        _bars(fig, chart)
    return fig


def _pie(fig: Any, chart: Chart) -> None:
    ax = fig.add_axes((0.02, 0.04, 0.5, 0.92))
    values = [_number(v) for v in chart.series[0].values]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    wedges, _ = ax.pie(values, colors=colours, startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 1, "edgecolor": "white"})  # fmt: skip
    for i, wedge in enumerate(wedges):
        wedge.set_gid(f"part-{i}")
    ax.set_aspect("equal")
    legend = [
        f"{label}  {_shown(v)} {chart.unit}（{share}%）"
        for label, v, share in zip(chart.labels, chart.series[0].values, shares(chart), strict=True)
    ]
    fig.legend(wedges, legend, loc="center left", bbox_to_anchor=(0.53, 0.5), frameon=False, fontsize=9)


def _bars(fig: Any, chart: Chart) -> None:
    ax = fig.add_axes((0.1, 0.14, 0.87, 0.74))
    count = len(chart.series)
    width = 0.8 / max(count, 1)
    positions = range(len(chart.labels))
    top = max((_number(v) for s in chart.series for v in s.values), default=0.0) or 1.0
    for k, series in enumerate(chart.series):
        xs = [p - 0.4 + width * (k + 0.5) for p in positions]
        bars = ax.bar(xs, [_number(v) for v in series.values], width * 0.92, label=series.name,
                      color=PALETTE[k % len(PALETTE)])  # fmt: skip
        for i, (bar, value) in enumerate(zip(bars, series.values, strict=True)):
            bar.set_gid(f"bar-{k}-{i}")
            if value is not None:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.015,
                        f"{value:,.2f}", ha="center", va="bottom", fontsize=8)  # fmt: skip
    ax.set_xticks(list(positions), list(chart.labels))
    ax.set_title(f"单位：{chart.unit}", loc="left", fontsize=8, color="#444444")
    ax.set_ylim(0, top * 1.18)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", linewidth=0.4, color="#cccccc")
    ax.set_axisbelow(True)
    if count > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.13), ncol=count, frameon=False)


#: matplotlib is not thread-safe: one drawing at a time (the PDF is typeset in a thread beside the DOCX).
_DRAWING = threading.Lock()
#: Each chart drawn once (both pictures from the one figure), the last few kept.
_DRAWN: dict[Chart, tuple[bytes, Markup]] = {}
_KEEP = 64


def _pictures(chart: Chart) -> tuple[bytes, Markup]:
    with _DRAWING:
        if chart not in _DRAWN:
            if len(_DRAWN) >= _KEEP:
                _DRAWN.pop(next(iter(_DRAWN)))
            _DRAWN[chart] = _draw(chart)
        return _DRAWN[chart]


def clear() -> None:
    """Forget the pictures drawn so far (benchmarks draw them again)."""
    with _DRAWING:
        _DRAWN.clear()


def png(chart: Chart) -> bytes:
    """The chart as a PNG picture of :data:`WIDTH_MM` × :data:`HEIGHT_MM` at :data:`DPI`."""
    return _pictures(chart)[0]


def svg(chart: Chart) -> Markup:
    """The chart as inline SVG markup; each slice or bar has a ``<title>`` with its label and figure, which a
    browser shows on hover."""
    return _pictures(chart)[1]


_SVG_HEAD = re.compile(r"\A.*?(?=<svg)", re.S)


def _draw(chart: Chart) -> tuple[bytes, Markup]:
    plt = _pyplot()
    fig = _figure(chart)
    picture = io.BytesIO()
    fig.savefig(picture, format="png", dpi=DPI, metadata={"Software": None})
    vector = io.StringIO()
    fig.savefig(vector, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return picture.getvalue(), _inline(chart, vector.getvalue())


def _inline(chart: Chart, text: str) -> Markup:
    text = _SVG_HEAD.sub("", text)
    for gid, tip in _tips(chart).items():
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{escape(tip)}</title>', 1)
    # ids unique in the page that holds several charts: each chart's ids (and the references to them) prefixed
    prefix = file_name(chart)[:-4] + "-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = text.replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    title = escape(chart.title)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{title}" class="chart" ', 1)
    return Markup(text)


def _tips(chart: Chart) -> dict[str, str]:
    if chart.kind == "pie":
        return {
            f"part-{i}": f"{label}：{_shown(v)} {chart.unit}（{share}%）"
            for i, (label, v, share) in enumerate(zip(chart.labels, chart.series[0].values, shares(chart), strict=True))
        }
    return {
        f"bar-{k}-{i}": f"{label} {series.name}：{_shown(v)} {chart.unit}"
        for k, series in enumerate(chart.series)
        for i, (label, v) in enumerate(zip(chart.labels, series.values, strict=True))
    }


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"
