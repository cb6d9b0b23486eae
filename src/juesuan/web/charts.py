"""Charts drawn on the server as SVG (no script, no inline style: presentation attributes only, so the
Content-Security-Policy holds): a unit's spending structure by year, and the year-on-year change."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

PALETTE = ("#2f6db5", "#e08a1e", "#3a9a5b", "#c2453d", "#7b5ea7", "#8c6d4f", "#d16ba5", "#6b7b8c", "#b5a22f",
           "#2fa5b5")  # fmt: skip
WIDTH = 760
FONT = 'font-family="Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"'


def _svg(height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-label="{escape(title)}" {FONT} font-size="13">')  # fmt: skip


def _wan(value: Decimal) -> str:
    return f"{value / 10000:,.2f}"


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, Decimal]]]], title: str) -> Markup:
    """One horizontal bar per row (a year), its parts stacked as shares of the row's total, with a legend.
    Amounts in 元; labelled in 万元 and percent."""
    names: list[str] = []
    for _, parts in rows:
        names += [n for n, v in parts if n not in names and v > 0]
    colour = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    left, bar, gap = 70, 26, 14
    legend_rows = (len(names) + 2) // 3
    height = 34 + len(rows) * (bar + gap) + legend_rows * 22 + 10
    span = WIDTH - left - 20
    out = [_svg(height, title),
           f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>']  # fmt: skip
    y = 34
    for label, parts in rows:
        total = sum((v for _, v in parts if v > 0), Decimal(0))
        out.append(f'<text x="0" y="{y + bar * 0.7:.0f}">{escape(label)}</text>')
        x = float(left)
        for name, value in parts:
            if value <= 0 or total <= 0:
                continue
            share = float(value / total)
            w = span * share
            tip = f"{label} {name}：{_wan(value)} 万元（{share:.1%}）"
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour[name]}">'
                       f"<title>{escape(tip)}</title></rect>")  # fmt: skip
            if w > 48:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + bar * 0.7:.0f}" text-anchor="middle" fill="#fff">'
                           f"{share:.0%}</text>")  # fmt: skip
            x += w
        if total <= 0:
            out.append(f'<text x="{left}" y="{y + bar * 0.7:.0f}" fill="#777">无数据</text>')
        y += bar + gap
    for i, name in enumerate(names):
        lx, ly = (i % 3) * (WIDTH // 3), y + (i // 3) * 22
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour[name]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly + 11}">{escape(name)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def change_bars(items: Sequence[tuple[str, Decimal | None]], title: str) -> Markup:
    """A bar per figure: its change in percent of last year's (right: up, left: down)."""
    shown = [(label, rate) for label, rate in items if rate is not None]
    label_width, bar, gap = 150, 18, 8
    height = 34 + max(len(shown), 1) * (bar + gap) + 8
    middle = label_width + (WIDTH - label_width) / 2
    half = (WIDTH - label_width) / 2 - 80  # room for the percent beside the longest bar
    largest = max((abs(float(rate)) for _, rate in shown), default=1.0) or 1.0
    out = [_svg(height, title),
           f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{middle}" y1="26" x2="{middle}" y2="{height - 4}" stroke="#999"/>']  # fmt: skip
    y = 34
    for label, rate in shown:
        assert rate is not None
        w = half * abs(float(rate)) / largest
        x = middle if rate >= 0 else middle - w
        fill = "#3a9a5b" if rate >= 0 else "#c2453d"
        out.append(f'<text x="0" y="{y + bar * 0.75:.0f}">{escape(label)}</text>')
        out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar}" fill="{fill}">'
                   f"<title>{escape(label)}：{rate:+}%</title></rect>")  # fmt: skip
        tx, anchor = (x + w + 4, "start") if rate >= 0 else (x - 4, "end")
        out.append(f'<text x="{tx:.1f}" y="{y + bar * 0.75:.0f}" text-anchor="{anchor}">{rate:+}%</text>')
        y += bar + gap
    if not shown:
        out.append(f'<text x="{label_width}" y="{y + 12}" fill="#777">两年都有的数字不足，无法计算增减率</text>')
    out.append("</svg>")
    return Markup("".join(out))
