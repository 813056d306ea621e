"""Write one validated collection year into the case record, changing only what differs.

For each table the writer loads what is held for the file's children, compares it with what
the file says (rows as named tuples, or dicts of field values, keyed by what identifies them),
then inserts the new rows, updates the changed ones and, for episodes, deletes the ones the
file no longer has, with bulk statements (`placements.ssda903.bulk`) in the importer's
transaction. Re-importing the same files writes nothing. Every child created or changed gets
one audit row.
"""

import dataclasses
import datetime
from typing import NamedTuple

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
from children.rules import OC3_BIRTHDAYS
from corporate_parenting.dates import birthday_between
from corporate_parenting.models import AuditAction, AuditEvent
from placements import codes
from placements.models import (
    LegalStatus,
    PeriodOfCare,
    PermanencePlan,
    Placement,
    PreviousPermanence,
)
from placements.ssda903 import bulk, validation
from placements.ssda903 import episodes as episode_rows

BATCH = 5000
# Above this many children, load whole tables rather than filter on a long IN list.
IN_LIST_LIMIT = 20000


def for_children(qs, child_ids, field_name="child_id"):
    """`qs` narrowed to the children given, unless there are so many that reading the whole
    table is cheaper (callers then skip the rows of other children)."""
    if len(child_ids) <= IN_LIST_LIMIT:
        return qs.filter(**{f"{field_name}__in": list(child_ids)})
    return qs


# -- named rows -------------------------------------------------------------------------------


class ChildFields(NamedTuple):
    """The fields of a child that the Header and UASC tables give."""

    sex: str
    date_of_birth: datetime.date
    ethnicity: str
    upn: str
    mother: bool | None
    mother_child_dob: datetime.date | None
    is_uasc: bool
    uasc_ceased: datetime.date | None


class HeldChild(NamedTuple):
    id: int
    fields: ChildFields


class NewRow(NamedTuple):
    child_id: int
    row: tuple  # an episodes.PeriodRow, LegalStatusRow or PlacementRow


class ChangedRow(NamedTuple):
    id: int
    child_id: int
    row: tuple


@dataclasses.dataclass
class RowChanges:
    """What one table of episode rows needs: rows to insert, rows to update, ids to delete."""

    new: list[NewRow] = dataclasses.field(default_factory=list)
    changed: list[ChangedRow] = dataclasses.field(default_factory=list)
    deleted: list[int] = dataclasses.field(default_factory=list)

    def compare(self, child_id, target, held, held_ids):
        """Add what turns one child's `held` rows (ids by start date) into `target`.
        Rows are identified by their start date. True when anything differs."""
        if not held:  # a child new to the case record, or new to care
            self.new.extend(NewRow(child_id, row) for row in target)
            return bool(target)
        before = len(self.new) + len(self.changed) + len(self.deleted)
        held_by_start = {row.start: row for row in held}
        for row in target:
            old = held_by_start.pop(row.start, None)
            if old is None:
                self.new.append(NewRow(child_id, row))
            elif old != row:
                self.changed.append(ChangedRow(held_ids[row.start], child_id, row))
        self.deleted.extend(held_ids[start] for start in held_by_start)
        return len(self.new) + len(self.changed) + len(self.deleted) != before


def _column(name):
    """The model attname of an episode row's field (`period`, a start date, is `period_id`)."""
    return "period_id" if name == "period" else name


def _columns(row_type):
    return tuple(map(_column, row_type._fields))


# -- the writer ---------------------------------------------------------------------------------


class Writer:
    """Writes one collection year. `written` ({"Children created": n, ...}) is added to;
    `tables` collects the models written, whose statistics the importer refreshes."""

    def __init__(self, *, actor, now, written, year, latest_year):
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_id = self.actor.pk if self.actor else None
        self.year = year
        self.last_day = validation.year_bounds(year)[1]
        # Demographics are taken from the latest year imported, never from an older file.
        self.update_children = latest_year is None or year >= latest_year
        self.now = now
        self.written = written
        self.tables = set()
        self.new_children = set()
        self.touched = set()  # ids of the children created or changed

    def write(self, data, known, merged, held):
        """`known`: {local id: child id} of the file's children already held; `merged`: each
        child's episodes, held and new, as validated; `held`: {child id: HeldRows}."""
        child_ids = self.children(data, known)
        self.episodes(merged, child_ids, held)
        self.other_tables(data, child_ids, merged)
        self.audit_children(data.year)

    def count(self, model, kind, n):
        if n:
            self.tables.add(model)
            key = f"{str(model._meta.verbose_name_plural).capitalize()} {kind}"
            self.written[key] = self.written.get(key, 0) + n

    # -- children ---------------------------------------------------------------------------

    def children(self, data, known):
        """Create and update children; returns {local id: child id} for the whole file."""
        held = {}
        if known:
            qs = for_children(Child.objects.all(), list(known.values()), "id")
            for pk, local_id, *values in qs.values_list(
                "id", "local_id", *ChildFields._fields
            ).iterator(BATCH):
                if local_id in data.header:
                    held[local_id] = HeldChild(pk, ChildFields(*values))
        new, changed = [], []
        for local_id, header in data.header.items():
            old = held.get(local_id)
            target = self._child_fields(header, data.uasc.get(local_id), old)
            if old is None:
                new.append((local_id, target))
            elif self.update_children and target != old.fields:
                changed.append(HeldChild(old.id, target))
        new_ids = bulk.reserve_ids(Child, len(new))
        bulk.insert(
            Child,
            ("id", "local_id", *ChildFields._fields, "updated_by_id"),
            (
                (pk, local_id, *fields, self.actor_id)
                for pk, (local_id, fields) in zip(new_ids, new, strict=True)
            ),
            now=self.now,
        )
        bulk.update(
            Child,
            (*ChildFields._fields, "updated_by_id"),
            ((child.id, *child.fields, self.actor_id) for child in changed),
            now=self.now,
            versioned=True,
        )
        self.count(Child, "created", len(new))
        self.count(Child, "updated", len(changed))
        self.new_children = set(new_ids)
        self.touched.update(new_ids)
        self.touched.update(child.id for child in changed)
        child_ids = dict(known)
        child_ids.update((local_id, pk) for pk, (local_id, _f) in zip(new_ids, new, strict=True))
        return child_ids

    @staticmethod
    def _child_fields(header, uasc, held):
        """UASC comes from the file's UASC row, else stays as held (a child not in this year's
        UASC table may have been recorded as UASC in an earlier year)."""
        if uasc is not None:
            is_uasc, uasc_ceased = True, uasc["duc"]
        elif held is not None:
            is_uasc, uasc_ceased = held.fields.is_uasc, held.fields.uasc_ceased
        else:
            is_uasc, uasc_ceased = False, None
        return ChildFields(
            sex=header["sex"],
            date_of_birth=header["dob"],
            ethnicity=header["ethnicity"],
            upn=header["upn"],
            mother=header["mother"],
            mother_child_dob=header["mother_child_dob"],
            is_uasc=is_uasc,
            uasc_ceased=uasc_ceased,
        )

    # -- periods of care, legal statuses, placements ------------------------------------------

    def episodes(self, merged, child_ids, held):
        periods, statuses, placements = RowChanges(), RowChanges(), RowChanges()
        for local_id, child_episodes in merged.items():
            child_id = child_ids[local_id]
            target = episode_rows.build_rows(child_episodes)
            old = held.get(child_id, episode_rows.NOTHING_HELD)
            if target == old.rows:  # both in start order: the usual case on a re-import
                continue
            changed = periods.compare(child_id, target.periods, old.rows.periods, old.period_ids)
            changed |= statuses.compare(
                child_id, target.legal_statuses, old.rows.legal_statuses, old.legal_status_ids
            )
            changed |= placements.compare(
                child_id, target.placements, old.rows.placements, old.placement_ids
            )
            if changed:
                self.touched.add(child_id)

        # Rows of a period first, then the period: they point at it.
        for model, changes in (
            (LegalStatus, statuses),
            (Placement, placements),
            (PeriodOfCare, periods),
        ):
            model.objects.filter(id__in=changes.deleted).delete()
            self.count(model, "deleted", len(changes.deleted))

        self._update_rows(PeriodOfCare, episode_rows.PeriodRow, periods.changed)
        new_ids = bulk.reserve_ids(PeriodOfCare, len(periods.new))
        bulk.insert(
            PeriodOfCare,
            ("id", "child_id", *_columns(episode_rows.PeriodRow), "updated_by_id"),
            (
                (pk, new.child_id, *new.row, self.actor_id)
                for pk, new in zip(new_ids, periods.new, strict=True)
            ),
            now=self.now,
        )
        self.count(PeriodOfCare, "created", len(new_ids))

        # Legal statuses and placements name their period by its start date until here.
        period_id = {
            (child_id, start): pk
            for child_id, rows in held.items()
            for start, pk in rows.period_ids.items()
        }
        period_id.update(
            ((new.child_id, new.row.start), pk)
            for pk, new in zip(new_ids, periods.new, strict=True)
        )

        def with_period_id(child_id, row):
            return row._replace(period=period_id[(child_id, row.period)])

        for model, row_type, changes in (
            (LegalStatus, episode_rows.LegalStatusRow, statuses),
            (Placement, episode_rows.PlacementRow, placements),
        ):
            self._update_rows(
                model,
                row_type,
                [
                    ChangedRow(c.id, c.child_id, with_period_id(c.child_id, c.row))
                    for c in changes.changed
                ],
            )
            bulk.insert(
                model,
                ("child_id", *_columns(row_type), "updated_by_id"),
                (
                    (new.child_id, *with_period_id(new.child_id, new.row), self.actor_id)
                    for new in changes.new
                ),
                now=self.now,
            )
            self.count(model, "created", len(changes.new))

    def _update_rows(self, model, row_type, changed):
        """Update every field but the start date (the rows were matched on it)."""
        fields = [name for name in row_type._fields if name != "start"]
        bulk.update(
            model,
            (*map(_column, fields), "updated_by_id"),
            ((c.id, *(getattr(c.row, name) for name in fields), self.actor_id) for c in changed),
            now=self.now,
            versioned=True,
        )
        self.count(model, "updated", len(changed))

    # -- the other tables -------------------------------------------------------------------

    def sync(
        self,
        model,
        qs,
        key_fields,
        targets,
        *,
        versioned=True,
        end_fields=None,
        child_key=True,
    ):
        """Create or update rows of `model` so they hold `targets` ({key: {field: value}},
        the key's values in the order of `key_fields`). Fields a target leaves out keep their
        held value, or take the field's default in a new row.

        `end_fields` (the end date first): a row a later year's file already ended after this
        collection year keeps its end when an earlier year, where it was open, comes again.
        `child_key`: the key starts with the child id; otherwise each target names `child_id`.
        """
        if not targets:
            return
        value_fields = sorted({name for values in targets.values() for name in values})
        defaults = {name: _field(model, name).get_default() for name in value_fields}

        def child_of(key, values):
            return key[0] if child_key else values["child_id"]

        # Children created by this import have nothing held yet: no need to look.
        children = {child_of(key, values) for key, values in targets.items()}
        children -= self.new_children
        held = {}
        if children:
            for row in (
                for_children(qs, children).values("id", *key_fields, *value_fields).iterator(BATCH)
            ):
                key = tuple(row[name] for name in key_fields)
                if key in targets:
                    held[key] = row
        new, changed = [], []
        for key, values in targets.items():
            old = held.get(key)
            if end_fields and old is not None:
                end = end_fields[0]
                held_end = old.get(end)
                if end in values and values[end] is None and held_end and held_end > self.last_day:
                    values.update({name: old[name] for name in end_fields})
            if old is None:
                new.append((*key, *(values.get(name, defaults[name]) for name in value_fields)))
                self.touched.add(child_of(key, values))
            elif any(old[name] != value for name, value in values.items()):
                changed.append((old["id"], *(values.get(name, old[name]) for name in value_fields)))
                self.touched.add(child_of(key, values))
        extra = ("updated_by_id",) if versioned else ()
        actor = (self.actor_id,) if versioned else ()
        # Updates first: a row ended by this file makes room for the row that follows it.
        bulk.update(
            model,
            (*value_fields, *extra),
            [(*row, *actor) for row in changed],
            now=self.now,
            versioned=versioned,
        )
        bulk.insert(
            model,
            (*key_fields, *value_fields, *extra),
            [(*row, *actor) for row in new],
            now=self.now,
        )
        self.count(model, "created", len(new))
        self.count(model, "updated", len(changed))

    def other_tables(self, data, child_ids, merged):
        ids = child_ids
        year = data.year
        first_day, last_day = validation.year_bounds(year)
        self.sync(
            Review,
            Review.objects.all(),
            ("child_id", "date"),
            {(ids[c], date): {"participation": code} for c, _line, date, code in data.reviews},
        )
        self.sync(
            AnnualOutcome,
            AnnualOutcome.objects.all(),
            ("child_id", "collection_year"),
            {
                (ids[c], year): {k: v for k, v in o.items() if k != "row"}
                for c, o in data.oc2.items()
            },
            versioned=False,
        )
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
        )
        self._plans(data, ids)
        self._previous_permanence(data, ids, merged)
        self.sync(
            MissingEpisode,
            MissingEpisode.objects.all(),
            ("child_id", "start"),
            {
                (ids[m["child"]], m["start"]): {"kind": m["kind"], "end": m["end"]}
                for m in data.missing
            },
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
                    "start_reason": s["start_reason"],
                }
                for s in data.sw
            },
            versioned=False,
            end_fields=("end",),
        )
        self.sync(
            DeprivationOfLiberty,
            DeprivationOfLiberty.objects.all(),
            ("child_id", "start"),
            {(ids[d["child"]], d["start"]): {"end": d["end"]} for d in data.dolo},
            end_fields=("end",),
        )

    def _previous_permanence(self, data, ids, merged):
        """PrevPerm rows go, in order, to the periods of care that started in the year."""
        if not data.prevperm:
            return
        first_day, last_day = validation.year_bounds(data.year)
        child_pks = [ids[c] for c in data.prevperm]
        period_id = {
            (child_id, start): pk
            for pk, child_id, start in for_children(PeriodOfCare.objects.all(), child_pks)
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
            versioned=False,
            child_key=False,
        )

    def _end_superseded_allocations(self, data, ids):
        """A child has one social worker at a time: a held allocation still open when this
        file's first social worker episode starts (and not repeated in the file) ended then."""
        first_start = {}
        in_file = set()
        for row in data.sw:
            child_id = ids[row["child"]]
            in_file.add((child_id, row["start"]))
            if child_id not in first_start or row["start"] < first_start[child_id]:
                first_start[child_id] = row["start"]
        children = set(first_start) - self.new_children
        if not children:
            return
        ended = [
            (pk, first_start[child_id])
            for pk, child_id, start in for_children(
                Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, end__isnull=True),
                children,
            ).values_list("id", "child_id", "start")
            if child_id in first_start
            and start < first_start[child_id]
            and (child_id, start) not in in_file
        ]
        # Allocation is not versioned; updated_by_id is not a column there.
        bulk.update(Allocation, ("end",), ended, now=self.now, versioned=False)
        self.count(Allocation, "ended", len(ended))

    PLAN_FIELDS_AD1 = (
        "matched_date",
        "foster_care",
        "number_of_adopters",
        "sex_of_adopters",
        "legal_status_of_adopters",
    )

    def _plans(self, data, ids):
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
        qs = for_children(
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
            end_fields=(
                "no_longer_placed_date",
                "no_longer_placed_reason",
                "ended_on",
                "end_reason",
            ),
        )
        self._end_plans_of_children_who_left_care()

    def _end_plans_of_children_who_left_care(self):
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
        ended = bulk.update(
            PermanencePlan,
            ("ended_on", "end_reason", "updated_by_id"),
            [row[:4] for row in rows],
            now=self.now,
            versioned=True,
        )
        if ended:
            self.tables.add(PermanencePlan)
        self.touched.update(row[4] for row in rows)
        self.count(PermanencePlan, "ended as the child left care", len(rows))

    def audit_children(self, year):
        """One audit row per child the import created or changed (bulk writes audit here)."""
        name = self.actor.display_name if self.actor else ""
        detail = f"SSDA903 import, collection year {year}"
        written = bulk.insert(
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
                for pk in self.touched
            ),
            now=self.now,
        )
        if written:
            self.tables.add(AuditEvent)


def _field(model, name):
    for model_field in model._meta.concrete_fields:
        if name in (model_field.name, model_field.attname):
            return model_field
    raise LookupError(name)


def period_starts(episodes):
    """Start dates of the periods of care in a child's episodes, agreed short breaks included
    (each begins with RNE S and returns previous permanence: rule 630)."""
    starts = []
    previous = None
    for ep in episodes:
        if previous is None or previous.rec != episode_rows.X1 or ep.rne == "S":
            starts.append(ep.decom)
        previous = ep
    return starts


def _birthday_in(dob, first_day, last_day):
    """The young person's 17th-21st birthday in the year (OC3 is recorded around it)."""
    return birthday_between(dob, OC3_BIRTHDAYS, first_day, last_day) or last_day
