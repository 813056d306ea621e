"""Server-side SVG charts for the dashboards and the PDF board report.

Pure functions from plain data to an SVG string: no request, template or database state, so the
HTML page and the PDF draw the same picture from the same values. Every chart is `role="img"`
with a `<title>` and `<desc>`; colours and fonts are SVG presentation attributes (the CSP blocks
style attributes, and WeasyPrint reads presentation attributes without a stylesheet). Each chart is
shown beside its data table and a text summary (`bar_summary`, `line_summary`).

A value is a number, None (no data) or a string from the suppression module ("c" for a hidden
small number, "k" for a percentage under 0.5): strings are printed, not drawn.
"""

import hashlib
from decimal import Decimal, InvalidOperation
from html import escape

WIDTH = 640
FONT = "arial, sans-serif"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"
BAR = "#1d70b8"
LINE = "#1d70b8"
GRID = "#b1b4b6"

UNIT_SUFFIX = {"percent": "%", "days": " days"}


def _esc(text):
    return escape(str(text), quote=True)


def _number(value):
    """The drawable number in `value`, or None when it is missing or suppressed."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    try:
        return float(Decimal(str(value).replace(",", "").rstrip("%").strip()))
    except (InvalidOperation, ValueError):
        return None


def format_value(value, unit):
    """A value as people read it: "45%", "320 days", "1,204", "c"."""
    if value is None:
        return "no data"
    number = _number(value)
    if number is None:
        return str(value)
    text = f"{number:,.1f}" if unit in ("rate", "score") else f"{round(number):,}"
    return text + UNIT_SUFFIX.get(unit, "")


def _chart_id(kind, title, description, data):
    digest = hashlib.blake2s(repr((kind, title, description, data)).encode(), digest_size=5)
    return f"chart-{digest.hexdigest()}"


def _nice_max(value, unit):
    if unit == "percent":
        return 100.0
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _open_svg(chart_id, height, title, description, css_class):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cpb-chart {css_class}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT}">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>',
    ]


def bar_chart(rows, *, title, description, unit):
    """Horizontal bar chart of (label, value) rows, one bar a row, labels on the left."""
    rows = [(str(label), value) for label, value in rows]
    chart_id = _chart_id("bar", title, description, rows)
    label_width, value_width, row_height, top = 250, 90, 30, 10
    plot_width = WIDTH - label_width - value_width
    height = top * 2 + row_height * max(len(rows), 1)
    numbers = [n for n in (_number(v) for _, v in rows) if n is not None]
    scale_max = _nice_max(max(numbers, default=0), unit)

    parts = _open_svg(chart_id, height, title, description, "cpb-chart--bar")
    if not rows:
        parts.append(
            f'<text x="0" y="{top + 20}" font-size="16" fill="{TEXT}">No data to show</text>'
        )
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        number = _number(value)
        text = format_value(value, unit)
        width = 0 if number is None else max(plot_width * min(number, scale_max) / scale_max, 0)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="14" '
            f'fill="{TEXT}">{_esc(_shorten(label, 30))}</text>'
        )
        if number is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 5}" width="{width:.1f}" '
                f'height="{row_height - 10}" fill="{BAR}" class="cpb-chart__bar"/>'
            )
        parts.append(
            f'<text x="{label_width + width + 6:.1f}" y="{y + 19}" font-size="14" '
            f'fill="{TEXT}">{_esc(text)}</text>'
        )
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _fitted_range(numbers, unit):
    """(bottom, top) of the y-axis. A percentage's axis is fitted to its values (and the
    reference lines), in steps of 20 points within 0 to 100, so that a change from 88% to 92%
    can be seen; other units start at 0."""
    if unit != "percent" or not numbers:
        return 0.0, _nice_max(max(numbers, default=0), unit)
    low = max(0.0, (min(numbers) - 5) // 20 * 20)
    high = min(100.0, -((-(max(numbers) + 5)) // 20) * 20)
    if high - low < 20:
        low, high = max(0.0, high - 20), max(high, 20.0)
    return float(low), float(high)


def line_chart(points, *, title, description, unit, references=()):  # noqa: C901
    """Line chart of (label, value) points in time order; gaps where a value is not drawable.
    `references` are (label, value) horizontal lines, such as the target and England."""
    points = [(str(label), value) for label, value in points]
    references = [(str(label), _number(value)) for label, value in references]
    references = [(label, value) for label, value in references if value is not None]
    chart_id = _chart_id("line", title, description, (points, references))
    height, left, right, top, bottom = 260, 60, 40, 20, 50
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    numbers = [n for n in (_number(v) for _, v in points) if n is not None]
    scale_min, scale_max = _fitted_range(numbers + [v for _, v in references], unit)

    if not numbers:
        parts = _open_svg(chart_id, 60, title, description, "cpb-chart--line")
        parts.append(f'<text x="0" y="35" font-size="16" fill="{TEXT}">No data to show</text>')
        parts.append("</svg>")
        return "".join(parts)
    parts = _open_svg(chart_id, height, title, description, "cpb-chart--line")
    for tick in range(5):
        tick_value = scale_min + (scale_max - scale_min) * tick / 4
        y = top + plot_height - plot_height * tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{SECONDARY_TEXT}">{_esc(format_value(tick_value, unit))}</text>'
        )

    def _y(number):
        share = (min(max(number, scale_min), scale_max) - scale_min) / (scale_max - scale_min)
        return top + plot_height - plot_height * share

    for label, value in references:
        y = _y(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
            f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="8 5" '
            f'class="cpb-chart__reference"/>'
        )
        parts.append(
            f'<text x="{left + 6}" y="{y - 6:.1f}" font-size="14" fill="{TEXT}">'
            f"{_esc(label)} {_esc(format_value(value, unit))}</text>"
        )
    step = plot_width / max(len(points) - 1, 1)
    label_every = 1 if len(points) <= 6 else 2
    segments, current = [], []
    for index, (label, value) in enumerate(points):
        x = left + step * index if len(points) > 1 else left + plot_width / 2
        number = _number(value)
        if (len(points) - 1 - index) % label_every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 20}" text-anchor="middle" '
                f'font-size="12" fill="{SECONDARY_TEXT}">{_esc(_shorten(label, 10))}</text>'
            )
        if number is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append((x, _y(number)))
    if current:
        segments.append(current)
    for segment in segments:
        if len(segment) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="3" '
                f'class="cpb-chart__line"/>'
            )
        for x, y in segment:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"/>')
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{WIDTH - right}" '
        f'y2="{top + plot_height}" stroke="{TEXT}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def line_summary(points, *, unit, subject):
    """One sentence on a trend: where it started, where it ended, and its highest point."""
    drawable = [(label, value, _number(value)) for label, value in points]
    drawable = [item for item in drawable if item[2] is not None]
    if not drawable:
        return f"There is no data to show for {subject}."
    first, last = drawable[0], drawable[-1]
    if len(drawable) == 1:
        return f"{subject} was {format_value(last[1], unit)} in {last[0]}."
    lowest = min(drawable, key=lambda item: item[2])
    highest = max(drawable, key=lambda item: item[2])
    if lowest[2] == highest[2]:
        sentence = (
            f"{subject} stayed at {format_value(last[1], unit)} from {first[0]} to {last[0]}."
        )
        return sentence[0].upper() + sentence[1:] + _hidden_months(len(points) - len(drawable))
    if last[2] > first[2]:
        movement = "rose"
    elif last[2] < first[2]:
        movement = "fell"
    else:
        movement = "was the same"
    sentence = (
        f"{subject} {movement} from {format_value(first[1], unit)} in {first[0]} "
        f"to {format_value(last[1], unit)} in {last[0]}; "
        f"the highest was {format_value(highest[1], unit)} in {highest[0]}."
    )
    return sentence[0].upper() + sentence[1:] + _hidden_months(len(points) - len(drawable))


def _hidden_months(hidden):
    if not hidden:
        return ""
    months = "1 month is" if hidden == 1 else f"{hidden} months are"
    return f" {months} not shown because the numbers are small or missing."


def bar_summary(rows, *, unit, subject):
    """One sentence on a breakdown: its largest group and how many groups are hidden."""
    drawable = [(label, value, _number(value)) for label, value in rows]
    shown = [item for item in drawable if item[2] is not None]
    if not shown:
        return f"There is no data to show for {subject}."
    largest = max(shown, key=lambda item: item[2])
    sentence = f"{subject}: the largest group is {largest[0]} ({format_value(largest[1], unit)})."
    hidden = len(rows) - len(shown)
    if hidden:
        groups = "1 group is" if hidden == 1 else f"{hidden} groups are"
        sentence += f" {groups} hidden (shown as c) because the numbers are small."
    return sentence[0].upper() + sentence[1:]


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"
