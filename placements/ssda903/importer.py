"""Import SSDA903 files: validate everything, then write in one transaction with bulk queries.

Re-importing the same files changes nothing: each row is compared with what is held and only
new or different rows are written. A later year's files extend each child's history: the
episode left open at 31 March is completed by the next file, which repeats it with its DECOM.
"""

import contextlib
import datetime
import gc
import logging
import time
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from children.models import (
    Allocation,
    AllocationKind,
    AnnualOutcome,
    CareLeaverContact,
    Child,
    DeprivationOfLiberty,
    MissingEpisode,
    Review,
)
from corporate_parenting.audit import audit_record
from corporate_parenting.models import AuditAction, AuditEvent
from placements import codes
from placements.models import (
    ImportRun,
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    PreviousPermanence,
)
from placements.ssda903 import bulk, validation
from placements.ssda903 import episodes as episode_rows
from placements.ssda903.reader import read_rows

BATCH = 5000
# Above this many children, load whole tables rather than filter on a long IN list.
IN_LIST_LIMIT = 20000

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    years: list = field(default_factory=list)
    children: int = 0
    episodes: int = 0
    rows: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    seconds: float = 0.0
    run: ImportRun | None = None

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        return {
            "years": self.years,
            "children": self.children,
            "episodes": self.episodes,
            "rows": self.rows,
            "written": self.written,
            "seconds": round(self.seconds, 2),
        }


def year_from_data(fileset):
    """The collection year the Episodes file covers: the latest date in it."""
    path = fileset.files.get("Episodes")
    if path is None:
        return None
    columns, rows = read_rows(path)
    wanted = [columns.index(c) for c in ("DECOM", "DEC") if c in columns]
    latest = None
    for _line, values in rows:
        for i in wanted:
            day = validation.parse_date(values[i]) if i < len(values) else None
            if day and (latest is None or day > latest):
                latest = day
    if latest is None:
        return None
    return latest.year + 1 if latest.month >= 4 else latest.year


def import_filesets(filesets, *, actor, collection_year=None, dry_run=False, run=None):
    """Validate and import file sets (one per collection year), oldest first, all or nothing."""
    started = time.perf_counter()
    result = ImportResult()
    dated = []
    for fileset in filesets:
        year = collection_year if collection_year and len(filesets) == 1 else fileset.year
        year = year or year_from_data(fileset)
        if year not in validation.YEARS_ACCEPTED:
            result.errors.append(
                validation.Error(
                    fileset.label or "files",
                    0,
                    "-",
                    "YEAR",
                    f"Cannot tell the collection year ({year}); give --collection-year YYYY "
                    f"({validation.YEARS_ACCEPTED[0]}-{validation.YEARS_ACCEPTED[-1]}).",
                )
            )
            continue
        dated.append((year, fileset))
    dated.sort(key=lambda item: item[0])
    if result.errors:
        return _finish(result, run, started, actor, dry_run)
    with _without_cyclic_gc():
        _import_years(dated, actor, result, dry_run, run)
    return _finish(result, run, started, actor, dry_run)


@contextlib.contextmanager
def _without_cyclic_gc():
    """The import builds millions of small objects (rows, dicts, tuples), few of them in
    cycles; Python's cyclic collector would walk the growing heap again and again (about
    half of the import's CPU time at 100,000 children). Reference counting still frees
    everything; the collector is switched back on afterwards. It is process-wide: other
    threads of the process do without it for the import's duration."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_years(dated, actor, result, dry_run, run):
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One big transaction: don't wait for the WAL flush at commit. A crash can
                # lose this import (and only it); it cannot leave it half written.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            for year, fileset in dated:
                data, errors = validation.parse(fileset, year)
                errors.extend(_validate_and_write(data, actor, result, write=not errors))
                result.errors.extend(errors)
                result.years.append(year)
                if errors:
                    break
            if result.errors or dry_run:
                transaction.set_rollback(True)
            else:
                _audit(result, actor, run)
                transaction.on_commit(_warm_dashboard_cache)
    except IntegrityError as exc:
        result.errors.append(
            validation.Error("-", 0, "-", "DB", f"The database refused the data: {exc}")
        )


def _warm_dashboard_cache():
    """Ask a worker to compute the board's figures on the new data before anyone opens them.
    By task name: reports depends on placements, never the other way."""
    from corporate_parenting.celery import app

    try:
        app.send_task("reports.dashboard_cache_warm")
    except Exception:  # noqa: BLE001 - an unreachable broker must not fail a committed import
        logger.warning("Could not enqueue the dashboard cache warm-up", exc_info=True)


def _finish(result, run, started, actor, dry_run):
    result.seconds = time.perf_counter() - started
    run = run or result.run
    if run is not None:
        run.collection_years = result.years
        run.summary = result.summary()
        run.error_count = len(result.errors)
        run.errors = [[e.file, e.row, e.column, e.code, e.message] for e in result.errors]
        if result.errors:
            run.status = ImportRun.Status.INVALID
        else:
            run.status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.IMPORTED
        run.finished_at = timezone.now()
        run.save()
    result.run = run
    return result


def _audit(result, actor, run):
    if run is None:
        run = ImportRun.objects.create(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            source=ImportRun.Source.COMMAND,
        )
        result.run = run
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=run,
        changes={"years": result.years, "rows": result.rows, "written": result.written},
        detail=f"SSDA903 import: {result.children} children, {result.episodes} episodes",
    )


# ---------------------------------------------------------------------------------------------
# One year
# ---------------------------------------------------------------------------------------------


def latest_year():
    """The latest collection year imported so far (None before the first import)."""
    years = [
        year
        for years in ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).values_list(
            "collection_years", flat=True
        )
        for year in years
    ]
    return max(years, default=None)


def _filter_children(qs, child_ids, field_name="child_id"):
    if len(child_ids) <= IN_LIST_LIMIT:
        return qs.filter(**{f"{field_name}__in": list(child_ids)})
    return qs


def _validate_and_write(data, actor, result, *, write):
    """Checks across rows and tables (also when rows had errors, so that every error is
    reported at once), then the writes when there are no errors at all."""
    if not data.header_and_episodes_read:
        return []
    known = dict(
        _filter_children(Child.objects.all(), list(data.header), "local_id").values_list(
            "local_id", "id"
        )
    )
    known = {local: pk for local, pk in known.items() if local in data.header}
    held = episode_rows.load_rows(list(known.values()) if len(known) <= IN_LIST_LIMIT else None)
    history = {}
    for local_id, pk in known.items():
        if pk in held:
            prs, lss, pls, _ids = held[pk]
            history[local_id] = episode_rows.child_episodes(local_id, prs, lss, pls)
    errors, merged = validation.validate(data, history)
    if errors or not write:
        return errors
    now = timezone.now()
    writer = Writer(
        actor=actor, now=now, written=result.written, year=data.year, latest_year=latest_year()
    )
    with _write_phase():
        child_ids, touched = writer.children(data, known)
        writer.episodes(merged, child_ids, held, touched)
        writer.other_tables(data, child_ids, merged, touched)
        writer.audit_children(touched, data.year)
    counts = data.row_counts()
    for table, count in counts.items():
        result.rows[table] = result.rows.get(table, 0) + count
    result.children += len(data.header)
    result.episodes += counts["Episodes"]
    return []


@contextlib.contextmanager
def _write_phase():
    """On PostgreSQL the COPYs run in a background thread while Python prepares the next
    table, and foreign keys are checked at the end of each COPY (there, in the background)
    rather than all at commit, where nothing else could run beside them."""
    if connection.vendor != "postgresql":
        yield
        return
    with bulk.CopyPipeline(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        # Back to Django's deferred foreign keys for whatever else the transaction does.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Writer:
    def __init__(self, *, actor, now, written, year, latest_year):
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_id = self.actor.pk if self.actor else None
        self.year = year
        self.last_day = validation.year_bounds(year)[1]
        # Demographics are taken from the latest year imported, never from an older file.
        self.update_children = latest_year is None or year >= latest_year
        self.now = now
        self.written = written
        self.new_children = set()

    def count(self, model, kind, n):
        if n:
            key = f"{str(model._meta.verbose_name_plural).capitalize()} {kind}"
            self.written[key] = self.written.get(key, 0) + n

    # -- children ---------------------------------------------------------------------------

    CHILD_FIELDS = (
        "sex",
        "date_of_birth",
        "ethnicity",
        "upn",
        "mother",
        "mother_child_dob",
        "is_uasc",
        "uasc_ceased",
    )

    def children(self, data, known):
        existing = {}
        if known:
            qs = _filter_children(Child.objects.all(), list(known.values()), "id")
            for row in qs.values_list("id", "local_id", *self.CHILD_FIELDS).iterator(BATCH):
                if row[1] in data.header:
                    existing[row[1]] = row
        create, update, touched = [], [], set()
        for local_id, h in data.header.items():
            uasc = data.uasc.get(local_id)
            target = {
                "sex": h["sex"],
                "date_of_birth": h["dob"],
                "ethnicity": h["ethnicity"],
                "upn": h["upn"],
                "mother": h["mother"],
                "mother_child_dob": h["mother_child_dob"],
            }
            old = existing.get(local_id)
            if uasc is not None:
                target["is_uasc"], target["uasc_ceased"] = True, uasc["duc"]
            elif old is not None:
                target["is_uasc"], target["uasc_ceased"] = old[8], old[9]
            else:
                target["is_uasc"], target["uasc_ceased"] = False, None
            if old is None:
                create.append((local_id, *(target[f] for f in self.CHILD_FIELDS)))
            elif self.update_children and tuple(target[f] for f in self.CHILD_FIELDS) != old[2:]:
                update.append((old[0], *(target[f] for f in self.CHILD_FIELDS), self.actor_id))
        new_ids = bulk.reserve_ids(Child, len(create))
        bulk.insert(
            Child,
            ("id", "local_id", *self.CHILD_FIELDS, "updated_by_id"),
            ((pk, *row, self.actor_id) for pk, row in zip(new_ids, create, strict=True)),
            now=self.now,
        )
        bulk.update(
            Child, (*self.CHILD_FIELDS, "updated_by_id"), update, now=self.now, versioned=True
        )
        self.count(Child, "created", len(create))
        self.count(Child, "updated", len(update))
        child_ids = dict(known)
        for pk, row in zip(new_ids, create, strict=True):
            child_ids[row[0]] = pk
            touched.add(pk)
        self.new_children = set(new_ids)
        touched.update(row[0] for row in update)
        return child_ids, touched

    # -- periods, legal statuses, placements ------------------------------------------------

    def episodes(self, merged, child_ids, held, touched):
        plans = []  # (child_id, target rows, held rows)
        for local_id, eps in merged.items():
            child_id = child_ids[local_id]
            target = episode_rows.build_rows(eps)
            old = held.get(child_id)
            if old is not None and (
                set(target[0]) == set(old[0])
                and set(target[1]) == set(old[1])
                and set(target[2]) == set(old[2])
            ):
                continue
            plans.append((child_id, target, old))
            touched.add(child_id)
        if not plans:
            return
        delete = {"period": [], "ls": [], "pl": []}
        update = {"period": [], "ls": [], "pl": []}
        create = {"period": [], "ls": [], "pl": []}
        for child_id, (periods, statuses, placements), old in plans:
            ids = old[3] if old else {}
            old_rows = (
                {("period", r.start): r for r in old[0]} if old else {},
                {("ls", r.start): r for r in old[1]} if old else {},
                {("pl", r.start): r for r in old[2]} if old else {},
            )
            for kind, rows, old_by_key in zip(
                ("period", "ls", "pl"), (periods, statuses, placements), old_rows, strict=True
            ):
                keys = set()
                for row in rows:
                    key = (kind, row.start)
                    keys.add(key)
                    before = old_by_key.get(key)
                    if before is None:
                        create[kind].append((child_id, row))
                    elif before != row:
                        update[kind].append((child_id, ids[key], row))
                for key in old_by_key:
                    if key not in keys:
                        delete[kind].append(ids[key])
        LegalStatus.objects.filter(id__in=delete["ls"]).delete()
        Placement.objects.filter(id__in=delete["pl"]).delete()
        PeriodOfCare.objects.filter(id__in=delete["period"]).delete()
        self.count(PeriodOfCare, "deleted", len(delete["period"]))
        self.count(LegalStatus, "deleted", len(delete["ls"]))
        self.count(Placement, "deleted", len(delete["pl"]))

        updated_periods = bulk.update(
            PeriodOfCare,
            ("end", "reason_ceased", "opening_rne", "updated_by_id"),
            (
                (pk, row.end, row.reason_ceased, row.opening_rne, self.actor_id)
                for _child_id, pk, row in update["period"]
            ),
            now=self.now,
            versioned=True,
        )
        new_period_ids = bulk.reserve_ids(PeriodOfCare, len(create["period"]))
        bulk.insert(
            PeriodOfCare,
            ("id", "child_id", *episode_rows.PeriodRow._fields, "updated_by_id"),
            (
                (pk, child_id, *row, self.actor_id)
                for pk, (child_id, row) in zip(new_period_ids, create["period"], strict=True)
            ),
            now=self.now,
        )
        self.count(PeriodOfCare, "updated", updated_periods)
        self.count(PeriodOfCare, "created", len(new_period_ids))

        period_id = {}
        for child_id, _target, old in plans:
            if old:
                for (kind, start), pk in old[3].items():
                    if kind == "period":
                        period_id[(child_id, start)] = pk
        for pk, (child_id, row) in zip(new_period_ids, create["period"], strict=True):
            period_id[(child_id, row.start)] = pk

        def fields(row, child_id, names):
            values = row._asdict()
            values["period"] = period_id[(child_id, values["period"])]
            return [values[name] for name in names]

        for model, kind, names in (
            (LegalStatus, "ls", ["period", "end", "legal_status", "category_of_need"]),
            (
                Placement,
                "pl",
                [
                    "period",
                    "end",
                    "placement_type",
                    "provider",
                    "new_carer",
                    "postcode",
                    "home_postcode",
                    "urn",
                    "distance_miles",
                    "inside_area",
                    "reason_for_change",
                ],
            ),
        ):
            updated = bulk.update(
                model,
                (*(f"{n}_id" if n == "period" else n for n in names), "updated_by_id"),
                (
                    (pk, *fields(row, child_id, names), self.actor_id)
                    for child_id, pk, row in update[kind]
                ),
                now=self.now,
                versioned=True,
            )
            row_type = episode_rows.LegalStatusRow if kind == "ls" else episode_rows.PlacementRow
            names = ("child_id", "period_id", *row_type._fields[1:], "updated_by_id")
            created = bulk.insert(
                model,
                names,
                (
                    (child_id, period_id[(child_id, row[0])], *row[1:], self.actor_id)
                    for child_id, row in create[kind]
                ),
                now=self.now,
            )
            self.count(model, "updated", updated)
            self.count(model, "created", created)

    # -- the other tables -------------------------------------------------------------------

    def sync(
        self,
        model,
        qs,
        key_fields,
        targets,
        touched,
        *,
        versioned=True,
        end_fields=None,
        child_key=True,
    ):
        """Create or update rows of `model` so they hold `targets` ({key: field values}).

        `end_fields` (the end date first): a row a later year's file already ended after this
        collection year keeps its end when an earlier year, where it was open, comes again.
        """
        if not targets:
            return
        value_fields = sorted({name for values in targets.values() for name in values})
        defaults = {name: _field(model, name).get_default() for name in value_fields}
        existing = {}
        if child_key:
            children = {key[0] for key in targets}
        else:
            children = {v["child_id"] for v in targets.values()}
        # Children created by this import have nothing held yet: no need to look.
        children -= self.new_children
        if children:
            qs = _filter_children(qs, children)
            for row in qs.values("id", *key_fields, *value_fields).iterator(BATCH):
                key = tuple(row[k] for k in key_fields)
                if key in targets:
                    existing[key] = row
        create, update = [], []
        for key, values in targets.items():
            old = existing.get(key)
            if end_fields and old is not None:
                end = end_fields[0]
                held_end = old.get(end)
                if end in values and values[end] is None and held_end and held_end > self.last_day:
                    values.update({name: old[name] for name in end_fields})
            if old is None:
                create.append((*key, *(values.get(n, defaults[n]) for n in value_fields)))
                touched.add(values.get("child_id", key[0]))
            elif any(old[name] != value for name, value in values.items()):
                row = (old["id"], *(values.get(n, old[n]) for n in value_fields))
                update.append((*row, self.actor_id) if versioned else row)
                touched.add(values.get("child_id", key[0]))
        # Updates first: a row ended by this file makes room for the row that follows it.
        extra = ("updated_by_id",) if versioned else ()
        bulk.update(model, (*value_fields, *extra), update, now=self.now, versioned=versioned)
        names = (*key_fields, *value_fields)
        if versioned:
            names += ("updated_by_id",)
            create = [(*row, self.actor_id) for row in create]
        bulk.insert(model, names, create, now=self.now)
        self.count(model, "created", len(create))
        self.count(model, "updated", len(update))

    def other_tables(self, data, child_ids, merged, touched):
        ids = child_ids
        year = data.year
        self.sync(
            Review,
            Review.objects.all(),
            ("child_id", "date"),
            {(ids[c], date): {"participation": code} for c, _line, date, code in data.reviews},
            touched,
        )
        self.sync(
            AnnualOutcome,
            AnnualOutcome.objects.all(),
            ("child_id", "collection_year"),
            {
                (ids[c], year): {k: v for k, v in o.items() if k != "row"}
                for c, o in data.oc2.items()
            },
            touched,
            versioned=False,
        )
        first_day, last_day = validation.year_bounds(year)
        self.sync(
            CareLeaverContact,
            CareLeaverContact.objects.all(),
            ("child_id", "collection_year"),
            {
                (ids[c], year): {
                    "date": _birthday_in(data.header[c]["dob"], first_day, last_day),
                    "in_touch": o["in_touch"],
                    "activity": o["activity"],
                    "accommodation": o["accommodation"],
                }
                for c, o in data.oc3.items()
            },
            touched,
        )
        self._plans(data, ids, touched)
        self._previous_permanence(data, ids, merged, touched)
        self.sync(
            MissingEpisode,
            MissingEpisode.objects.all(),
            ("child_id", "start"),
            {
                (ids[m["child"]], m["start"]): {"kind": m["kind"], "end": m["end"]}
                for m in data.missing
            },
            touched,
            end_fields=("end",),
        )
        self._end_superseded_allocations(data, ids)
        self.sync(
            Allocation,
            Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER),
            ("child_id", "start"),
            {
                (ids[s["child"]], s["start"]): {
                    "kind": AllocationKind.SOCIAL_WORKER,
                    "worker_ref": s["worker_ref"],
                    "end": s["end"],
                    "end_reason": s["end_reason"],
                }
                for s in data.sw
            },
            touched,
            versioned=False,
            end_fields=("end", "end_reason"),
        )
        self.sync(
            DeprivationOfLiberty,
            DeprivationOfLiberty.objects.all(),
            ("child_id", "start"),
            {(ids[d["child"]], d["start"]): {"end": d["end"]} for d in data.dolo},
            touched,
            end_fields=("end",),
        )

    def _previous_permanence(self, data, ids, merged, touched):
        """PrevPerm rows go, in order, to the periods of care that started in the year."""
        if not data.prevperm:
            return
        first_day, last_day = validation.year_bounds(data.year)
        child_pks = [ids[c] for c in data.prevperm]
        period_id = {
            (child_id, start): pk
            for pk, child_id, start in _filter_children(PeriodOfCare.objects.all(), child_pks)
            .values_list("id", "child_id", "start")
            .iterator(BATCH)
        }
        targets = {}
        for child, rows in data.prevperm.items():
            starts = period_starts(merged.get(child, []))
            in_year = [day for day in starts if first_day <= day <= last_day] or starts[-1:]
            if not in_year:
                continue
            for i, row in enumerate(rows):
                day = in_year[min(i, len(in_year) - 1)]
                targets[(period_id[(ids[child], day)],)] = {
                    "child_id": ids[child],
                    "previous_permanence": row["previous_permanence"],
                    "local_authority": row["local_authority"],
                    "date_text": row["date_text"],
                }
        self.sync(
            PreviousPermanence,
            PreviousPermanence.objects.filter(period__isnull=False),
            ("period_id",),
            targets,
            touched,
            versioned=False,
            child_key=False,
        )

    def _end_superseded_allocations(self, data, ids):
        """A child has one social worker at a time: a held allocation still open when this
        file's first social worker episode starts (and not repeated in the file) ended then."""
        first_start = {}
        keys = set()
        for row in data.sw:
            child_id = ids[row["child"]]
            keys.add((child_id, row["start"]))
            if child_id not in first_start or row["start"] < first_start[child_id]:
                first_start[child_id] = row["start"]
        children = set(first_start) - self.new_children
        if not children:
            return
        ended = [
            (pk, first_start[child_id])
            for pk, child_id, start in _filter_children(
                Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, end__isnull=True),
                children,
            ).values_list("id", "child_id", "start")
            if child_id in first_start
            and start < first_start[child_id]
            and (child_id, start) not in keys
        ]
        # Allocation is not versioned; updated_by_id is not a column there.
        bulk.update(Allocation, ("end",), [row[:2] for row in ended], now=self.now, versioned=False)
        self.count(Allocation, "ended", len(ended))

    PLAN_FIELDS_AD1 = (
        "matched_date",
        "foster_care",
        "number_of_adopters",
        "sex_of_adopters",
        "legal_status_of_adopters",
    )

    def _plans(self, data, ids, touched):
        targets = {}
        for row in data.ad1:
            key = (ids[row["child"]], row["adm_decision_date"])
            values = targets.setdefault(key, {})
            values.update({name: row[name] for name in self.PLAN_FIELDS_AD1})
        for row in data.placed:
            key = (ids[row["child"]], row["adm_decision_date"])
            values = targets.setdefault(key, {})
            values.update(
                {
                    "no_longer_placed_date": row["no_longer_placed_date"],
                    "no_longer_placed_reason": row["no_longer_placed_reason"],
                }
            )
            # A plan the file does not end keeps the end it was given when its child left
            # care (below); one the file ends, ends then.
            if row["no_longer_placed_date"]:
                values["ended_on"] = row["no_longer_placed_date"]
                values["end_reason"] = row["no_longer_placed_reason"]
        for (_child_id, day), values in targets.items():
            values["plan_type"] = codes.PermanencePlanType.ADOPTION
            values["decided_on"] = day
        # Key plans on the ADM decision; fields a table did not give keep their held values.
        held = {}
        qs = _filter_children(
            PermanencePlan.objects.filter(plan_type=codes.PermanencePlanType.ADOPTION),
            {key[0] for key in targets} - self.new_children,
        )
        for row in qs.values("child_id", "adm_decision_date", "end_reason", *self.PLAN_FIELDS_AD1):
            held[(row["child_id"], row["adm_decision_date"])] = row
        for key, values in targets.items():
            if key in held and "matched_date" not in values:
                values.update({name: held[key][name] for name in self.PLAN_FIELDS_AD1})
            # A file that no longer says the child stopped being placed opens the plan again.
            if (
                key in held
                and "no_longer_placed_date" in values
                and values["no_longer_placed_date"] is None
                and held[key]["end_reason"] in codes.ADOPTION_PLAN_END_REASONS
            ):
                values.update({"ended_on": None, "end_reason": ""})
        self.sync(
            PermanencePlan,
            PermanencePlan.objects.filter(plan_type=codes.PermanencePlanType.ADOPTION),
            ("child_id", "adm_decision_date"),
            targets,
            touched,
            end_fields=(
                "no_longer_placed_date",
                "no_longer_placed_reason",
                "ended_on",
                "end_reason",
            ),
        )
        self._end_plans_of_children_who_left_care(touched)

    def _end_plans_of_children_who_left_care(self, touched):
        """A plan ends when its child stops being looked after, as period_end does: plans
        held open (every imported adoption plan without a PlacedAdoption end) whose child's
        period of care has ended since end then, with codes.plan_end_reason_on_leaving_care."""
        rows = [
            (
                pk,
                ended_on,
                codes.plan_end_reason_on_leaving_care(plan_type, reason),
                self.actor_id,
                child_id,
            )
            for pk, ended_on, plan_type, reason, child_id in (
                PermanencePlan.objects.open_after_care_ended()
                .values_list("id", "care_ended_on", "plan_type", "care_ended_for", "child_id")
                .iterator(BATCH)
            )
        ]
        bulk.update(
            PermanencePlan,
            ("ended_on", "end_reason", "updated_by_id"),
            [row[:4] for row in rows],
            now=self.now,
            versioned=True,
        )
        touched.update(row[4] for row in rows)
        self.count(PermanencePlan, "ended as the child left care", len(rows))

    def audit_children(self, touched, year):
        """One audit row per child the import created or changed (bulk writes audit here)."""
        name = self.actor.display_name if self.actor else ""
        detail = f"SSDA903 import, collection year {year}"
        bulk.insert(
            AuditEvent,
            ("actor_id", "actor_name", "action", "object_type", "object_id", "child_id", "detail"),
            (
                (
                    self.actor_id,
                    name,
                    AuditAction.IMPORT.value,
                    "children.Child",
                    str(pk),
                    pk,
                    detail,
                )
                for pk in touched
            ),
            now=self.now,
        )


def _field(model, name):
    for model_field in model._meta.concrete_fields:
        if name in (model_field.name, model_field.attname):
            return model_field
    raise LookupError(name)


def period_starts(episodes):
    """Start dates of the periods of care (not agreed short breaks) in a child's episodes."""
    starts = []
    previous = None
    for ep in episodes:
        if (previous is None or previous.rec != episode_rows.X1 or ep.rne == "S") and (
            ep.ls not in codes.SHORT_BREAK
        ):
            starts.append(ep.decom)
        previous = ep
    return starts


def _birthday_in(dob, first_day, last_day):
    """The young person's 17th-21st birthday in the year (OC3 is recorded around it)."""
    for age in range(17, 22):
        try:
            day = dob.replace(year=dob.year + age)
        except ValueError:
            day = datetime.date(dob.year + age, 3, 1)
        if first_day <= day <= last_day:
            return day
    return last_day
