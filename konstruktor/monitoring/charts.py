"""Charts as server-side SVG: no JavaScript, no CDN, readable by screen readers (title + desc),
with the numbers also given as a table next to each chart."""

import datetime
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def bar_chart(
    rows: Sequence[tuple[str, float, float | None]], *, title: str, unit: str, width: int = 720
) -> SafeString:
    """Horizontal bars, one per row (label, value, target); the target is a dark tick."""
    label_w, value_w, row_h, top = 250, 80, 24, 8
    plot_w = width - label_w - value_w
    height = top * 2 + row_h * max(1, len(rows))
    peak = _nice_max(max([v for _, v, _ in rows] + [t for _, _, t in rows if t] + [0]))
    parts = [
        f'<svg class="mon-chart" viewBox="0 0 {width} {height}" width="{width}" role="img" '
        f'aria-labelledby="{_id(title)}-t {_id(title)}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{_id(title)}-t">{escape(title)}</title>',
        f'<desc id="{_id(title)}-d">{escape(unit)}; '
        + escape("; ".join(f"{label}: {fmt(v)}" + (f" из {fmt(t)}" if t else "") for label, v, t in rows))
        + "</desc>",
    ]
    for i, (label, value, target) in enumerate(rows):
        y = top + i * row_h
        bar = plot_w * value / peak if peak else 0
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="mon-chart-label">{escape(short)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 8}" class="mon-chart-bar" />')
        if target:
            tx = label_w + plot_w * target / peak
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" class="mon-chart-target" />'
            )
        parts.append(
            f'<text x="{width - value_w + 6}" y="{y + 16}" class="mon-chart-value">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    points: Sequence[tuple[datetime.date, float]],
    *,
    title: str,
    unit: str,
    target: float | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    width: int = 720,
    height: int = 240,
) -> SafeString:
    """The accumulated value over the period, with the target as a dashed line."""
    left, right, top, bottom = 56, 16, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    if not points:
        return mark_safe(f'<p class="muted">{escape(title)}: данных за период нет.</p>')
    first = start or points[0][0]
    last = end or points[-1][0]
    span = max(1, (last - first).days)
    peak = _nice_max(max([v for _, v in points] + [target or 0]))

    def x(day: datetime.date) -> float:
        return left + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - value / peak)

    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    last_day, last_value = points[-1]
    ident = _id(title)
    parts = [
        f'<svg class="mon-chart" viewBox="0 0 {width} {height}" width="{width}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(unit)}: на {last_day:%d.%m.%Y} — {escape(fmt(last_value))}'
        + (f", цель — {escape(fmt(target))}" if target else "")
        + "</desc>",
    ]
    for fraction in (0, 0.5, 1):
        value = peak * fraction
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="mon-chart-grid" />'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" class="mon-chart-axis">{escape(fmt(value))}</text>'
        )
    parts.append(f'<text x="{left}" y="{height - 8}" class="mon-chart-axis">{first:%d.%m.%Y}</text>')
    parts.append(
        f'<text x="{width - right}" y="{height - 8}" text-anchor="end" class="mon-chart-axis">{last:%d.%m.%Y}</text>'
    )
    if target:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" class="mon-chart-target-line" />'
            f'<text x="{width - right}" y="{y(target) - 4:.1f}" text-anchor="end" class="mon-chart-axis">цель {escape(fmt(target))}</text>'
        )
    parts.append(f'<polyline points="{path}" class="mon-chart-line" />')
    parts.append(f'<circle cx="{x(last_day):.1f}" cy="{y(last_value):.1f}" r="3.5" class="mon-chart-dot" />')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _id(title: str) -> str:
    return "chart-" + format(abs(hash(title)) % 10**8, "d")
