"""A fast synthetic council for the indicator benchmark: plausible, consistent case records
(non-overlapping periods of care, legal statuses and placements) written with COPY.

Not the SSDA903 generator: a quick stand-in so the benchmark can run at 85,000 children looked
after in a minute or so. Rows get explicit ids; sequences are reset afterwards.
"""

import io
import random
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from children import models as child_models
from corporate_parenting.dates import add_years
from placements import models as placement_models

AS_AT = date(2026, 3, 31)
ETHNICITIES = ["WBRI"] * 14 + ["WOTH", "MWBC", "MWAS", "AIND", "APKN", "BAFR", "BCRB", "CHNE"]
PLACEMENT_MIX = ["U4"] * 8 + ["U6"] * 10 + ["U1", "U3", "U3", "K2", "K2", "P1", "K3", "R1", "U5"]
PROVIDERS = ["PR1", "PR1", "PR1", "PR4", "PR4", "PR5", "PR2"]
CEASED_REASONS = ["E4A"] * 5 + ["E11", "E12", "E45", "E47", "E41", "E13", "E8", "E17", "E5"]


def _day(rng, first, last):
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, max(span, 0)))


class Rows:
    """Rows per model, keyed by attname, with explicit ids."""

    def __init__(self):
        self.tables = {}
        self.next_id = {}

    def add(self, model, **values):
        new_id = self.next_id.get(model, 1)
        self.next_id[model] = new_id + 1
        values["id"] = new_id
        self.tables.setdefault(model, []).append(values)
        return new_id


def _split(rng, start, end, parts):
    """Cut [start, end) (end None: open) into consecutive ranges."""
    last = end or AS_AT + timedelta(days=30)
    cuts = (
        sorted(
            {
                _day(rng, start + timedelta(days=1), last - timedelta(days=1))
                for _ in range(parts - 1)
            }
            - {start}
        )
        if (last - start).days > parts * 2
        else []
    )
    bounds = [start, *cuts, end]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def build(rows, n_looked_after, seed=1):
    rng = random.Random(seed)
    child_no = 0

    def child(dob, **extra):
        nonlocal child_no
        child_no += 1
        return rows.add(
            child_models.Child,
            local_id=f"B{child_no:08d}",
            first_name="Synthetic",
            last_name=f"Child {child_no}",
            date_of_birth=dob,
            sex=rng.choice("MMMFFFU" if rng.random() < 0.01 else "MF"),
            ethnicity=rng.choice(ETHNICITIES),
            is_uasc=extra.pop("is_uasc", False),
            **extra,
        )

    def period_of_care(child_id, start, end, reason, *, adoption=False, short_breaks=False):
        period_id = rows.add(
            placement_models.PeriodOfCare,
            child_id=child_id,
            start=start,
            end=end,
            reason_ceased=reason,
        )
        statuses = ["V3"] if short_breaks else ["C1", "C2"] if not adoption else ["C2", "E1"]
        if not adoption and not short_breaks and rng.random() < 0.3:
            statuses = ["V2"]
        for (ls_start, ls_end), code in zip(
            _split(rng, start, end, len(statuses)), statuses, strict=False
        ):
            rows.add(
                placement_models.LegalStatus,
                period_id=period_id,
                child_id=child_id,
                start=ls_start,
                end=ls_end,
                legal_status=code,
                category_of_need=rng.choice(["N1", "N1", "N1", "N4", "N5", "N2"]),
            )
        moves = 1 + int(rng.random() * 3.5)
        ranges = _split(rng, start, end, moves)
        for i, (p_start, p_end) in enumerate(ranges):
            place = rng.choice(PLACEMENT_MIX)
            if adoption and i == len(ranges) - 1:
                place = rng.choice(["A6", "A5"])
            if short_breaks:
                place = "K2"
            rows.add(
                placement_models.Placement,
                period_id=period_id,
                child_id=child_id,
                start=p_start,
                end=p_end,
                placement_type=place,
                provider="PR0" if place == "P1" else rng.choice(PROVIDERS),
                new_carer=i == 0 or place not in {"A5"} and rng.random() < 0.85,
                inside_area=rng.random() < 0.6,
                distance_miles=round(rng.random() * 60, 1) if rng.random() < 0.8 else None,
            )
        return period_id

    def reviews_and_visits(child_id, start, end):
        day = start + timedelta(days=rng.randint(10, 35))
        stop = end or AS_AT
        step = 90
        while day <= stop:
            if day >= AS_AT - timedelta(days=3 * 365):
                rows.add(
                    child_models.Review,
                    child_id=child_id,
                    date=day,
                    participation=rng.choice(["PN1", "PN1", "PN3", "PN5", "PN7", "PN0"]),
                )
            day += timedelta(days=step + rng.randint(-10, 20))
            step = 182
        for k in range(3):
            visit = stop - timedelta(days=rng.randint(0, 50) + 42 * k)
            if visit >= start:
                rows.add(
                    child_models.StatutoryVisit,
                    child_id=child_id,
                    date=visit,
                    seen=rng.random() < 0.95,
                    interval_days=42,
                )
        sw_ranges = _split(rng, start, None, 1 + int(rng.random() * 3))
        for sw_start, sw_end in sw_ranges:
            rows.add(
                child_models.Allocation,
                child_id=child_id,
                kind="SW",
                worker_ref=f"SW{rng.randint(1, 300)}",
                start=sw_start,
                end=sw_end,
            )
        if rng.random() < 0.1:
            for _ in range(rng.randint(1, 3)):
                missing = _day(rng, start, stop)
                rows.add(
                    child_models.MissingEpisode,
                    child_id=child_id,
                    kind=rng.choice("MMA"),
                    start=missing,
                    end=missing + timedelta(days=1),
                )

    # Children looked after on the as-at date.
    for _ in range(n_looked_after):
        age_days = rng.randint(30, 18 * 365 - 10)
        dob = AS_AT - timedelta(days=age_days)
        start = _day(rng, max(dob, AS_AT - timedelta(days=8 * 365)), AS_AT)
        short_breaks = rng.random() < 0.03
        child_id = child(dob, is_uasc=rng.random() < 0.07)
        adoption = dob > AS_AT - timedelta(days=5 * 365) and rng.random() < 0.15
        period_of_care(child_id, start, None, "", adoption=adoption, short_breaks=short_breaks)
        reviews_and_visits(child_id, start, None)
        if start <= date(2025, 4, 1):
            rows.add(
                child_models.AnnualOutcome,
                child_id=child_id,
                collection_year=2026,
                health_assessment=rng.random() < 0.9,
                teeth_check=rng.random() < 0.75,
                immunisations=rng.random() < 0.85,
            )
        rows.add(
            child_models.PersonalEducationPlan,
            child_id=child_id,
            date=_day(rng, date(2025, 11, 1), AS_AT),
            version=1,
        )
        if rng.random() < 0.6:
            rows.add(
                placement_models.PermanencePlan,
                child_id=child_id,
                plan_type="ADOPTION"
                if adoption
                else rng.choice(["LONG_TERM_FOSTERING", "SGO", "REUNIFICATION"]),
                decided_on=_day(rng, start, AS_AT),
                placement_order_date=start + timedelta(days=300) if adoption else None,
            )

    # Children who left care in the last few years (adoptions, SGOs, returns home...).
    for _ in range(int(n_looked_after * 0.6)):
        dob = AS_AT - timedelta(days=rng.randint(400, 17 * 365))
        start = _day(rng, max(dob, AS_AT - timedelta(days=6 * 365)), AS_AT - timedelta(days=60))
        end = _day(rng, start + timedelta(days=20), AS_AT)
        reason = rng.choice(CEASED_REASONS)
        child_id = child(dob)
        adopted = reason in {"E11", "E12"}
        period_of_care(child_id, start, end, reason, adoption=adopted)
        reviews_and_visits(child_id, start, end)
        if adopted:
            order = start + timedelta(days=(end - start).days // 2)
            rows.add(
                placement_models.PermanencePlan,
                child_id=child_id,
                plan_type="ADOPTION",
                decided_on=start,
                placement_order_date=order,
                matched_date=order + timedelta(days=rng.randint(-20, 150)),
                ended_on=end,
                end_reason="ACHIEVED",
            )

    # Care leavers aged 17 to 22.
    for _ in range(int(n_looked_after * 0.35)):
        dob = AS_AT - timedelta(days=rng.randint(18 * 365 + 5, 22 * 365))
        start = add_years(dob, 14) + timedelta(days=rng.randint(0, 700))
        end = add_years(dob, 18)
        child_id = child(dob)
        period_of_care(child_id, start, end, rng.choice(["E17", "E8", "E5", "E6"]))
        rows.add(child_models.CareLeaver, child_id=child_id, eligibility="FORMER_RELEVANT")
        for years in range(17, 23):
            birthday = add_years(dob, years)
            if birthday > AS_AT or birthday < end:
                continue
            rows.add(
                child_models.CareLeaverContact,
                child_id=child_id,
                date=birthday + timedelta(days=rng.randint(-60, 20)),
                in_touch=rng.choice(["YES"] * 9 + ["NO"]),
                accommodation=rng.choice(["D1", "E1", "U1", "Z1", "B1", "S2", "X2", "U2"]),
                activity=rng.choice(["F2", "F5", "P5", "F4", "G5", "G4", "G6"]),
            )
        rows.add(
            child_models.PathwayPlanReview,
            child_id=child_id,
            date=_day(rng, AS_AT - timedelta(days=300), AS_AT),
        )
        rows.add(
            child_models.Allocation,
            child_id=child_id,
            kind="PA",
            worker_ref=f"PA{rng.randint(1, 80)}",
            start=end,
            end=None,
        )
    return rows


def _text_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_rows(rows):
    """COPY every table's rows in dependency order, filling defaults, then reset sequences."""
    now = timezone.now()
    with connection.cursor() as cursor:
        for model, records in rows.tables.items():
            fields = list(model._meta.concrete_fields)
            columns = [f.column for f in fields]
            buffer = io.StringIO()
            for record in records:
                values = []
                for field in fields:
                    if field.attname in record:
                        values.append(record[field.attname])
                    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                        values.append(now)
                    elif field.has_default():
                        values.append(field.get_default())
                    elif field.null:
                        values.append(None)
                    else:
                        values.append("")
                buffer.write("\t".join(_text_value(v) for v in values) + "\n")
            buffer.seek(0)
            table = connection.ops.quote_name(model._meta.db_table)
            column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.copy_expert(f"COPY {table} ({column_list}) FROM STDIN", buffer)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [table, max(record["id"] for record in records)],
            )
        cursor.execute("ANALYZE")


def clear():
    tables = [
        child_models.Child,
        placement_models.PeriodOfCare,
    ]
    with connection.cursor() as cursor:
        names = ", ".join(f'"{m._meta.db_table}"' for m in tables)
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
