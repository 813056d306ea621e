"""Reads for the dashboards, indicator pages and the permanence tracker.

The permanence tracker: every child with a current permanence plan and the adoption scorecard
clocks (A1 entry to care -> placed for adoption, 426 days; A2 placement order -> match, 121
days), computed in one SQL query whatever the number of children.

A clock is "met" or "exceeded" once its end milestone is recorded, and otherwise "running":
running clocks that pass their threshold are "overdue", and those that will pass it within the
warning window (90 days) are "due".
"""

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least

from corporate_parenting.permissions import caseload_q
from placements.codes import PermanencePlanType
from placements.models import PeriodOfCare, PermanencePlan
from reports import suppression, values
from reports.charts import bar_chart, bar_summary, line_chart, line_summary
from reports.context import rag_for
from reports.indicators import CATALOGUE, THEMES
from reports.indicators.periods import Period, add_months, monthly_ends
from reports.models import Benchmark, BenchmarkArea, Target
from reports.suppression import (
    LESS_THAN_HALF,
    NOT_AVAILABLE,
    SUPPRESSED,
    display,
    display_breakdown,
)
from reports.tables import Table

A1_THRESHOLD_DAYS = 426
A2_THRESHOLD_DAYS = 121
WARNING_DAYS = 90


class DaysBetween(Func):
    """PostgreSQL `later - earlier` on two dates: whole days as an integer (null if either is)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class AddDays(Func):
    """PostgreSQL `date + integer`: a date."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = DateField()


class ClockStatus:
    NOT_APPLICABLE = "not_applicable"
    MET = "met"
    EXCEEDED = "exceeded"
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"


STATUS_LABELS = {
    ClockStatus.NOT_APPLICABLE: "Not applicable",
    ClockStatus.MET: "Met",
    ClockStatus.EXCEEDED: "Exceeded",
    ClockStatus.ON_TRACK: "On track",
    ClockStatus.DUE: "Due within 90 days",
    ClockStatus.OVERDUE: "Overdue",
}


def _clock(*, start, end, threshold, today, applies):
    """Annotations for one clock: days elapsed, breach date and status."""
    day = Value(today, output_field=DateField())
    # Zero where the end came first (A2: a match before the placement order).
    elapsed = Greatest(
        Case(
            When(Q(**{f"{end}__isnull": False}), then=DaysBetween(F(end), F(start))),
            default=DaysBetween(day, F(start)),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    breach = AddDays(F(start), Value(threshold))
    warn_until = today + datetime.timedelta(days=WARNING_DAYS)
    status = Case(
        When(
            ~applies | Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__gt": today}),
            then=Value(ClockStatus.NOT_APPLICABLE),
        ),
        When(
            Q(**{f"{end}__isnull": False}),
            then=Case(
                When(
                    Q(**{f"{end}__lte": AddDays(F(start), Value(threshold))}),
                    then=Value(ClockStatus.MET),
                ),
                default=Value(ClockStatus.EXCEEDED),
            ),
        ),
        When(
            Q(**{f"{start}__lte": today - datetime.timedelta(days=threshold)}),
            then=Value(ClockStatus.OVERDUE),
        ),
        When(
            Q(**{f"{start}__lte": warn_until - datetime.timedelta(days=threshold)}),
            then=Value(ClockStatus.DUE),
        ),
        default=Value(ClockStatus.ON_TRACK),
        output_field=CharField(),
    )
    return elapsed, breach, status


class TrackerClock:
    """The clock filter: every plan, or only those with a running clock due or overdue."""

    ALL = ""
    DUE = "due"
    OVERDUE = "overdue"


class TrackerSort:
    DUE_SOONEST = "due"
    NAME = "name"
    LONGEST_IN_CARE = "in_care"


RUNNING = (ClockStatus.ON_TRACK, ClockStatus.DUE, ClockStatus.OVERDUE)

_ORDERINGS = {
    TrackerSort.DUE_SOONEST: (F("next_threshold").asc(nulls_last=True),),
    TrackerSort.NAME: (),
    TrackerSort.LONGEST_IN_CARE: (F("entered_care").asc(nulls_last=True),),
}
_BY_NAME = ("child__last_name", "child__first_name", "child__local_id", "-decided_on")


def _either_clock(status):
    return Q(a1_status=status) | Q(a2_status=status)


def permanence_tracker(
    *, user, today, plan_type="", clock=TrackerClock.ALL, sort=TrackerSort.DUE_SOONEST
):
    """Current permanence plans of children looked after today and visible to `user`, one row
    a plan, with the clocks annotated.

    `plan_type` keeps the plans of that type, as the plan or as its parallel plan. `clock` keeps
    the plans with a running clock that is overdue, or that will pass its threshold within 90
    days. The default order puts the running clock that passes its threshold soonest first
    (overdue clocks first, the longest overdue at the top), then plans with no running clock.
    """
    plans = _tracker_rows(user=user, today=today)
    if plan_type:
        plans = plans.filter(Q(plan_type=plan_type) | Q(parallel_plan_type=plan_type))
    if clock == TrackerClock.DUE:
        plans = plans.filter(_either_clock(ClockStatus.DUE))
    elif clock == TrackerClock.OVERDUE:
        plans = plans.filter(_either_clock(ClockStatus.OVERDUE))
    return plans.order_by(*_ORDERINGS.get(sort, _ORDERINGS[TrackerSort.DUE_SOONEST]), *_BY_NAME)


def permanence_clock_counts(plans):
    """{"due": n, "overdue": n}: children in `plans` (a tracker queryset) with a running clock
    due within 90 days or overdue, in one query."""
    return plans.order_by().aggregate(
        due=Count("child", distinct=True, filter=_either_clock(ClockStatus.DUE)),
        overdue=Count("child", distinct=True, filter=_either_clock(ClockStatus.OVERDUE)),
    )


def _tracker_rows(*, user, today):
    entered_care = Subquery(
        PeriodOfCare.objects.filter(child=OuterRef("child"), start__lte=today)
        .order_by("-start")
        .values("start")[:1],
        output_field=DateField(),
    )
    adoption = Q(plan_type=PermanencePlanType.ADOPTION) | Q(
        parallel_plan_type=PermanencePlanType.ADOPTION
    )
    plans = (
        PermanencePlan.objects.current_on(today)
        .of_children_looked_after_on(today)
        .visible_to(user)
        .select_related("child")
        .annotate(entered_care=entered_care)
    )
    a1_days, a1_breach, a1_status = _clock(
        start="entered_care",
        end="placed_date",
        threshold=A1_THRESHOLD_DAYS,
        today=today,
        applies=adoption,
    )
    a2_days, a2_breach, a2_status = _clock(
        start="placement_order_date",
        end="matched_date",
        threshold=A2_THRESHOLD_DAYS,
        today=today,
        applies=adoption,
    )
    plans = plans.annotate(
        days_in_care=DaysBetween(Value(today, output_field=DateField()), F("entered_care")),
        a1_days=a1_days,
        a1_breach_date=a1_breach,
        a1_status=a1_status,
        a2_days=a2_days,
        a2_breach_date=a2_breach,
        a2_status=a2_status,
    )
    # PostgreSQL's LEAST skips nulls: the earlier threshold of the clocks still running.
    return plans.annotate(
        next_threshold=Least(
            Case(When(a1_status__in=RUNNING, then=F("a1_breach_date")), output_field=DateField()),
            Case(When(a2_status__in=RUNNING, then=F("a2_breach_date")), output_field=DateField()),
        )
    )


def _date(day):
    return f"{day:%-d %b %Y}" if day else ""


def permanence_table(plans):
    """The tracker as a downloadable table: every row of the filtered list, not one page."""
    head = (
        "Child ID",
        "Name",
        "Plan",
        "Parallel plan",
        "ADM decision",
        "Placement order",
        "Matched",
        "Placed",
        "Order granted",
        "Entered care",
        "Days in care",
        "A1 days (entry to placed)",
        "A1 status",
        "A1 threshold date",
        "A2 days (placement order to match)",
        "A2 status",
        "A2 threshold date",
    )
    rows = tuple(
        (
            plan.child.local_id,
            plan.child.display_name,
            plan.get_plan_type_display(),
            plan.get_parallel_plan_type_display() if plan.parallel_plan_type else "",
            _date(plan.adm_decision_date),
            _date(plan.placement_order_date),
            _date(plan.matched_date),
            _date(plan.placed_date),
            _date(plan.order_date),
            _date(plan.entered_care),
            "" if plan.days_in_care is None else str(plan.days_in_care),
            "" if plan.a1_status == ClockStatus.NOT_APPLICABLE else str(plan.a1_days),
            STATUS_LABELS[plan.a1_status],
            "" if plan.a1_status == ClockStatus.NOT_APPLICABLE else _date(plan.a1_breach_date),
            "" if plan.a2_status == ClockStatus.NOT_APPLICABLE else str(plan.a2_days),
            STATUS_LABELS[plan.a2_status],
            "" if plan.a2_status == ClockStatus.NOT_APPLICABLE else _date(plan.a2_breach_date),
        )
        for plan in plans
    )
    return Table(
        key="permanence",
        caption="Children looked after with a current permanence plan",
        head=head,
        rows=rows,
        numeric=(10, 11, 14),
    )


# --- Dashboards and indicator pages -------------------------------------------------------------

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

    @property
    def code(self):
        return self.iv.code

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
        return tables + ([self.benchmark_table] if self.benchmarks else [])


def board_cycle_days():
    return getattr(settings, "BOARD_CYCLE_DAYS", 56)


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
    return text + {"percent": "%", "days": " days", "rate": " per 10,000"}.get(unit, "")


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


def _change(iv, previous, *, exact, since):
    if previous is None:
        return ""
    shown, before = display(iv, exact=exact), display(previous, exact=exact)
    label = f"since {since:%-d %b %Y}"
    if iv.value is None or previous.value is None:
        return f"No comparison {label}"
    if SUPPRESSED in (shown.value, before.value):
        return f"Change {label} not shown (small numbers)"
    if (iv.extra or {}).get("window_start") != (previous.extra or {}).get("window_start"):
        window = iv.extra.get("window_name", "period")
        return f"Not comparable with {since:%-d %b %Y}: counted over a different {window}"
    difference = float(iv.value) - float(previous.value)
    rounded = suppression.round_half_up(abs(difference), 1 if iv.unit == "rate" else 0)
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


def _trend_block(code, series, *, exact, references=()):
    """series: [(day, IndicatorValue)]."""
    first = series[-1][1]
    unit = first.unit
    points, rows = [], []
    for day, iv in series:
        shown = display(iv, exact=exact)
        label = f"{day:%b %Y}"
        points.append((label, shown.value if shown.value != NOT_AVAILABLE else None))
        row = (f"{day:%-d %b %Y}", value_with_unit(shown.value, unit))
        if unit != "count":
            row += (shown.numerator, shown.denominator)
        rows.append(row)
    head = ("As at", first.title)
    if unit != "count":
        head += ("Number", "Out of")
    subject = first.title
    description = (
        f"{first.title}, one point a month for the {len(series)} months to "
        f"{series[-1][0]:%-d %B %Y}."
    )
    if references:
        description += (
            " Dashed lines: "
            + "; ".join(
                f"{label} {value_with_unit(suppression.format_value(value, unit), unit)}"
                for label, value in references
            )
            + "."
        )
    return ChartBlock(
        svg=line_chart(
            points,
            title=f"{first.title}: trend",
            description=description,
            unit=unit,
            references=references,
        ),
        summary=line_summary(points, unit=unit, subject=subject),
        table=Table(
            key=f"{code}-trend",
            caption=f"{first.title}: monthly figures",
            head=head,
            rows=tuple(rows),
            numeric=tuple(range(1, len(head))),
        ),
    )


def _breakdown_block(iv, breakdown, *, exact):
    shown_rows = display_breakdown(breakdown, exact=exact, total=iv.numerator)
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
    return ChartBlock(
        svg=bar_chart(
            points,
            title=title,
            description=f"{title}, {period_text(iv)}. Small numbers are shown as c.",
            unit=unit,
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


def build_figure(iv, *, exact, previous, since, target, benchmarks, series):
    shown = display(iv, exact=exact)
    return Figure(
        iv=iv,
        shown=shown,
        value_text=value_with_unit(shown.value, iv.unit),
        change=_change(iv, previous, exact=exact, since=since),
        rag=None if shown.suppressed and not exact else _rag(iv, target),
        benchmark=_england(benchmarks, iv),
        benchmarks=benchmarks,
        target=target,
        trend=_trend_block(
            iv.code, series, exact=exact, references=_references(iv, target, benchmarks)
        )
        if series
        else None,
        breakdowns=[_breakdown_block(iv, b, exact=exact) for b in iv.breakdowns],
    )


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
        worse than at the previous board cycle, or with no figure at all."""
        rows = []
        for figure in self.figures:
            reasons = []
            if figure.rag and figure.rag.status == "red":
                reasons.append(f"Off target (target {figure.rag.target})")
            if figure.change.endswith("(worse)"):
                reasons.append(figure.change.removesuffix(" (worse)") + ", worse")
            if figure.shown.value == NOT_AVAILABLE:
                reasons.append("No figure: the data is incomplete")
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
            ),
            rows=rows,
        )


def dashboard(*, as_at, exact):
    """Every indicator as at `as_at` with its change since the previous board cycle, target,
    England benchmark, 12-month trend and breakdowns. The catalogue is computed once for
    `as_at` and once for the previous cycle; earlier trend points come from a short cache."""
    since = as_at - datetime.timedelta(days=board_cycle_days())
    fingerprint = values.data_fingerprint()
    current = list(values.values_on(as_at, fingerprint=fingerprint).values())
    previous = values.values_on(since, fingerprint=fingerprint)
    days = trend_days(as_at)
    history = {day: values.history_on(day) for day in days[:-1]}
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
        )
    headlines = [figures[code] for code in HEADLINE_CODES if code in figures] or list(
        figures.values()
    )[:6]
    sections = [
        (key, title, [figures[iv.code] for iv in current if iv.theme == key])
        for key, title in THEMES
    ]
    return Dashboard(
        as_at=as_at,
        previous_as_at=since,
        exact=exact,
        headlines=headlines,
        sections=[section for section in sections if section[2]],
    )


def indicator_figure(*, code, as_at, exact):
    """One indicator with its own live 12-month trend (12 computations of one indicator)."""
    since = as_at - datetime.timedelta(days=board_cycle_days())
    fingerprint = values.data_fingerprint()
    days = trend_days(as_at)
    series = [(day, values.history_value_on(code, day)) for day in days[:-1]]
    series.append((as_at, values.value_on(code, as_at, fingerprint=fingerprint)))
    iv = series[-1][1]
    targets, benchmarks = _targets_and_benchmarks()
    return build_figure(
        iv,
        exact=exact,
        previous=values.value_on(code, since, fingerprint=fingerprint),
        since=since,
        target=targets.get(code),
        benchmarks=benchmarks.get(code, []),
        series=series,
    )


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
    """[(Indicator, Target or None)] for every indicator that has a better direction."""
    targets = {target.code: target for target in Target.objects.all()}
    return [
        (indicator, targets.get(code))
        for code, indicator in CATALOGUE.items()
        if indicator.higher_is_better is not None
    ]


def benchmark_rows():
    """(indicator title, Benchmark, unit) for every benchmark, newest year first."""
    rows = Benchmark.objects.order_by("code", "area", "-year")
    return [
        (CATALOGUE[b.code].title, b, CATALOGUE[b.code].unit)
        if b.code in CATALOGUE
        else (b.code, b, "")
        for b in rows
    ]
