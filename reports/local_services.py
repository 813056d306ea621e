"""Writes for local measures and their monthly figures: audited, optimistically locked (a
stale save is refused, never silently applied), and the CSV upload all or nothing."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction
from corporate_parenting.records import record_create, record_update
from reports.local_measures import CODE_PREFIX
from reports.models import LocalMeasure, LocalMeasureUnit, LocalMeasureValue
from reports.services import RowError

VALUE_COLUMNS = ("measure", "month", "number")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class LocalMeasureError(ValueError):
    pass


class LocalValuesImportError(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _code_for(title):
    """LOCAL_ and the title's first words, up to 31 characters (whole words only)."""
    words, length = [], 0
    for word in slugify(title).upper().split("-"):
        if words and length + 1 + len(word) > 31:
            break
        words.append(word[:31])
        length += len(word) + (1 if len(words) > 1 else 0)
    base = CODE_PREFIX + "_".join(words)
    code, n = base, 2
    while LocalMeasure.objects.filter(code=code).exists():
        code, n = f"{base[:37]}_{n}", n + 1
    return code


def local_measure_create(*, title, unit, definition, owner, good_direction, actor):
    if LocalMeasure.objects.filter(title__iexact=title).exists():
        raise LocalMeasureError(f"There is already a local measure called {title}")
    measure = LocalMeasure(
        code=_code_for(title),
        title=title,
        unit=unit,
        definition=definition,
        owner=owner,
        good_direction=good_direction,
    )
    return record_create(instance=measure, actor=actor)


def local_measure_update(*, measure, changes, expected_version, actor):
    """Change a local measure's words, owner or direction. Its unit cannot change once figures
    are entered (the figures would change meaning)."""
    if (
        "unit" in changes
        and changes["unit"] != measure.unit
        and LocalMeasureValue.objects.filter(measure=measure).exists()
    ):
        raise LocalMeasureError(
            "The unit cannot change once figures are entered: add a new local measure instead"
        )
    title = changes.get("title")
    if title and LocalMeasure.objects.filter(title__iexact=title).exclude(pk=measure.pk).exists():
        raise LocalMeasureError(f"There is already a local measure called {title}")
    return record_update(
        instance=measure, changes=changes, expected_version=expected_version, actor=actor
    )


def _check_value(measure, month, numerator, denominator):
    """Messages for a month's figure that does not fit its measure (empty when it fits)."""
    errors = []
    if month.day != 1:
        errors.append("The month must be given as its first day")
    if month > timezone.localdate():
        errors.append("The month must not be in the future")
    if measure.unit == LocalMeasureUnit.PERCENT:
        if denominator is None:
            errors.append(f"Enter the total for {measure.title.lower()} (it is a percentage)")
        elif numerator is not None and numerator > denominator:
            errors.append("The number must not be more than the total")
    elif denominator is not None:
        errors.append(f"{measure.title} is a number: leave the total blank")
    return errors


def local_value_set(*, measure, month, numerator, denominator=None, expected_version, actor):
    """Save a month's figure: new when `expected_version` is None (refused if the month already
    has one), else a change to the figure the user opened (refused if changed since)."""
    errors = _check_value(measure, month, numerator, denominator)
    if errors:
        raise ValidationError(errors)
    existing = LocalMeasureValue.objects.filter(measure=measure, month=month).first()
    if existing is not None and expected_version is None:
        raise ValidationError(
            f"A figure for {month:%B %Y} is already saved: change it from the list of figures"
        )
    if existing is None:
        return record_create(
            instance=LocalMeasureValue(
                measure=measure, month=month, numerator=numerator, denominator=denominator
            ),
            actor=actor,
        )
    return record_update(
        instance=existing,
        changes={"numerator": numerator, "denominator": denominator},
        expected_version=expected_version,
        actor=actor,
    )


@dataclass(frozen=True)
class LocalValuesImportResult:
    created: int
    updated: int


def _text(file):
    content = file.read()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LocalValuesImportError(
                [RowError(1, "The file must be a CSV file saved as UTF-8")]
            ) from None
    return content.lstrip("\ufeff")


def _whole(text):
    text = (text or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


def _parse_row(line, row, measures):
    errors = []
    code = (row.get("measure") or "").strip().upper()
    measure = measures.get(code)
    if measure is None:
        errors.append(RowError(line, f"Enter the code of a local measure, not '{code}'"))
    match = MONTH.match((row.get("month") or "").strip())
    month = None
    if match and 1 <= int(match.group(2)) <= 12:
        month = date(int(match.group(1)), int(match.group(2)), 1)
    else:
        errors.append(RowError(line, "Enter the month as year and month, like 2026-03"))
    numerator = _whole(row.get("number"))
    if numerator is None:
        errors.append(RowError(line, "Enter the number as a whole number, like 12"))
    out_of_text = (row.get("out_of") or "").strip()
    denominator = _whole(out_of_text) if out_of_text else None
    if out_of_text and denominator is None:
        errors.append(RowError(line, "Enter the total as a whole number, like 40, or leave it"))
    if not errors:
        errors += [
            RowError(line, message)
            for message in _check_value(measure, month, numerator, denominator)
        ]
    if errors:
        return None, errors
    return (measure, month, numerator, denominator), []


def local_values_import_csv(*, file, actor):
    """Monthly figures from a CSV with the columns measure (code), month (YYYY-MM), number and,
    for percentages, out_of. All or nothing: if any row is wrong nothing is saved and every
    error is listed by row. A row for a month already held replaces its figure."""
    reader = csv.DictReader(io.StringIO(_text(file)))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in VALUE_COLUMNS if c not in headers]
    if missing:
        raise LocalValuesImportError(
            [RowError(1, "The file is missing the column(s): " + ", ".join(missing))]
        )
    reader.fieldnames = headers
    measures = {m.code: m for m in LocalMeasure.objects.all()}
    parsed, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        values, row_errors = _parse_row(line, row, measures)
        errors.extend(row_errors)
        if values:
            key = (values[0].code, values[1])
            if key in seen:
                errors.append(
                    RowError(line, f"This repeats row {seen[key]} (same measure and month)")
                )
            seen[key] = line
            parsed.append(values)
    if not parsed and not errors:
        errors.append(RowError(2, "The file has no figures in it"))
    if errors:
        raise LocalValuesImportError(errors)
    created = updated = 0
    with transaction.atomic():
        held = {
            (v.measure_id, v.month): v
            for v in LocalMeasureValue.objects.select_for_update().filter(
                measure__in=[p[0] for p in parsed]
            )
        }
        for measure, month, numerator, denominator in parsed:
            existing = held.get((measure.pk, month))
            if existing is None:
                LocalMeasureValue.objects.create(
                    measure=measure,
                    month=month,
                    numerator=numerator,
                    denominator=denominator,
                    updated_by=actor,
                )
                created += 1
            else:
                existing.numerator, existing.denominator = numerator, denominator
                existing.version += 1
                existing.updated_by = actor
                existing.save(
                    update_fields=[
                        "numerator",
                        "denominator",
                        "version",
                        "updated_by",
                        "updated_at",
                    ]
                )
                updated += 1
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            detail=f"Local measure figures imported from CSV: {created} new, {updated} replaced",
        )
    return LocalValuesImportResult(created=created, updated=updated)
