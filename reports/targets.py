"""Writes for the officers' pages: local targets with RAG thresholds, and benchmarks uploaded
as CSV. Each runs in one transaction with its audit row."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from corporate_parenting.audit import audit_record, field_changes
from corporate_parenting.models import AuditAction
from reports.indicators import CATALOGUE
from reports.models import Benchmark, BenchmarkArea, Target

TARGET_FIELDS = ("value", "green_threshold", "amber_threshold")


def rag_for(value, target):
    """ "green", "amber" or "red" for `value` against `target`'s thresholds."""
    if value is None or target is None:
        return None
    value = Decimal(str(value))
    if target.higher_is_better:
        if value >= target.green_threshold:
            return "green"
        return "amber" if value >= target.amber_threshold else "red"
    if value <= target.green_threshold:
        return "green"
    return "amber" if value <= target.amber_threshold else "red"


def target_set(*, code, value, green_threshold, amber_threshold, actor):
    """Create or change the target for indicator `code` (which must have a better direction)."""
    indicator = CATALOGUE[code]
    if indicator.higher_is_better is None:
        raise ValueError(f"{code} has no better direction, so it cannot have a target")
    new = {"value": value, "green_threshold": green_threshold, "amber_threshold": amber_threshold}
    with transaction.atomic():
        target = Target.objects.select_for_update().filter(code=code).first()
        if target is None:
            target = Target.objects.create(
                code=code, higher_is_better=indicator.higher_is_better, set_by=actor, **new
            )
            audit_record(actor=actor, action=AuditAction.CREATE, obj=target)
            return target
        before = {name: getattr(target, name) for name in TARGET_FIELDS}
        for name, field_value in new.items():
            setattr(target, name, field_value)
        target.higher_is_better = indicator.higher_is_better
        target.set_by = actor
        target.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=target,
            changes=field_changes(before, new, TARGET_FIELDS),
        )
        return target


AREA_NAMES = {
    **{value.lower(): value for value in BenchmarkArea.values},
    **{label.lower(): value for value, label in BenchmarkArea.choices},
}
BENCHMARK_COLUMNS = ("code", "area", "year", "value", "source")


@dataclass(frozen=True)
class BenchmarkUpload:
    created: int
    updated: int
    errors: tuple  # ("Row 3: ...", ...) — nothing is saved when there are any


def _parse_benchmarks(text):
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [column for column in BENCHMARK_COLUMNS if column not in headers]
    if missing:
        return [], [f"The file must have the columns {', '.join(BENCHMARK_COLUMNS)}"]
    rows, errors = [], []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        code, area = row["code"].upper(), AREA_NAMES.get(row["area"].lower())
        problems = []
        if code not in CATALOGUE:
            problems.append(f"there is no indicator with code {row['code'] or '(blank)'}")
        if area is None:
            problems.append("the area must be England, Region or Statistical neighbours")
        year = int(row["year"]) if row["year"].isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            problems.append("the year must be a year ending 31 March, like 2025")
        try:
            value = Decimal(row["value"].rstrip("%"))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            value = None
            problems.append("the value must be a number, like 52 or 65.5")
        if not row["source"]:
            problems.append("enter the source of the figure")
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems))
        else:
            rows.append((code, area, year, value, row["source"][:300]))
    if not rows and not errors:
        errors.append("The file has no benchmark rows")
    return rows, errors


def benchmarks_upload(*, text, actor):
    """Save every row of a benchmarks CSV, or none of them if any row is wrong."""
    rows, errors = _parse_benchmarks(text)
    if errors:
        return BenchmarkUpload(0, 0, tuple(errors))
    created = updated = 0
    with transaction.atomic():
        for code, area, year, value, source in rows:
            _, was_created = Benchmark.objects.update_or_create(
                code=code,
                area=area,
                year=year,
                defaults={"value": value, "source": source, "created_by": actor},
            )
            created += was_created
            updated += not was_created
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            detail=f"Benchmarks CSV: {created} added, {updated} replaced",
        )
    return BenchmarkUpload(created, updated, ())
