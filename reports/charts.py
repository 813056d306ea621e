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
import math
from decimal import Decimal, InvalidOperation
from html import escape

FONT = "arial, sans-serif"
# Every piece of chart text, in CSS pixels at every screen width: the page's smallest body text
# (GOV.UK Frontend 6's body-s is 16 px on phones and desktops). The SVGs have no viewBox, so a
# narrow screen narrows the chart instead of shrinking its text; positions across are
# percentages of the chart's width and positions down are pixels.
FONT_SIZE = 16
# On A4 the chart is 160 mm wide, narrower than a desktop screen: its text is set at the
# paper's small print so that month labels do not run into each other.
PRINT_FONT_SIZE = 11
LINE_HEIGHT = 20
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"
BAR = "#1d70b8"
LINE = "#1d70b8"
GRID = "#b1b4b6"
DASHED = f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="8 5" class="cpb-chart__reference"'
LABEL_CHARS = 26  # a bar's label wraps after this many characters (a phone's width, less its value)

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
        return 100.0 if value > 90 else float(max(10, -(-value // 10) * 10))
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
        f'width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>',
    ]


def _no_data(chart_id, title, description, css_class):
    parts = _open_svg(chart_id, 40, title, description, css_class)
    parts.append(f'<text x="0" y="25" fill="{TEXT}">No data to show</text></svg>')
    return "".join(parts)


def _text(x, y, text, *, anchor="start", fill=TEXT, css_class=""):
    """`x` a percentage of the chart's width, `y` the baseline in pixels."""
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    class_attr = f' class="{css_class}"' if css_class else ""
    # Two pixels in from either edge: some glyphs ("T", "Y") reach past their starting point.
    edge = {(0, "start"): ' dx="2"', (100, "end"): ' dx="-2"'}.get((x, anchor), "")
    return (
        f'<text x="{x:g}%"{edge} y="{y:g}"{anchor_attr} fill="{fill}"{class_attr}>'
        f"{_esc(text)}</text>"
    )


def _anchor_at(share):
    """Text at `share` (0 to 1) of the width, anchored so that it stays inside the chart."""
    return "start" if share <= 0.5 else "end"


def _reference_lines(references, *, unit, x_of=None, y_of=None, top, bottom):
    """The target and England as dashed lines: across at a value (`y_of`, line charts) or down
    at a value (`x_of`, bar charts), each with its label and value."""
    parts = []
    # Highest first: on a line chart the highest line's label goes above it, the others' below
    # theirs, so that no dashed line runs through another's label.
    references = sorted(references, key=lambda reference: -reference[1])
    for index, (label, value) in enumerate(references):
        text = f"{label} {format_value(value, unit)}"
        if x_of is not None:
            share = x_of(value)
            parts.append(
                f'<line x1="{share * 100:g}%" y1="{top}" x2="{share * 100:g}%" y2="{bottom}" '
                f"{DASHED}/>"
            )
            # Above the rows, one line each, on the side of the line that has room.
            y = (index + 1) * LINE_HEIGHT - 4
            parts.append(_text(share * 100, y, text, anchor=_anchor_at(share)))
            continue
        y = y_of(value)
        parts.append(f'<line x1="0%" y1="{y:.1f}" x2="100%" y2="{y:.1f}" {DASHED}/>')
        parts.append(_text(100, y - 6 if index == 0 else y + LINE_HEIGHT - 2, text, anchor="end"))
    return parts


def _wrap(text, limit):
    """A label in at most three lines of `limit` characters (a longer one ends with "…")."""
    words, lines = text.split(), [""]
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if len(candidate) <= limit or not lines[-1]:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])]
    return [_shorten(line, limit) for line in lines]


def bar_chart(rows, *, title, description, unit, references=()):
    """Horizontal bar chart of (label, value) rows: each row's label and value on a line, its bar
    below, on a value axis from 0 fitted to the values and the reference lines (the target and
    England), which are drawn down the chart."""
    rows = [(str(label), value) for label, value in rows]
    references = [(str(label), _number(value)) for label, value in references]
    references = [(label, value) for label, value in references if value is not None]
    chart_id = _chart_id("bar", title, description, (rows, references))
    if not rows:
        return _no_data(chart_id, title, description, "cpb-chart--bar")
    numbers = [n for n in (_number(v) for _, v in rows) if n is not None]
    scale_max = _nice_max(max(numbers + [v for _, v in references], default=0), unit)

    def share(number):
        return max(min(number, scale_max), 0) / scale_max

    top = len(references) * LINE_HEIGHT + 8
    bar_height, gap = 16, 14
    body, y = [], top
    for label, value in rows:
        lines = _wrap(label, LABEL_CHARS)
        for line_index, line in enumerate(lines):
            body.append(_text(0, y + LINE_HEIGHT * (line_index + 1) - 4, line))
        body.append(_text(100, y + LINE_HEIGHT - 4, format_value(value, unit), anchor="end"))
        y += LINE_HEIGHT * len(lines) + 2
        number = _number(value)
        if number is not None:
            body.append(
                f'<rect x="0" y="{y}" width="{share(number) * 100:.2f}%" height="{bar_height}" '
                f'fill="{BAR}" class="cpb-chart__bar"/>'
            )
        y += bar_height + gap
    rows_bottom = y - gap + 4
    height = rows_bottom + LINE_HEIGHT + 8
    parts = _open_svg(chart_id, height, title, description, "cpb-chart--bar")
    for tick in (0, 0.5, 1):
        parts.append(
            f'<line x1="{tick * 100:g}%" y1="{top}" x2="{tick * 100:g}%" y2="{rows_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        anchor = {0: "start", 0.5: "middle", 1: "end"}[tick]
        parts.append(
            _text(
                tick * 100,
                rows_bottom + LINE_HEIGHT,
                format_value(scale_max * tick, unit),
                anchor=anchor,
                fill=SECONDARY_TEXT,
            )
        )
    parts += body
    parts += _reference_lines(references, unit=unit, x_of=share, top=top, bottom=rows_bottom)
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


def _time_labels(count):
    """{index: shown on a phone too} of the points whose labels are drawn: every point (every
    other one beyond six) on a wide chart, three at most on a phone, always the latest."""
    wide_every = 1 if count <= 6 else 2
    narrow_every = 1 if count <= 3 else math.ceil((count - 1) / (2 if count <= 5 else 3))
    labels = {}
    for index in range(count):
        from_last = count - 1 - index
        narrow = from_last % narrow_every == 0
        if narrow or from_last % wide_every == 0:
            labels[index] = narrow
    return labels


def _drawn_line(points, x_of, y_of):
    """The line through the drawable points, broken where a value is missing or suppressed."""
    parts, segments, current = [], [], []
    for index, (_, value) in enumerate(points):
        number = _number(value)
        if number is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append((x_of(index), y_of(number)))
    if current:
        segments.append(current)
    for segment in segments:
        # Lines from point to point (a polyline cannot take percentages across).
        parts.append(f'<g class="cpb-chart__line" stroke="{LINE}" stroke-width="3">')
        for (x1, y1), (x2, y2) in zip(segment, segment[1:], strict=False):
            parts.append(f'<line x1="{x1:.2f}%" y1="{y1:.1f}" x2="{x2:.2f}%" y2="{y2:.1f}"/>')
        parts.append("</g>")
        for x, y in segment:
            parts.append(f'<circle cx="{x:.2f}%" cy="{y:.1f}" r="4" fill="{LINE}"/>')
    return parts


def line_chart(points, *, title, description, unit, references=()):
    """Line chart of (label, value) points in time order; gaps where a value is not drawable.
    `references` are (label, value) horizontal lines, such as the target and England."""
    points = [(str(label), value) for label, value in points]
    references = [(str(label), _number(value)) for label, value in references]
    references = [(label, value) for label, value in references if value is not None]
    chart_id = _chart_id("line", title, description, (points, references))
    numbers = [n for n in (_number(v) for _, v in points) if n is not None]
    if not numbers:
        return _no_data(chart_id, title, description, "cpb-chart--line")
    top, plot_height = LINE_HEIGHT + 10, 200
    height = top + plot_height + LINE_HEIGHT + 14
    scale_min, scale_max = _fitted_range(numbers + [v for _, v in references], unit)

    def y_of(number):
        share = (min(max(number, scale_min), scale_max) - scale_min) / (scale_max - scale_min)
        return top + plot_height - plot_height * share

    def x_of(index):
        """Percent across: the points run from 12% (the axis values are left of them) to 85%
        (room for half of the last month's label)."""
        return 50.0 if len(points) == 1 else 12 + 73 * index / (len(points) - 1)

    parts = _open_svg(chart_id, height, title, description, "cpb-chart--line")
    spans = 4 if (scale_max - scale_min) % 4 == 0 else 5  # whole numbers at every grid line
    for tick in range(spans + 1):
        tick_value = scale_min + (scale_max - scale_min) * tick / spans
        y = top + plot_height - plot_height * tick / spans
        parts.append(
            f'<line x1="0%" y1="{y:.1f}" x2="100%" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        # Each value sits just above its grid line, at the left; only the top one has the
        # unit in days, so that the values stay narrower than the space left of the line.
        text = format_value(tick_value, unit if unit != "days" or tick == spans else "count")
        parts.append(_text(0, y - 4, text, fill=SECONDARY_TEXT))
    parts += _reference_lines(references, unit=unit, y_of=y_of, top=top, bottom=0)
    for index, on_phones in _time_labels(len(points)).items():
        parts.append(
            _text(
                x_of(index),
                height - 10,
                _shorten(points[index][0], 10),
                anchor="middle",
                fill=SECONDARY_TEXT,
                css_class="" if on_phones else "cpb-chart__label--wide",
            )
        )
    parts += _drawn_line(points, x_of, y_of)
    parts.append(
        f'<line x1="0%" y1="{top + plot_height}" x2="100%" y2="{top + plot_height}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
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


def for_print(svg):
    """The chart as the PDFs draw it: the same drawing with its text at print size."""
    return svg.replace(f'font-size="{FONT_SIZE}"', f'font-size="{PRINT_FONT_SIZE}"', 1)
