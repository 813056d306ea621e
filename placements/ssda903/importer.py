"""Import SSDA903 files: validate everything, then write in one transaction.

Orchestration: each collection year is parsed and validated against the history held, then
written by `placements.ssda903.writer`, which compares row by row and writes only new or
different rows (re-importing the same files changes nothing). A later year's files extend each
child's history: the episode left open at 31 March is completed by the next file, which
repeats it with its DECOM. The import ends by refreshing the planner's statistics of the tables
it wrote, before it commits.
"""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from children.codes import InTouch
from children.models import CareLeaverContact, Child, DeprivationOfLiberty, MissingEpisode
from corporate_parenting.audit import audit_record
from corporate_parenting.dates import collection_year_bounds, collection_year_of
from corporate_parenting.models import AuditAction
from placements.codes import PermanencePlanType
from placements.models import ImportRun, PermanencePlan
from placements.signals import import_committed
from placements.ssda903 import bulk, validation
from placements.ssda903 import episodes as episode_rows
from placements.ssda903.reader import read_rows
from placements.ssda903.report import children_named
from placements.ssda903.writer import IN_LIST_LIMIT, ChildFields, Writer, for_children

logger = logging.getLogger(__name__)

# An ImportRun keeps the first errors only (the counts by rule cover them all): a file with a
# million bad rows makes a short page and a small row.
ERRORS_KEPT = 1000


def _no_progress(_fraction, _note):
    return None


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    # Notes that block nothing, e.g. the history rules not run (rules.OUR_CHECKS["HIST"]).
    warnings: list = field(default_factory=list)
    years: list = field(default_factory=list)
    children: int = 0
    episodes: int = 0
    rows: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    seconds: float = 0.0
    run: ImportRun | None = None
    # (file, row) -> the CHILD of the row an error points at (report.children_named).
    error_children: dict = field(default_factory=dict)

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
            "warnings": self.warnings,
        }


def year_from_data(fileset, unreadable=None):
    """The collection year the Episodes file covers: the latest date in it. Why the file
    cannot be read is added to `unreadable` (a list of errors)."""
    path = fileset.files.get("Episodes")
    if path is None:
        return None

    def report(*where_what):
        if unreadable is not None:
            unreadable.append(validation.Error(path.name, *where_what))

    columns, rows = read_rows(path, report=report)
    wanted = [columns.index(c) for c in ("DECOM", "DEC") if c in columns]
    latest = None
    for _line, values in rows:
        for i in wanted:
            day = validation.parse_date(values[i]) if i < len(values) else None
            if day and (latest is None or day > latest):
                latest = day
    if latest is None:
        return None
    return collection_year_of(latest)


def import_filesets(
    filesets,
    *,
    actor,
    collection_year=None,
    dry_run=False,
    run=None,
    progress=_no_progress,
    problems=(),
):
    """Validate and import file sets (one per collection year), oldest first, all or nothing.

    progress(fraction done, what is happening) is called as the work goes on. `problems` are
    files already refused (reader.collect's): the other files are still checked, so that every
    error is listed at once, and nothing is written."""
    started = time.perf_counter()
    result = ImportResult(errors=list(problems))
    dry_run = dry_run or bool(problems)
    dated = []
    for fileset in filesets:
        year = collection_year if collection_year and len(filesets) == 1 else fileset.year
        unreadable = []
        year = year or year_from_data(fileset, unreadable)
        if year not in validation.YEARS_ACCEPTED:
            if unreadable or problems:
                # The files that cannot be read say why; the year is the least of it.
                result.errors.extend(unreadable)
                continue
            result.errors.append(
                validation.Error(
                    fileset.label or "files",
                    0,
                    "-",
                    "YEAR",
                    f"Cannot tell the collection year ({year}) from the files: choose it "
                    "(--collection-year YYYY on the command line), "
                    f"{validation.YEARS_ACCEPTED[0]} to {validation.YEARS_ACCEPTED[-1]}.",
                )
            )
            continue
        dated.append((year, fileset))
    dated.sort(key=lambda item: item[0])
    if len(result.errors) <= len(problems):  # else a year we cannot tell, or a file not read
        _import_years(dated, actor, result, dry_run, run, progress)
    if result.errors:
        result.error_children = children_named(filesets, result.errors[:ERRORS_KEPT])
    return _finish(result, run, started, actor, dry_run)


def _import_years(dated, actor, result, dry_run, run, progress):
    tables = set()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # One big transaction: don't wait for the WAL flush at commit. A crash can
                # lose this import (and only it); it cannot leave it half written.
                cursor.execute("SET LOCAL synchronous_commit = off")
            for done, (year, fileset) in enumerate(dated):
                share = 1 / len(dated)
                progress(done * share, f"Reading the files of {year - 1} to {year}")
                data, errors = validation.parse(fileset, year)
                progress((done + 0.4) * share, f"Checking {year - 1} to {year} across the files")
                step = partial(progress, (done + 0.6) * share, f"Writing {year - 1} to {year}")
                errors.extend(
                    _validate_and_write(
                        data, actor, result, tables, write=not (errors or result.errors), step=step
                    )
                )
                result.errors.extend(errors)
                result.years.append(year)
                if errors:
                    break
            if result.errors or dry_run:
                transaction.set_rollback(True)
            else:
                _audit(result, actor, run)
                # In the transaction: the new statistics commit with the data they describe,
                # before the dashboards' warm-up (on commit) or anyone else queries it.
                bulk.analyze(tables)
                transaction.on_commit(
                    partial(_announce_commit, run or result.run, list(result.years))
                )
    except DatabaseError as exc:
        # A backstop: the checks before writing should leave nothing for the database to refuse.
        result.errors.append(
            validation.Error("-", 0, "-", "DB", f"The database refused the data: {exc}")
        )


def _announce_commit(run, years):
    """Tell the apps that depend on placements (the dashboards) that new data is in."""
    for receiver, error in import_committed.send_robust(sender=ImportRun, run=run, years=years):
        if isinstance(error, Exception):
            logger.warning("%r failed after an import committed", receiver, exc_info=error)


def _finish(result, run, started, actor, dry_run):
    result.seconds = time.perf_counter() - started
    run = run or result.run
    if run is not None:
        run.collection_years = result.years
        run.summary = result.summary()
        run.error_count = len(result.errors)
        named = result.error_children
        run.errors = [
            [e.file, e.row, e.column, e.code, e.message, named.get((e.file, e.row), "")]
            for e in result.errors[:ERRORS_KEPT]
        ]
        if result.errors:
            run.summary["errors_by_rule"] = dict(Counter(e.code for e in result.errors))
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


def imported_years():
    """The collection years imported so far: the years the history we hold covers."""
    return {
        year
        for years in ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).values_list(
            "collection_years", flat=True
        )
        for year in years
    }


def latest_year():
    """The latest collection year imported so far (None before the first import)."""
    return max(imported_years(), default=None)


def held_adoption_decisions(known, year):
    """CHILD -> [(DATE_PLACED, DATE_PLACED_CEASED)] of the decisions to place the child for
    adoption held from before the collection year: what earlier returns said."""
    first_day, _last_day = collection_year_bounds(year)
    local_ids = {pk: local for local, pk in known.items()}
    plans = for_children(
        PermanencePlan.objects.filter(
            plan_type=PermanencePlanType.ADOPTION, adm_decision_date__lt=first_day
        ),
        list(local_ids),
    ).values_list("child_id", "adm_decision_date", "no_longer_placed_date")
    held = {}
    for child_id, decided, ceased in plans:
        if child_id in local_ids:
            held.setdefault(local_ids[child_id], []).append((decided, ceased))
    return held


def held_reported_died(known, year):
    """CHILD of the young people an earlier year's OC3 reported as having died (rule 348)."""
    local_ids = {pk: local for local, pk in known.items()}
    contacts = for_children(
        CareLeaverContact.objects.filter(in_touch=InTouch.DIED, collection_year__lt=year),
        list(local_ids),
    ).values_list("child_id", flat=True)
    return {local_ids[pk] for pk in contacts if pk in local_ids}


def _open_at_the_previous_year_end(known, year):
    """{table: {(CHILD, start)}}: the missing periods and DoLOs held open at 31 March before
    the return's year, which the return must carry on (rules 576 and 706)."""
    _first, previous_end = collection_year_bounds(year - 1)
    local = {pk: local_id for local_id, pk in known.items()}
    held = {}
    for table, model in (("Missing", MissingEpisode), ("DoLo", DeprivationOfLiberty)):
        rows = for_children(model.objects.filter(start__lte=previous_end), list(local))
        held[table] = {
            (local[child], start)
            for child, start, end in rows.values_list("child_id", "start", "end")
            if child in local and (end is None or end > previous_end)
        }
    return held


def _mothers_held(known, history, year):
    """{CHILD: (MOTHER, MC_DOB)} as last year's return recorded them (rules 624 and 626): the
    caller asks only when the latest return imported was last year's, and only a child with an
    episode in that year was in its Header (the others' fields are from an older return)."""
    first, last = collection_year_bounds(year - 1)
    in_last_year = {
        local_id
        for local_id, episodes in history.items()
        if any(ep.decom <= last and (ep.dec is None or ep.dec >= first) for ep in episodes)
    }
    rows = for_children(Child.objects.all(), list(known.values()), "id")
    local = {pk: local_id for local_id, pk in known.items()}
    return {
        local[pk]: (mother, child_dob)
        for pk, mother, child_dob in rows.values_list("id", "mother", "mother_child_dob")
        if local.get(pk) in in_last_year
    }


def _validate_and_write(data, actor, result, tables, *, write, step=_no_progress):
    """Checks across rows and tables (also when rows had errors, so that every error is
    reported at once), then the writes when there are no errors at all. The models written
    are added to `tables`."""
    if not data.header_and_episodes_read:
        return []
    held_children = for_children(Child.objects.all(), list(data.header), "local_id")
    known = {}
    for local_id, pk, *values in held_children.values_list("local_id", "id", *ChildFields._fields):
        if local_id in data.header:
            known[local_id] = pk
            # What is already recorded, for the rules comparing the Header with it (202-208).
            data.recorded[local_id] = ChildFields(*values)
    held = episode_rows.load_rows(list(known.values()) if len(known) <= IN_LIST_LIMIT else None)
    history = {
        local_id: episode_rows.child_episodes(local_id, *held[pk].rows)
        for local_id, pk in known.items()
        if pk in held
    }
    history_years = imported_years() | set(result.years)
    data.held_decisions = held_adoption_decisions(known, data.year)
    data.held_died = held_reported_died(known, data.year)
    data.held_open = _open_at_the_previous_year_end(known, data.year)
    if max(history_years - {data.year}, default=None) == data.year - 1:
        data.held_mothers = _mothers_held(known, history, data.year)
    errors, merged = validation.validate(data, history, history_years=history_years)
    result.warnings.extend(data.warnings)
    if errors or not write:
        return errors
    step()
    writer = Writer(
        actor=actor,
        now=timezone.now(),
        written=result.written,
        year=data.year,
        latest_year=latest_year(),
    )
    writer.write(data, known, merged, held)
    tables.update(writer.tables)
    counts = data.row_counts()
    for table, count in counts.items():
        result.rows[table] = result.rows.get(table, 0) + count
    result.children += len(data.header)
    result.episodes += counts["Episodes"]
    return []
