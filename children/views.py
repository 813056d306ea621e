"""Caseload, child record and the record forms. Views check role and caseload, call a selector
or a service, and render."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from children import forms, selectors, services, timeline
from children.models import (
    AllocationKind,
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
from corporate_parenting.audit import audit_record
from corporate_parenting.dates import age_on
from corporate_parenting.models import AuditAction, Team
from corporate_parenting.permissions import can_change_case, check_role, has_role
from corporate_parenting.record_forms import record_form
from corporate_parenting.roles import CASE_READERS, Role

CASELOAD_PAGE_SIZE = 50


def _child_for(request, pk, *, change=False):
    """Role first (403 for roles that never open a child), then caseload (404 outside it)."""
    check_role(request.user, *CASE_READERS)
    if change and not can_change_case(request.user):
        raise PermissionDenied
    return selectors.get_child_for(request.user, pk)


# ---------------------------------------------------------------------------------------------
# Caseload
# ---------------------------------------------------------------------------------------------


def caseload(request):
    check_role(request.user, *CASE_READERS)
    user = request.user
    # Social workers start from the children allocated to them, managers from the whole team;
    # both can switch. Performance officers see every child.
    is_manager = has_role(user, Role.TEAM_MANAGER)
    has_switch = is_manager or has_role(user, Role.SOCIAL_WORKER)
    default = selectors.CASELOAD_TEAM if is_manager else selectors.CASELOAD_MINE
    scope = request.GET.get("scope", default) if has_switch else selectors.CASELOAD_TEAM
    scope = scope if scope in (selectors.CASELOAD_MINE, selectors.CASELOAD_TEAM) else default
    search = request.GET.get("q", "").strip()[:100]
    team_id = request.GET.get("team", "")
    team_id = int(team_id) if team_id.isdigit() else None
    legal_status = request.GET.get("legal_status", "")
    legal_statuses = selectors.legal_status_labels()
    if legal_status not in legal_statuses:
        legal_status = ""
    overdue_only = request.GET.get("overdue") == "1"
    looked_after_only = request.GET.get("looked_after") == "1"
    sort = request.GET.get("sort", selectors.CASELOAD_SORT_DEFAULT)
    sort = sort if sort in selectors.CASELOAD_SORTS else selectors.CASELOAD_SORT_DEFAULT
    descending = request.GET.get("order") == "descending"
    children = selectors.caseload(
        user,
        scope=scope,
        search=search,
        team_id=team_id,
        legal_status=legal_status,
        overdue_only=overdue_only,
        sort=sort,
        descending=descending,
        looked_after_only=looked_after_only,
    )
    page = Paginator(children, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_caseload_list(request, page, search)
    query = request.GET.copy()
    query.pop("page", None)
    teams = (
        Team.objects.all()
        if has_role(user, Role.PERFORMANCE_OFFICER)
        else Team.objects.filter(pk=user.team_id)
    )
    return render(
        request,
        "children/caseload.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "children": page.object_list,
            "placement_types": selectors.placement_type_labels(),
            "legal_statuses": legal_statuses,
            "teams": teams,
            "filters": {
                "q": search,
                "team": team_id,
                "legal_status": legal_status,
                "overdue": overdue_only,
                "looked_after": looked_after_only,
            },
            "has_switch": has_switch,
            "scope": scope,
            "query": query.urlencode(),
            # "All children" (officers) mixes children in care with those who have left.
            "columns": _caseload_columns(query, sort, descending, with_status=not has_switch),
            "sort": sort,
            "order": "descending" if descending else "ascending",
            "can_change": can_change_case(user),
        },
    )


def audit_caseload_list(request, page, search):
    """A list of children shows names, ids and ages: who saw which, and what they searched."""
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        changes={"children": [child.local_id for child in page.object_list]},
        detail=f"caseload page {page.number}" + (f", searched for '{search}'" if search else ""),
    )


CASELOAD_COLUMNS = (
    ("name", "Name", False),
    ("age", "Age", True),
    ("placement", "Placement", False),
    ("legal_status", "Legal status", False),
    ("review", "Next review due", False),
    ("visit", "Next visit due", False),
)


def _caseload_columns(query, sort, descending, *, with_status):
    """Each column's header: its label, aria-sort, and the link that sorts the whole caseload
    by it (the other way if it is the sorted column), back on page 1."""
    columns = []
    status = (("status", "Status", False),) if with_status else ()
    for key, label, numeric in CASELOAD_COLUMNS[:1] + status + CASELOAD_COLUMNS[1:]:
        sorted_here = key == sort
        link = query.copy()
        link["sort"] = key
        link["order"] = "ascending" if sorted_here and descending else "descending"
        if not sorted_here:
            link["order"] = "ascending"
        columns.append(
            {
                "key": key,
                "label": label,
                "numeric": numeric,
                "aria_sort": ("descending" if descending else "ascending")
                if sorted_here
                else "none",
                "url": "?" + link.urlencode(),
            }
        )
    return columns


# ---------------------------------------------------------------------------------------------
# Child record
# ---------------------------------------------------------------------------------------------


def _identity(child):
    status = (
        selectors.with_case_status(type(child).objects.filter(pk=child.pk))
        .values(
            "legal_status",
            "placement_type",
            "next_review_due",
            "review_overdue",
            "next_visit_due",
            "visit_overdue",
        )
        .first()
    )
    return {
        "legal_status": selectors.legal_status_labels().get(status["legal_status"], ""),
        "legal_status_code": status["legal_status"],
        "placement_type": selectors.placement_type_labels().get(status["placement_type"], ""),
        "next_review_due": status["next_review_due"],
        "next_visit_due": status["next_visit_due"],
        "review_overdue": status["review_overdue"],
        "visit_overdue": status["visit_overdue"],
    }


def child_detail(request, pk):
    child = _child_for(request, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=child, child=child)
    events = timeline.timeline_page(
        timeline.events_for(child, request.user),
        kinds_asked=request.GET.getlist("kind"),
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "age": age_on(child.date_of_birth, timezone.localdate()),
            "status": _identity(child),
            "allocations": [
                ("Social worker", child.social_worker, "social-worker"),
                ("Independent reviewing officer", child.iro, "iro"),
                ("Personal adviser", child.personal_adviser, "personal-adviser"),
            ],
            "summary_rows": timeline.summary_for(child),
            "actions": timeline.actions_for(child, request.user),
            "timeline": events,
            "page": events.page,
            "page_range": events.page.paginator.get_elided_page_range(events.page.number),
            "query": events.query,
            "can_change": can_change_case(request.user),
        },
    )


# ---------------------------------------------------------------------------------------------
# Forms: the shared record-form helper (audit, service errors, stale versions)
# ---------------------------------------------------------------------------------------------


def _save(request, child, form, save, *, title, success):
    """Every children form: on a valid POST call the service and go back to the record."""
    return record_form(
        request,
        child=child,
        form=form,
        save=save,
        title=title,
        success=success,
        success_url=reverse("children:child_detail", args=[child.pk]),
        template="children/record_form.html",
        context={
            "child": child,
            "title": title,
            "back": reverse("children:child_detail", args=[child.pk]),
        },
    )


def _data(request):
    return request.POST if request.method == "POST" else None


def _changes(form):
    """The model fields the form edits, as the service's `changes`."""
    return form.record_data()


# ---------------------------------------------------------------------------------------------
# Child details and allocation
# ---------------------------------------------------------------------------------------------


def child_add(request):
    check_role(request.user, *CASE_READERS)
    if not can_change_case(request.user):
        raise PermissionDenied
    form = forms.ChildForm(_data(request))
    return record_form(
        request,
        child=None,
        form=form,
        save=lambda f: services.child_create(data=f.record_data(), actor=request.user),
        title="Add a child",
        success="",
        success_url=lambda child: reverse("children:child_detail", args=[child.pk]),
        template="children/record_form.html",
        context={"child": None, "title": "Add a child", "back": reverse("children:caseload")},
    )


def child_change(request, pk):
    child = _child_for(request, pk, change=True)
    form = forms.ChildForm(_data(request), instance=child, version=child.version)
    return _save(
        request,
        child,
        form,
        lambda f: services.child_update(
            child=child,
            changes=_changes(f),
            expected_version=f.cleaned_data["version"],
            actor=request.user,
        ),
        title="Change the child’s details",
        success="Child’s details saved",
    )


ALLOCATION_SLUGS = {
    "social-worker": AllocationKind.SOCIAL_WORKER,
    "iro": AllocationKind.IRO,
    "personal-adviser": AllocationKind.PERSONAL_ADVISER,
}


def allocation_change(request, pk, kind):
    child = _child_for(request, pk, change=True)
    if kind not in ALLOCATION_SLUGS:
        raise Http404
    kind = ALLOCATION_SLUGS[kind]
    form = forms.AllocationForm(_data(request), kind=kind, version=child.version)
    return _save(
        request,
        child,
        form,
        lambda f: services.allocation_change(
            child=child,
            kind=kind,
            worker=f.cleaned_data["worker"],
            start=f.cleaned_data["start"],
            reason=f.cleaned_data.get("reason", ""),
            manager_approval=f.cleaned_data.get("manager_approval", False),
            expected_version=f.cleaned_data["version"],
            actor=request.user,
        ),
        title=f"Change the {kind.label.lower()}",
        success=f"{kind.label} changed",
    )


def care_leaver_status(request, pk):
    child = _child_for(request, pk, change=True)
    care_leaver = CareLeaver.objects.filter(child=child).first()
    if care_leaver is None:
        form = forms.CareLeaverForm(_data(request))

        def save(f):
            return services.care_leaver_create(
                child=child, data=f.record_data(), actor=request.user
            )

    else:
        form = forms.CareLeaverForm(
            _data(request), instance=care_leaver, version=care_leaver.version
        )

        def save(f):
            return services.care_leaver_update(
                care_leaver=care_leaver,
                changes=_changes(f),
                expected_version=f.cleaned_data["version"],
                actor=request.user,
            )

    return _save(
        request,
        child,
        form,
        save,
        title="Leaving-care status",
        success="Leaving-care status saved",
    )


# ---------------------------------------------------------------------------------------------
# Dated records: one add view, one change view and one end view over a table of kinds
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordKind:
    model: type
    form: type
    noun: str  # "review": titles read "Add a review", "Change the review"
    article: str
    create: object
    update: object
    update_arg: str
    end: object = None
    end_what: str = ""
    extra: dict = field(default_factory=dict)


def _contact_create(*, child, data, actor, form):
    return services.care_leaver_contact_create(
        child=child, data=data, actor=actor, is_oc3_return=form.cleaned_data["is_oc3_return"]
    )


def _contact_update(*, instance, changes, expected_version, actor, form):
    return services.care_leaver_contact_update(
        care_leaver_contact=instance,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        is_oc3_return=form.cleaned_data["is_oc3_return"],
    )


KINDS = {
    "review": RecordKind(
        Review,
        forms.ReviewForm,
        "review",
        "a",
        services.review_create,
        services.review_update,
        "review",
    ),
    "visit": RecordKind(
        StatutoryVisit,
        forms.VisitForm,
        "statutory visit",
        "a",
        services.visit_create,
        services.visit_update,
        "visit",
    ),
    "health-check": RecordKind(
        HealthCheck,
        forms.HealthCheckForm,
        "health check",
        "a",
        services.health_check_create,
        services.health_check_update,
        "health_check",
    ),
    "pep": RecordKind(
        PersonalEducationPlan,
        forms.PepForm,
        "PEP review",
        "a",
        services.pep_create,
        services.pep_update,
        "pep",
    ),
    "missing": RecordKind(
        MissingEpisode,
        forms.MissingEpisodeForm,
        "missing or away episode",
        "a",
        services.missing_episode_create,
        services.missing_episode_update,
        "missing_episode",
        end=services.missing_episode_end,
        end_what="the date the episode ended",
    ),
    "case-note": RecordKind(
        CaseNote,
        forms.CaseNoteForm,
        "case note",
        "a",
        services.case_note_create,
        services.case_note_update,
        "case_note",
    ),
    "pathway-plan-review": RecordKind(
        PathwayPlanReview,
        forms.PathwayPlanReviewForm,
        "pathway plan review",
        "a",
        services.pathway_plan_review_create,
        services.pathway_plan_review_update,
        "pathway_plan_review",
    ),
    "care-leaver-contact": RecordKind(
        CareLeaverContact,
        forms.CareLeaverContactForm,
        "care leaver contact",
        "a",
        _contact_create,
        _contact_update,
        "",
    ),
    "deprivation-of-liberty": RecordKind(
        DeprivationOfLiberty,
        forms.DeprivationOfLibertyForm,
        "deprivation of liberty order",
        "a",
        services.deprivation_of_liberty_create,
        services.deprivation_of_liberty_update,
        "deprivation_of_liberty",
        end=services.deprivation_of_liberty_end,
        end_what="the date the order ended",
    ),
}


def _kind(slug):
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def record_add(request, pk, kind):
    child = _child_for(request, pk, change=True)
    spec = _kind(kind)
    form = spec.form(_data(request))

    def save(f):
        if spec.update_arg:
            return spec.create(child=child, data=f.record_data(), actor=request.user)
        return spec.create(child=child, data=f.record_data(), actor=request.user, form=f)

    return _save(
        request,
        child,
        form,
        save,
        title=f"Add {spec.article} {spec.noun}",
        success=f"{spec.noun[0].upper()}{spec.noun[1:]} added",
    )


def _record_of(child, spec, record_pk):
    return get_object_or_404(spec.model.objects.filter(child=child), pk=record_pk)


def record_change(request, pk, kind, record_pk):
    child = _child_for(request, pk, change=True)
    spec = _kind(kind)
    record = _record_of(child, spec, record_pk)
    form = spec.form(_data(request), instance=record, version=record.version)

    def save(f):
        common = {
            "changes": _changes(f),
            "expected_version": f.cleaned_data["version"],
            "actor": request.user,
        }
        if spec.update_arg:
            return spec.update(**{spec.update_arg: record}, **common)
        return spec.update(instance=record, form=f, **common)

    return _save(
        request,
        child,
        form,
        save,
        title=f"Change the {spec.noun}",
        success=f"{spec.noun[0].upper()}{spec.noun[1:]} saved",
    )


def record_end(request, pk, kind, record_pk):
    child = _child_for(request, pk, change=True)
    spec = _kind(kind)
    if spec.end is None:
        raise Http404
    record = _record_of(child, spec, record_pk)
    form = forms.EndForm(_data(request), what=spec.end_what, version=record.version)
    return _save(
        request,
        child,
        form,
        lambda f: spec.end(
            **{spec.update_arg: record},
            end=f.cleaned_data["end"],
            expected_version=f.cleaned_data["version"],
            actor=request.user,
        ),
        title=f"End the {spec.noun}",
        success=f"{spec.noun[0].upper()}{spec.noun[1:]} ended",
    )
