"""Print the whole indicator catalogue as JSON or CSV, so that it can be scripted and checked."""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.indicators import CATALOGUE, compute_all
from reports.indicators.periods import NamedPeriod, Period, annual_periods, board_periods
from reports.suppression import display

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


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Enter a date as YYYY-MM-DD, not {text!r}") from None


def _row(iv, *, suppressed):
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
        shown = display(iv, exact=False)
        row.update(numerator=shown.numerator, denominator=shown.denominator, value=shown.value)
    return row


def indicator_rows(period, *, suppressed):
    return [_row(iv, suppressed=suppressed) for iv in compute_all(period)]


def named_periods(as_at, since=None):
    """The periods the boards quote (reports.indicators.periods.board_periods), the five
    years ending 31 March, and the figures as at a base date to compare with."""
    named = board_periods(as_at) + annual_periods(as_at)
    if since is not None:
        named.append(NamedPeriod("since", f"As at {since:%-d %B %Y}", Period.as_at(since)))
    return named


def period_rows(as_at, *, codes, since, suppressed):
    """One row per indicator and named period, with the period's key first."""
    rows = []
    for named in named_periods(as_at, since):
        for code in codes:
            iv = CATALOGUE[code].compute(named.period)
            rows.append({"period": named.key, **_row(iv, suppressed=suppressed)})
    return rows


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
            help="Apply small-number suppression and rounding, as board members see them.",
        )

    def handle(self, *args, as_at, period_start, format, suppressed, **options):
        fields = FIELDS
        if options.get("periods"):
            codes = options.get("codes") or list(CATALOGUE)
            unknown = [code for code in codes if code not in CATALOGUE]
            if unknown:
                raise CommandError(f"No indicator with the code {', '.join(unknown)}")
            since = options.get("since")
            if since is not None and since >= as_at:
                raise CommandError("--since must be before --as-at")
            rows = period_rows(as_at, codes=codes, since=since, suppressed=suppressed)
            fields = ["period", *FIELDS]
        else:
            try:
                period = Period(period_start, as_at) if period_start else Period.as_at(as_at)
            except ValueError as error:
                raise CommandError(str(error)) from None
            rows = indicator_rows(period, suppressed=suppressed)
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
