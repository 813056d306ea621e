"""The children app's own timeline, summary and action sources (registered in apps.ready()).

One query per source, with select_related for the people shown.
"""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from children import timeline
from children.codes import CaseNoteType
from children.models import (
    Allocation,
    CareLeaver,
    CareLeaverContact,
    CaseNote,
    DeprivationOfLiberty,
    HealthCheck,
    MissingEpisode,
    PathwayPlanReview,
    PersonalEducationPlan,
    Review,
    StatutoryVisit,
)
from children.rules import long_date
from children.timeline import TimelineEvent
from corporate_parenting.dates import age_on
from corporate_parenting.permissions import can_change_case


def _name(user):
    return user.display_name if user else ""


def _change(child, user, kind, record):
    if not can_change_case(user):
        return ()
    return (("Change", reverse("children:record_change", args=[child.pk, kind, record.pk])),)


def _end(child, user, kind, record):
    if not can_change_case(user) or record.end is not None:
        return ()
    return (("End", reverse("children:record_end", args=[child.pk, kind, record.pk])),)


def review_events(child, user):
    for review in Review.objects.filter(child=child).select_related("recorded_by"):
        yield TimelineEvent(
            date=review.date,
            title="Review held",
            category="Review",
            detail=f"Participation {review.participation}: {review.get_participation_display()}",
            by=_name(review.recorded_by),
            actions=_change(child, user, "review", review),
        )


def with_visit_note(visits):
    """Annotate each visit with its case note (`note_pk`, `note_text`): the first note of the
    kind "Statutory visit" written on the visit's day. The timeline shows the two as one event;
    any other note stays a case note."""
    notes = CaseNote.objects.filter(
        child=OuterRef("child"), kind=CaseNoteType.VISIT, date=OuterRef("date")
    ).order_by("pk")
    return visits.annotate(
        note_pk=Subquery(notes.values("pk")[:1]), note_text=Subquery(notes.values("text")[:1])
    )


def _note_text(text):
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


def visit_events(child, user):
    visits = StatutoryVisit.objects.filter(child=child).select_related("recorded_by")
    for visit in with_visit_note(visits):
        seen = "Seen alone" if visit.seen_alone else "Seen"
        # The one visit rule (Child.objects.with_visit_due): only a visit that saw the child
        # sets when the next is due.
        detail = (
            f"{seen}. Next visit due in {visit.interval_days} days."
            if visit.seen
            else "Not seen. A visit counts only when the child is seen: the next visit is "
            "still due when it was before."
        )
        actions = _change(child, user, "visit", visit)
        if visit.note_pk:
            detail += f" {_note_text(visit.note_text)}"
            if actions:
                url = reverse("children:record_change", args=[child.pk, "case-note", visit.note_pk])
                actions += (("Change the note", url),)
        yield TimelineEvent(
            date=visit.date,
            title="Statutory visit",
            category="Visit",
            detail=detail,
            by=_name(visit.recorded_by),
            actions=actions,
        )


def health_events(child, user):
    for check in HealthCheck.objects.filter(child=child).select_related("recorded_by"):
        yield TimelineEvent(
            date=check.date,
            title=check.get_kind_display(),
            category="Health",
            by=_name(check.recorded_by),
            actions=_change(child, user, "health-check", check),
        )


def pep_events(child, user):
    for pep in PersonalEducationPlan.objects.filter(child=child).select_related("recorded_by"):
        yield TimelineEvent(
            date=pep.date,
            title="Personal education plan reviewed",
            category="Education",
            by=_name(pep.recorded_by),
            actions=_change(child, user, "pep", pep),
        )


def missing_events(child, user):
    for episode in MissingEpisode.objects.filter(child=child).select_related("updated_by"):
        ended = f"Ended {long_date(episode.end)}" if episode.end else "Not yet ended"
        yield TimelineEvent(
            date=episode.start,
            title=episode.get_kind_display(),
            category="Missing",
            detail=ended,
            by=_name(episode.updated_by),
            actions=_change(child, user, "missing", episode)
            + _end(child, user, "missing", episode),
        )


def case_note_events(child, user):
    shown_with_visits = with_visit_note(StatutoryVisit.objects.filter(child=child)).filter(
        note_pk__isnull=False
    )
    notes = CaseNote.objects.filter(child=child).exclude(pk__in=shown_with_visits.values("note_pk"))
    for note in notes.select_related("recorded_by"):
        yield TimelineEvent(
            date=note.date,
            title=note.get_kind_display(),
            category="Case note",
            detail=_note_text(note.text),
            by=_name(note.recorded_by),
            actions=_change(child, user, "case-note", note),
        )


def allocation_events(child, user):
    for allocation in Allocation.objects.filter(child=child).select_related("worker"):
        detail = _name(allocation.worker) or allocation.worker_ref
        if allocation.start_reason:
            detail += f" ({allocation.get_start_reason_display()})"
        if allocation.end:
            detail += f" until {long_date(allocation.end)}"
        yield TimelineEvent(
            date=allocation.start,
            title=f"{allocation.get_kind_display()} allocated",
            category="Allocation",
            detail=detail,
            sort_key=-1,
        )


def pathway_plan_events(child, user):
    for review in PathwayPlanReview.objects.filter(child=child).select_related("recorded_by"):
        yield TimelineEvent(
            date=review.date,
            title="Pathway plan reviewed",
            category="Care leaver",
            by=_name(review.recorded_by),
            actions=_change(child, user, "pathway-plan-review", review),
        )


def care_leaver_contact_events(child, user):
    for contact in CareLeaverContact.objects.filter(child=child).select_related("recorded_by"):
        detail = (
            f"{contact.get_in_touch_display()}. {contact.get_accommodation_display()}. "
            f"{contact.get_activity_display()}."
        )
        if contact.collection_year:
            detail += f" OC3 return for the year ending 31 March {contact.collection_year}."
        yield TimelineEvent(
            date=contact.date,
            title="Care leaver contact",
            category="Care leaver",
            detail=detail,
            by=_name(contact.recorded_by),
            actions=_change(child, user, "care-leaver-contact", contact),
        )


def dolo_events(child, user):
    for order in DeprivationOfLiberty.objects.filter(child=child).select_related("updated_by"):
        yield TimelineEvent(
            date=order.start,
            title="Deprivation of liberty order",
            category="Legal",
            detail=f"Ended {long_date(order.end)}" if order.end else "In force",
            by=_name(order.updated_by),
            actions=_change(child, user, "deprivation-of-liberty", order)
            + _end(child, user, "deprivation-of-liberty", order),
        )


def care_leaver_summary(child):
    care_leaver = CareLeaver.objects.filter(child=child).first()
    if care_leaver:
        yield ("Leaving-care status", care_leaver.get_eligibility_display())
        yield ("Staying Put", "Yes" if care_leaver.staying_put else "No")


CARE_LEAVER_FROM_AGE = 16


def children_actions(child, user):
    if not can_change_case(user):
        return
    add = lambda kind: reverse("children:record_add", args=[child.pk, kind])  # noqa: E731
    yield ("Add a review", add("review"))
    yield ("Add a statutory visit", add("visit"))
    yield ("Add a health check", add("health-check"))
    yield ("Add a PEP review", add("pep"))
    yield ("Add a case note", add("case-note"))
    yield ("Add a missing or away episode", add("missing"))
    yield ("Add a deprivation of liberty order", add("deprivation-of-liberty"))
    if age_on(child.date_of_birth, timezone.localdate()) >= CARE_LEAVER_FROM_AGE:
        yield ("Add a care leaver contact", add("care-leaver-contact"))
        yield ("Add a pathway plan review", add("pathway-plan-review"))
        yield (
            "Leaving-care status",
            reverse("children:care_leaver_status", args=[child.pk]),
        )


def register():
    for source in (
        review_events,
        visit_events,
        health_events,
        pep_events,
        missing_events,
        case_note_events,
        allocation_events,
        pathway_plan_events,
        care_leaver_contact_events,
        dolo_events,
    ):
        timeline.register_events(source)
    timeline.register_summary(care_leaver_summary)
    timeline.register_actions(children_actions)
