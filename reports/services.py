"""Writes for indicator context: targets, benchmarks and population estimates. Each runs in one
transaction with its audit row."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from reports.indicators import CATALOGUE
from reports.models import Benchmark, BenchmarkArea, LocalMeasure, PopulationEstimate, Target

BENCHMARK_COLUMNS = ("code", "area", "year", "value", "source")


class TargetError(ValueError):
    pass


def target_set(*, code, value, green_threshold, amber_threshold, actor):
    """Create or replace the local target for an indicator with RAG thresholds that follow the
    indicator's polarity (green at least as good as amber)."""
    from reports.measures import measure_info

    indicator = measure_info(code)
    if indicator is None:
        raise TargetError(f"There is no indicator with the code {code}")
    if indicator.higher_is_better is None:
        raise TargetError(f"{indicator.title} has no better direction, so it cannot have a target")
    higher = indicator.higher_is_better
    green, amber = Decimal(green_threshold), Decimal(amber_threshold)
    if (higher and green < amber) or (not higher and green > amber):
        raise TargetError(
            "The green threshold must be "
            + ("at or above" if higher else "at or below")
            + " the amber threshold"
        )
    with transaction.atomic():
        target, created = Target.objects.update_or_create(
            code=code,
            defaults={
                "value": Decimal(value),
                "green_threshold": green,
                "amber_threshold": amber,
                "higher_is_better": higher,
                "set_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.CHANGE,
            obj=target,
            changes={
                "value": [None, str(value)],
                "green_threshold": [None, str(green)],
                "amber_threshold": [None, str(amber)],
            },
        )
    return target


def population_estimate_set(*, year, population, source, actor):
    with transaction.atomic():
        estimate, created = PopulationEstimate.objects.update_or_create(
            year=year, defaults={"population": population, "source": source}
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.CHANGE,
            obj=estimate,
            changes={"population": [None, str(population)]},
        )
    return estimate


@dataclass(frozen=True)
class RowError:
    row: int  # the line number in the file, counting the header as 1
    message: str

    def __str__(self):
        return f"Row {self.row}: {self.message}"


class BenchmarkImportError(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@dataclass(frozen=True)
class BenchmarkImportResult:
    created: int
    updated: int


_AREAS = {}
for _key, _label in BenchmarkArea.choices:
    _AREAS[_key.lower()] = _key
    _AREAS[_label.lower()] = _key


def _text(file):
    content = file.read()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BenchmarkImportError(
                [RowError(1, "The file must be a CSV file saved as UTF-8")]
            ) from None
    return content.lstrip("\ufeff")


def _parse_row(line, row, local_codes=frozenset()):
    errors = []
    code = (row.get("code") or "").strip().upper()
    if code not in CATALOGUE and code not in local_codes:
        errors.append(RowError(line, f"Enter an indicator code from the catalogue, not '{code}'"))
    area = _AREAS.get((row.get("area") or "").strip().lower())
    if area is None:
        errors.append(RowError(line, "Enter the area as England, Region or Statistical neighbours"))
    year_text = (row.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() else None
    if year is None or not 2000 <= year <= 2100:
        errors.append(RowError(line, "Enter the year ending 31 March as 4 digits, like 2026"))
    try:
        value = Decimal((row.get("value") or "").strip().rstrip("%").replace(",", ""))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        value = None
        errors.append(RowError(line, "Enter the value as a number, like 71 or 12.5"))
    source = (row.get("source") or "").strip()
    if not source:
        errors.append(RowError(line, "Enter the source of the benchmark"))
    if errors:
        return None, errors
    return {"code": code, "area": area, "year": year, "value": value, "source": source}, []


def benchmarks_import_csv(*, file, actor):
    """Import benchmarks from a CSV with the columns code, area, year, value, source.

    All or nothing: every row is checked first and, if any is wrong, nothing is saved and
    BenchmarkImportError lists every error by row. A row for a code, area and year already held
    replaces it.
    """
    reader = csv.DictReader(io.StringIO(_text(file)))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in BENCHMARK_COLUMNS if c not in headers]
    if missing:
        raise BenchmarkImportError(
            [RowError(1, "The file is missing the column(s): " + ", ".join(missing))]
        )
    reader.fieldnames = headers
    parsed, errors, seen = [], [], {}
    local_codes = frozenset(LocalMeasure.objects.values_list("code", flat=True))
    for line, row in enumerate(reader, start=2):
        values, row_errors = _parse_row(line, row, local_codes)
        errors.extend(row_errors)
        if values:
            key = (values["code"], values["area"], values["year"])
            if key in seen:
                errors.append(
                    RowError(line, f"This repeats row {seen[key]} (same code, area and year)")
                )
            seen[key] = line
            parsed.append(values)
    if not parsed and not errors:
        errors.append(RowError(2, "The file has no benchmarks in it"))
    if errors:
        raise BenchmarkImportError(errors)
    created = updated = 0
    with transaction.atomic():
        for values in parsed:
            _, was_created = Benchmark.objects.update_or_create(
                code=values["code"],
                area=values["area"],
                year=values["year"],
                defaults={
                    "value": values["value"],
                    "source": values["source"],
                    "created_by": actor,
                },
            )
            created += was_created
            updated += not was_created
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            detail=f"Benchmarks imported from CSV: {created} new, {updated} replaced",
        )
    return BenchmarkImportResult(created=created, updated=updated)
