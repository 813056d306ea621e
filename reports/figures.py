"""The dashboard and indicator pages' presentation: each indicator as a viewer may see it
(suppressed unless they see exact figures), worded for people ("Up 3 percentage points since
31 Jan 2026 (better)"), with its target, England benchmark, trend and breakdowns as charts and
the tables behind them."""

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django.conf import settings

from corporate_parenting.dates import add_months
from corporate_parenting.permissions import caseload_q
from reports import local_measures, suppression, values
from reports.board_cycle import change_since
from reports.board_dates import latest_board_date
from reports.charts import bar_chart, bar_summary, line_chart, line_summary
from reports.context import rag_for
from reports.indicators import CATALOGUE, THEMES
from reports.indicators.periods import (
    Period,
    annual_periods,
    board_periods,
    monthly_ends,
)
from reports.models import Benchmark, BenchmarkArea, LocalMeasure, Target
from reports.suppression import (
    EXTRA_LABELS,
    LESS_THAN_HALF,
    NOT_AVAILABLE,
    SUPPRESSED,
    display,
    display_figure,
    published_values,
)
from reports.tables import Table

HEADLINE_CODES = (
    "CLA_COUNT",
    "CLA_RATE_10K",
    "STAB_3PLUS",
    "STAB_LONG_TERM",
    "PLACED_OVER_20_MILES",
    "A1_DAYS",
    "HEALTH_ASSESSMENT",
    "CL_EET_19_21",
)
TREND_MONTHS = 12


@dataclass(frozen=True)
class ChartBlock:
    """A chart, its text summary and its data table (the same values in all three)."""

    svg: str
    summary: str
    table: Table


@dataclass(frozen=True)
class Rag:
    status: str  # green, amber, red
    label: str
    target: str


@dataclass
class Figure:
    """One indicator as this viewer may see it: suppressed unless they see exact figures."""

    iv: object
    shown: object  # suppression.DisplayValue
    value_text: str
    change: str = ""
    rag: Rag | None = None
    benchmark: str = ""
    benchmarks: list = dc_field(default_factory=list)
    target: object = None
    trend: ChartBlock | None = None
    breakdowns: list = dc_field(default_factory=list)
    extras: list = dc_field(default_factory=list)  # [(label, shown text)]
    excluded: list = dc_field(default_factory=list)  # sentences: "N children left out: why"

    @property
    def code(self):
        return self.iv.code

    @property
    def complete(self):
        return self.iv.complete

    @property
    def coverage_note(self):
        return self.iv.coverage_note

    @property
    def extras_table(self):
        if not self.extras:
            return None
        return Table(
            key=f"{self.code}-more",
            caption=f"More figures for {self.iv.title.lower()}",
            head=("Figure", "Value"),
            rows=tuple(self.extras),
            numeric=(1,),
        )

    @property
    def period_text(self):
        return period_text(self.iv)

    @property
    def basis_text(self):
        """What the value is made of, beside it: "12 of 40" for a percentage; for an average
        of days, "38 children adopted; on average 366 days" (never a fraction of days)."""
        iv, shown = self.iv, self.shown
        if iv.denominator is None or iv.unit == "count" or shown.value == NOT_AVAILABLE:
            return ""
        if iv.unit == "days":
            return f"{self.basis_prefix} {self.value_text}"
        return f"{shown.numerator} of {shown.denominator}"

    @property
    def basis_prefix(self):
        """The words before an average of days: "38 children adopted; on average"."""
        if self.iv.unit != "days" or not self.basis_text_parts:
            return ""
        children = "child" if self.shown.denominator == "1" else "children"
        return f"{self.shown.denominator} {children} adopted; on average"

    @property
    def basis_text_parts(self):
        return self.iv.denominator is not None and self.shown.value != NOT_AVAILABLE

    @property
    def benchmark_table(self):
        if not self.benchmarks:
            return None
        return Table(
            key=f"{self.code}-benchmarks",
            caption=f"Benchmarks for {self.iv.title.lower()}",
            head=("Area", "Year ending 31 March", "Value", "Source"),
            rows=tuple(
                (
                    b.get_area_display(),
                    str(b.year),
                    value_with_unit(
                        suppression.format_value(float(b.value), self.iv.unit), self.iv.unit
                    ),
                    b.source,
                )
                for b in self.benchmarks
            ),
            numeric=(2,),
        )

    @property
    def tables(self):
        tables = [self.trend.table] if self.trend else []
        tables += [block.table for block in self.breakdowns]
        tables += [self.extras_table] if self.extras else []
        return tables + ([self.benchmark_table] if self.benchmarks else [])


def period_text(iv):
    window_start = (iv.extra or {}).get("window_start")
    if window_start:
        # A figure counted over a window that starts again (a school term): say so.
        start = datetime.date.fromisoformat(window_start)
        return f"{start:%-d %B %Y} to {iv.period_end:%-d %B %Y}, {iv.extra['window']}"
    if iv.period_start is None:
        return f"as at {iv.period_end:%-d %B %Y}"
    return f"{iv.period_start:%-d %B %Y} to {iv.period_end:%-d %B %Y}"


def number_with_unit(number, unit):
    """A target or benchmark as entered, with its unit: "9%", "460 days", "12.5 per 10,000"
    (never "9.00")."""
    if number is None:
        return ""
    text = f"{Decimal(number).normalize():,f}"
    return value_with_unit(text, unit)


def value_with_unit(text, unit):
    if text in (SUPPRESSED, LESS_THAN_HALF, NOT_AVAILABLE) or not text:
        return text
    if unit == "rate":
        return f"{text} {rate_label()}"
    return text + {"percent": "%", "days": " days"}.get(unit, "")


def rate_label():
    """ "per 10,000" or, where the council quotes rates per 100,000 (RATE_PER), "per 100,000"."""
    return f"per {settings.RATE_PER:,}"


def trend_days(as_at):
    """The 12 monthly points ending on `as_at`: the 11 month ends before it, then `as_at`."""
    ends = monthly_ends(add_months(as_at, -(TREND_MONTHS - 1)), as_at)
    return [day for day in ends if day < as_at][-(TREND_MONTHS - 1) :] + [as_at]


def _targets_and_benchmarks():
    """({code: Target}, {code: [Benchmark, ...]}) in two queries."""
    targets = {target.code: target for target in Target.objects.all()}
    benchmarks = {}
    for benchmark in Benchmark.objects.order_by("code", "-year", "area"):
        benchmarks.setdefault(benchmark.code, []).append(benchmark)
    return targets, benchmarks


RAG_LABELS = {"green": "On target", "amber": "Close to target", "red": "Off target"}


def _rag(iv, target):
    status = rag_for(iv, target)
    if status is None:
        return None
    target_text = value_with_unit(suppression.format_value(float(target.value), iv.unit), iv.unit)
    return Rag(status=status, label=RAG_LABELS[status], target=target_text)


def _change(iv, previous, *, exact, since=None, label=None, shown=None):
    if previous is None:
        return ""
    shown = shown or display(iv, exact=exact)
    before = display(previous, exact=exact)
    label = label or f"since {since:%-d %b %Y}"
    if iv.value is None or previous.value is None:
        return f"No comparison {label}"
    if SUPPRESSED in (shown.value, before.value):
        return f"Change {label} not shown (small numbers)"
    if (iv.extra or {}).get("window_start") != (previous.extra or {}).get("window_start"):
        window = iv.extra.get("window_name", "period")
        compared = f"with {since:%-d %b %Y}" if since else label
        return f"Not comparable {compared}: counted over a different {window}"
    difference = float(iv.value) - float(previous.value)
    rounded = suppression.round_half_up(abs(difference), 1 if iv.unit in ("rate", "score") else 0)
    if rounded == 0:
        return f"No change {label}"
    one = rounded == 1
    unit = {
        "percent": " percentage point" if one else " percentage points",
        "days": " day" if one else " days",
    }.get(iv.unit, "")
    direction = "Up" if difference > 0 else "Down"
    better = ""
    if iv.higher_is_better is not None:
        better = " (better)" if (difference > 0) == iv.higher_is_better else " (worse)"
    return f"{direction} {rounded:,}{unit} {label}{better}"


def _england(benchmarks, iv):
    england = next((b for b in benchmarks if b.area == BenchmarkArea.ENGLAND), None)
    if england is None:
        return ""
    text = value_with_unit(suppression.format_value(float(england.value), iv.unit), iv.unit)
    if england.is_illustrative:
        return f"England {text} ({england.year}, illustrative demo figure, not official)"
    return f"England {text} ({england.year})"


def _references(iv, target, benchmarks):
    """The target and the latest England figure, as lines on the trend chart."""
    lines = []
    if target is not None:
        lines.append(("Target", float(target.value)))
    england = next((b for b in benchmarks if b.area == BenchmarkArea.ENGLAND), None)
    if england is not None:
        label = "England (illustrative)" if england.is_illustrative else "England"
        lines.append((f"{label} {england.year}", float(england.value)))
    return lines


def _references_sentence(references, unit):
    if not references:
        return ""
    lines = "; ".join(
        f"{label} {value_with_unit(suppression.format_value(value, unit), unit)}"
        for label, value in references
    )
    return f" Dashed lines: {lines}."


def _trend_block(code, series, *, exact, published=None, annual=False, references=()):
    """series: [(day, IndicatorValue)]: a point a month, or (annual) a point each 31 March;
    published: {day: published_values of that day} where known (the figures a board member
    sees that day, which the day's suppression avoids)."""
    first = series[-1][1]
    unit = first.unit
    points, rows = [], []
    published = published or {}
    for day, iv in series:
        shown = display(iv, exact=exact, published=published.get(day, frozenset()))
        label = f"{day:%Y}" if annual else f"{day:%b %Y}"
        points.append((label, shown.value if shown.value != NOT_AVAILABLE else None))
        row = (f"{day:%-d %b %Y}", value_with_unit(shown.value, unit))
        if unit != "count":
            row += (shown.numerator, shown.denominator)
        rows.append(row + ("Complete" if iv.complete else "Incomplete",))
    head = ("As at", first.title)
    if unit != "count":
        head += ("Number", "Out of")
    head += ("Data coverage",)
    subject = first.title
    if annual:
        description = (
            f"{first.title}, one point a year at 31 March for the {len(series)} years to "
            f"{series[-1][0]:%-d %B %Y}."
        )
    else:
        description = (
            f"{first.title}, one point a month for the {len(series)} months to "
            f"{series[-1][0]:%-d %B %Y}."
        )
    description += _references_sentence(references, unit)
    kind = "annual" if annual else "monthly"
    return ChartBlock(
        svg=line_chart(
            points,
            title=f"{first.title}: {'five-year trend' if annual else 'trend'}",
            description=description,
            unit=unit,
            references=references,
        ),
        summary=line_summary(points, unit=unit, subject=subject),
        table=Table(
            key=f"{code}-{'annual' if annual else 'trend'}",
            caption=f"{first.title}: {kind} figures",
            head=head,
            rows=tuple(rows),
            numeric=tuple(range(1, len(head) - 1)),
        ),
    )


def _breakdown_block(iv, shown_breakdown, references=()):
    breakdown = shown_breakdown.breakdown
    shown_rows = shown_breakdown.rows
    is_percent = any(row.denominator for row in breakdown.rows)
    unit = "percent" if is_percent else "count"
    points = [(label, shown.value) for label, shown in shown_rows]
    if is_percent:
        head = (breakdown.title, "Number", "Out of", "Percentage")
        rows = tuple(
            (label, shown.numerator, shown.denominator, value_with_unit(shown.value, unit))
            for label, shown in shown_rows
        )
    else:
        head = (breakdown.title, "Number")
        rows = tuple((label, shown.numerator) for label, shown in shown_rows)
    # "Children looked after by age" broken down by age band reads "... by age band".
    title = f"{iv.title.split(' by ')[0]} by {breakdown.title.lower()}"
    hidden_note = (
        "Every number in this table is hidden as c, zeros and large numbers too."
        if shown_breakdown.withheld
        else "Small numbers are shown as c."
    )
    # The target and England are the whole figure's, comparable with each group's.
    references = references if unit == iv.unit else ()
    return ChartBlock(
        svg=bar_chart(
            points,
            title=title,
            description=f"{title}, {period_text(iv)}. {hidden_note}"
            + _references_sentence(references, unit),
            unit=unit,
            references=references,
        ),
        summary=bar_summary(points, unit=unit, subject=title),
        table=Table(
            key=f"{iv.code}-{breakdown.code}",
            caption=title,
            head=head,
            rows=rows,
            numeric=tuple(range(1, len(head))),
        ),
    )


def extra_rows(shown_extra):
    """[(label, text)] of the extra figures a reader sees, in a stable order."""
    return [
        (EXTRA_LABELS.get(name, name.replace("_", " ").capitalize()), text)
        for name, text in shown_extra.items()
        if name not in ("per", "period_start", "three_year_start", "population_source")
    ]


def build_figure(
    iv, *, exact, previous, since, target, benchmarks, series, published=None, series_published=None
):
    """One indicator as this viewer sees it. `published` is published_values() of every figure
    shown for iv's date; `series_published` the same for each trend day, where known."""
    shown_figure = display_figure(iv, exact=exact, published=published or frozenset())
    shown = shown_figure.headline
    trend_published = dict(series_published or {})
    if series:
        trend_published[series[-1][0]] = published or frozenset()
    return Figure(
        iv=iv,
        shown=shown,
        value_text=value_with_unit(shown.value, iv.unit),
        change=_change(iv, previous, exact=exact, since=since, shown=shown),
        rag=None if shown.suppressed and not exact else _rag(iv, target),
        benchmark=_england(benchmarks, iv),
        benchmarks=benchmarks,
        target=target,
        trend=(
            _trend_block(
                iv.code,
                series,
                exact=exact,
                published=trend_published,
                references=_references(iv, target, benchmarks),
            )
            if series
            else None
        ),
        breakdowns=[
            _breakdown_block(iv, b, _references(iv, target, benchmarks))
            for b in shown_figure.breakdowns
        ],
        extras=extra_rows(shown_figure.extra),
        excluded=_excluded(iv, exact=exact),
    )


def _excluded(iv, *, exact):
    """One sentence for each group of children the figure left out (small counts as c unless
    the viewer sees exact figures)."""
    sentences = []
    for exclusion in getattr(iv, "excluded", ()):
        if not exclusion.count:
            continue
        count = exclusion.count
        small = suppression.is_small(count, settings.SUPPRESSION_THRESHOLD)
        shown = f"{count:,}" if exact or not small else SUPPRESSED
        noun = "child" if count == 1 and shown != SUPPRESSED else "children"
        sentences.append(f"{shown} {noun} left out: {exclusion.reason}")
    return sentences


@dataclass
class Dashboard:
    as_at: datetime.date
    previous_as_at: datetime.date
    exact: bool
    headlines: list
    sections: list  # [(theme key, theme title, [Figure])]

    @property
    def figures(self):
        return [figure for _, _, figures in self.sections for figure in figures]

    @property
    def attention(self):
        """[(Figure, [reasons])]: what needs the board's attention first: figures off target,
        worse than at the previous board cycle, incomplete, or with no figure at all."""
        rows = []
        for figure in self.figures:
            reasons = []
            if figure.rag and figure.rag.status == "red":
                reasons.append(f"Off target (target {figure.rag.target})")
            if figure.change.endswith("(worse)"):
                reasons.append(figure.change.removesuffix(" (worse)") + ", worse")
            if figure.shown.value == NOT_AVAILABLE:
                reasons.append("No figure: the data is incomplete")
            elif not figure.complete:
                reasons.append("Incomplete: earlier returns are needed")
            if reasons:
                rows.append((figure, reasons))
        return rows

    def section(self, key):
        """(key, title, [Figure]) of one Pledge theme, or None."""
        return next((section for section in self.sections if section[0] == key), None)

    @property
    def tables(self):
        return [self.headline_table] + [t for f in self.figures for t in f.tables]

    @property
    def headline_table(self):
        rows = tuple(
            (
                f.code,
                f.iv.title,
                f.value_text,
                f.shown.numerator,
                f.shown.denominator,
                f.period_text,
                f.change,
                f.rag.label if f.rag else "",
                f.benchmark,
                "Complete" if f.complete else f.coverage_note,
            )
            for f in self.figures
        )
        return Table(
            key="all-figures",
            caption=f"All figures as at {self.as_at:%-d %B %Y}",
            head=(
                "Code",
                "Indicator",
                "Value",
                "Number",
                "Out of",
                "Period",
                "Change",
                "Target",
                "England",
                "Data coverage",
            ),
            rows=rows,
        )


def comparison_date(as_at, *, exact):
    """The date to compare with: the last board meeting or a board cycle before `as_at`
    (reports.board_cycle); for readers who see
    suppressed figures, the board date on or before it (a difference from any other day would
    show that day's figure)."""
    since = change_since(as_at)
    return since if exact else latest_board_date(since)


def dashboard(*, as_at, exact):
    """Every indicator as at `as_at` with its change since the last board meeting (or the
    board cycle before it: reports.board_cycle), target,
    England benchmark, 12-month trend and breakdowns. The catalogue is computed once for
    `as_at` and once for the previous cycle; earlier trend points come from a short cache."""
    since = comparison_date(as_at, exact=exact)
    fingerprint = values.data_fingerprint()
    current = list(values.values_on(as_at, fingerprint=fingerprint).values())
    previous = values.values_on(since, fingerprint=fingerprint)
    days = trend_days(as_at)
    history = {day: values.history_on(day) for day in days[:-1]}
    published = published_values(current)
    history_published = {day: published_values(ivs.values()) for day, ivs in history.items()}
    targets, benchmarks = _targets_and_benchmarks()
    figures = {}
    for iv in current:
        series = [(day, history[day][iv.code]) for day in days[:-1] if iv.code in history[day]]
        figures[iv.code] = build_figure(
            iv,
            exact=exact,
            previous=previous.get(iv.code),
            since=since,
            target=targets.get(iv.code),
            benchmarks=benchmarks.get(iv.code, []),
            series=series + [(as_at, iv)],
            published=published,
            series_published=history_published,
        )
    headlines = [figures[code] for code in HEADLINE_CODES if code in figures] or list(
        figures.values()
    )[:6]
    sections = [
        (key, title, [figures[iv.code] for iv in current if iv.theme == key])
        for key, title in THEMES
    ]
    sections.append(
        (
            local_measures.THEME,
            local_measures.THEME_TITLE,
            local_figures(
                as_at=as_at,
                since=since,
                exact=exact,
                targets=targets,
                benchmarks=benchmarks,
            ),
        )
    )
    return Dashboard(
        as_at=as_at,
        previous_as_at=since,
        exact=exact,
        headlines=headlines,
        sections=[section for section in sections if section[2]],
    )


def indicator_figure(*, code, as_at, exact, since=None):
    """One indicator with its own live 12-month trend (12 computations of one indicator), and
    its change since `since` (default: the last board meeting, see reports.board_cycle).

    For a reader of suppressed figures the whole catalogue on `as_at` is read too (from the
    shared cache after an import): the breakdowns avoid hiding, as secondary cells, numbers
    that the dashboard shows for the same date."""
    since = since or comparison_date(as_at, exact=exact)
    fingerprint = values.data_fingerprint()
    days = trend_days(as_at)
    series = [(day, values.history_value_on(code, day)) for day in days[:-1]]
    published = frozenset()
    if exact:
        iv = values.value_on(code, as_at, fingerprint=fingerprint)
    else:
        everything = values.values_on(as_at, fingerprint=fingerprint)
        iv = everything[code]
        published = published_values(everything.values())
    series.append((as_at, iv))
    targets, benchmarks = _targets_and_benchmarks()
    return build_figure(
        iv,
        exact=exact,
        previous=values.value_on(code, since, fingerprint=fingerprint),
        since=since,
        target=targets.get(code),
        benchmarks=benchmarks.get(code, []),
        series=series,
        published=published,
    )


@dataclass(frozen=True)
class FigurePeriods:
    """An indicator over the periods the boards quote: a table of the periods with the same
    period a year earlier, and the five-year trend at 31 March."""

    table: Table
    annual: ChartBlock | None


def figure_periods(*, code, as_at, exact):
    """The indicator over `board_periods(as_at)` (each beside the same period a year earlier)
    and `annual_periods(as_at)`. Periods that give the same figure as one already shown (the
    year to date of a figure measured on a single date) are left out."""
    fingerprint = values.data_fingerprint()
    named = board_periods(as_at)
    computed = {
        n.key: values.value_for_period(code, n.period, fingerprint=fingerprint) for n in named
    }
    rows, seen = [], set()
    for current in named[::2]:
        iv = computed[current.key]
        earlier = computed[f"{current.key}_year_earlier"]
        span = (iv.period_start, iv.period_end)
        if span in seen:
            continue
        seen.add(span)
        shown, before = display(iv, exact=exact), display(earlier, exact=exact)
        parts = () if iv.unit == "count" else (shown.numerator, shown.denominator)
        rows.append(
            (
                current.label,
                period_text(iv),
                value_with_unit(shown.value, iv.unit),
                *parts,
                value_with_unit(before.value, iv.unit),
                _change(iv, earlier, exact=exact, label="on a year earlier"),
            )
        )
    first = computed[named[0].key]
    parts = () if first.unit == "count" else ("Number", "Out of")
    head = ("Period", "Dates", "Value", *parts, "A year earlier", "Change")
    table = Table(
        key=f"{code}-periods",
        caption=f"{first.title}: periods",
        head=head,
        rows=tuple(rows),
        numeric=tuple(range(2, len(head) - 1)),
    )
    series = [
        (n.period.end, values.value_for_period(code, n.period, fingerprint=fingerprint))
        for n in annual_periods(as_at)
    ]
    return FigurePeriods(table=table, annual=_trend_block(code, series, exact=exact, annual=True))


def local_figures(*, as_at, since, exact, targets, benchmarks, measures=None):
    """Local measures as Figures, with the same change, RAG, benchmarks, suppression and monthly
    trend as national indicators (four queries whatever the number of measures)."""
    measures = list(LocalMeasure.objects.all()) if measures is None else measures
    if not measures:
        return []
    current = local_measures.local_values_on(as_at, measures)
    previous = local_measures.local_values_on(since, measures)
    series = local_measures.local_series(measures, local_measures.trend_month_ends(as_at))
    return [
        build_figure(
            current[m.code],
            exact=exact,
            previous=previous[m.code],
            since=since,
            target=targets.get(m.code),
            benchmarks=benchmarks.get(m.code, []),
            series=series[m.code],
        )
        for m in measures
    ]


def local_measure_figure(*, measure, as_at, exact, since=None):
    """One local measure as a Figure (its page)."""
    since = since or change_since(as_at)
    targets, benchmarks = _targets_and_benchmarks()
    (figure,) = local_figures(
        as_at=as_at,
        since=since,
        exact=exact,
        targets=targets,
        benchmarks=benchmarks,
        measures=[measure],
    )
    return figure


def indicator_children(*, code, as_at, user):
    """The children behind an indicator's numerator that `user` may read."""
    indicator = CATALOGUE[code]
    return (
        indicator.children(Period.as_at(as_at))
        .filter(caseload_q(user))
        .only("pk", "local_id", "first_name", "last_name", "preferred_name", "date_of_birth")
        .order_by("last_name", "first_name", "local_id")
    )


def children_table(indicator, rows, *, as_at):
    """The children behind a figure as a downloadable table: [(child, age)]."""
    return Table(
        key="children",
        caption=f"Children behind {indicator.title.lower()} as at {as_at:%-d %B %Y}",
        head=("Child ID", "Name", "Age"),
        rows=tuple((child.local_id, child.display_name, str(age)) for child, age in rows),
        numeric=(2,),
    )


def target_rows():
    """[(Indicator or LocalMeasure, Target or None)] for every national indicator and local
    measure that has a better direction."""
    from reports.measures import all_measures

    targets = {target.code: target for target in Target.objects.all()}
    return [
        (measure, targets.get(measure.code))
        for measure in all_measures()
        if measure.higher_is_better is not None
    ]


def benchmark_rows():
    """Benchmarks with their indicator (or local measure) titles, newest year first."""
    from reports.measures import all_measures

    measures = {measure.code: measure for measure in all_measures()}
    rows = Benchmark.objects.order_by("code", "area", "-year")
    return [
        (measures[b.code].title, b, measures[b.code].unit)
        if b.code in measures
        else (b.code, b, "")
        for b in rows
    ]
