"""Print the whole indicator catalogue as JSON or CSV, so that it can be scripted and checked.

JSON: one object per code with its numerator, denominator and value; `breakdown` (category ->
count) for breakdown indicators, keyed by national code for coded breakdowns (C2, U4, PR1, N1)
and by the catalogue's group name otherwise; `complete` and, when false, `coverage_note`; and the
extra figures the indicator computes (e.g. `three_year_value`, `placements_started`,
`episodes`, `population`). CSV: the same in long form, one row per code and category.
With --suppressed every number is what a board member sees ("c" for small numbers), and the
date must be one a board member may see (a month end or a board meeting date).
"""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from corporate_parenting.spreadsheets import safe_cell
from reports.board_dates import is_board_date, latest_board_date
from reports.coverage import assess_all
from reports.indicators import CATALOGUE, compute_all
from reports.indicators.periods import NamedPeriod, Period, annual_periods, board_periods
from reports.suppression import (
    display_by_code,
    display_figure,
    extra_figures,
    published_values,
)

FIELDS = [
    "code",
    "title",
    "numerator",
    "denominator",
    "value",
    "unit",
    "period_start",
    "period_end",
]
CSV_FIELDS = [
    "code",
    "title",
    "kind",
    "category",
    "numerator",
    "denominator",
    "value",
    "unit",
    "period_start",
    "period_end",
    "complete",
    "coverage_note",
]
# Breakdowns counted from national codes: keyed by the code itself.
CODED_BREAKDOWNS = frozenset({"legal_status", "category_of_need", "placement_type", "provider"})
# Breakdowns by group: keyed by the catalogue's group name (indicators.md).
GROUP_NAMES = {
    "Aged 18, stayed with carers (staying put)": "age 18 staying put",
    "Other reasons": "other",
}
KEEP_CASE = frozenset({"ethnicity"})  # "White", "Mixed", ..., "Not known"
NOT_RECORDED_KEY = "not recorded"
# Extra figures whose names would clash with a field of the row.
EXTRA_RENAMES = {"period_start": "flow_period_start"}


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Enter a date as YYYY-MM-DD, not {text!r}") from None


def group_key(breakdown_code, label):
    if label in GROUP_NAMES:
        return GROUP_NAMES[label]
    return label if breakdown_code in KEEP_CASE else label.lower()


def _number(text):
    """A shown count back to a number where it is one ("1,234" -> 1234; "c" stays)."""
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else text


def breakdown_counts(iv, shown_breakdown, *, suppressed):
    """{category: count} for one breakdown (numbers, or "c" when suppressed)."""
    b = shown_breakdown.breakdown
    if b.code in CODED_BREAKDOWNS and b.by_code:
        texts = display_by_code(shown_breakdown, exact=not suppressed)
        return {(code or NOT_RECORDED_KEY): _number(text) for code, text in texts.items()}
    result = {}
    for row, (_, shown) in zip(b.rows, shown_breakdown.rows, strict=True):
        key = group_key(b.code, row.label)
        result[key] = _number(shown.numerator) if suppressed else row.numerator
    return result


def _extras(iv, shown_figure, *, suppressed):
    raw = extra_figures(iv)
    return {
        EXTRA_RENAMES.get(name, name): (_number(shown_figure.extra[name]) if suppressed else value)
        for name, value in raw.items()
    }


def indicator_rows(period, *, suppressed):
    ivs = assess_all(compute_all(period))
    published = published_values(ivs) if suppressed else frozenset()
    rows = []
    for iv in ivs:
        shown = display_figure(iv, exact=not suppressed, published=published)
        row = {
            "code": iv.code,
            "title": iv.title,
            "numerator": iv.numerator,
            "denominator": iv.denominator,
            "value": iv.value,
            "unit": iv.unit,
            "period_start": iv.period_start.isoformat() if iv.period_start else None,
            "period_end": iv.period_end.isoformat(),
        }
        if suppressed:
            headline = shown.headline
            row.update(
                numerator=headline.numerator,
                denominator=headline.denominator,
                value=headline.value,
            )
        if shown.breakdowns:
            row["breakdown"] = breakdown_counts(iv, shown.breakdowns[0], suppressed=suppressed)
        row["complete"] = iv.complete
        if not iv.complete:
            row["coverage_note"] = iv.coverage_note
        row.update(_extras(iv, shown, suppressed=suppressed))
        rows.append(row)
    return rows


def named_periods(as_at, since=None):
    """The periods the boards quote (reports.indicators.periods.board_periods), the five
    years ending 31 March, and the figures as at a base date to compare with."""
    named = board_periods(as_at) + annual_periods(as_at)
    if since is not None:
        named.append(NamedPeriod("since", f"As at {since:%-d %B %Y}", Period.as_at(since)))
    return named


def period_rows(as_at, *, codes, since, suppressed):
    """One row per indicator and named period, with the period's key first: each period's
    rows are the whole catalogue's, so suppression sees every figure of that period."""
    rows = []
    for named in named_periods(as_at, since):
        for row in indicator_rows(named.period, suppressed=suppressed):
            if row["code"] in codes:
                rows.append({"period": named.key, **row})
    return rows


def long_rows(rows):
    """One CSV row per code (kind "figure"), per breakdown category and per extra figure."""
    for row in rows:
        common = {
            "code": row["code"],
            "title": row["title"],
            "unit": row["unit"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "complete": "true" if row["complete"] else "false",
            "coverage_note": row.get("coverage_note", ""),
            **({"period": row["period"]} if "period" in row else {}),
        }
        yield {
            **common,
            "kind": "figure",
            "category": "",
            "numerator": row["numerator"],
            "denominator": row["denominator"],
            "value": row["value"],
        }
        for category, count in row.get("breakdown", {}).items():
            yield {
                **common,
                "kind": "breakdown",
                "category": category,
                "numerator": count,
                "value": count,
                "unit": "count",
            }
        for name in row:
            if name in FIELDS or name in ("breakdown", "complete", "coverage_note", "period"):
                continue
            yield {**common, "kind": "extra", "category": name, "value": row[name]}


class Command(BaseCommand):
    help = "Print every indicator in the catalogue as at a date."

    def add_arguments(self, parser):
        parser.add_argument("--as-at", required=True, type=_date, help="YYYY-MM-DD")
        parser.add_argument(
            "--period-start",
            type=_date,
            help="YYYY-MM-DD; default the day after the same date a year earlier",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--periods",
            action="store_true",
            help="Every indicator over the periods the boards quote: the last 12 months, year "
            "to date and last 6 months, each a year earlier too, and the five years ending 31 "
            "March (a 'period' column says which).",
        )
        parser.add_argument(
            "--since",
            type=_date,
            help="YYYY-MM-DD; with --periods, also the figures as at this base date",
        )
        parser.add_argument(
            "--code",
            action="append",
            dest="codes",
            help="Only this indicator (repeat for more); with --periods",
        )
        parser.add_argument(
            "--suppressed",
            action="store_true",
            help="Apply small-number suppression and rounding, as board members see them "
            "(only as at month ends and board meeting dates).",
        )

    def handle(self, *args, as_at, period_start, format, suppressed, **options):
        if suppressed and not is_board_date(as_at):
            raise CommandError(
                f"Board figures are published only as at month ends and board meeting dates: "
                f"use --as-at {latest_board_date(as_at):%Y-%m-%d} (the nearest before "
                f"{as_at:%Y-%m-%d}), or leave out --suppressed."
            )
        fields = CSV_FIELDS
        if options.get("periods"):
            codes = options.get("codes") or list(CATALOGUE)
            unknown = [code for code in codes if code not in CATALOGUE]
            if unknown:
                raise CommandError(f"No indicator with the code {', '.join(unknown)}")
            since = options.get("since")
            if since is not None and since >= as_at:
                raise CommandError("--since must be before --as-at")
            rows = period_rows(as_at, codes=codes, since=since, suppressed=suppressed)
            fields = ["period", *CSV_FIELDS]
        else:
            try:
                period = Period(period_start, as_at) if period_start else Period.as_at(as_at)
            except ValueError as error:
                raise CommandError(str(error)) from None
            rows = indicator_rows(period, suppressed=suppressed)
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            writer = csv.DictWriter(
                self.stdout, fieldnames=fields, lineterminator="\n", extrasaction="ignore"
            )
            writer.writeheader()
            for row in long_rows(rows):
                writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
