"""The audit search (performance officers and administrators) and its CSV export. Reading and
exporting the audit log are themselves audited."""

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from corporate_parenting import spreadsheets
from corporate_parenting.audit import audit_record
from corporate_parenting.audit_search import (
    EXPORT_COLUMNS,
    audit_events_matching,
    export_rows,
    with_child_local_ids,
)
from corporate_parenting.forms import BaseForm, GovukDateField
from corporate_parenting.models import AuditAction
from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role

PAGE_SIZE = 50
FILTERS = ("child", "user", "action", "date_from", "date_to")


class AuditSearchForm(BaseForm):
    submit_label = "Search"
    child = forms.CharField(label="Child ID", required=False, max_length=10)
    user = forms.CharField(label="Username or name", required=False, max_length=150)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = GovukDateField(what="the date to search from", label="From", required=False)
    date_to = GovukDateField(what="the date to search to", label="To", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                "The date to search to must be the same as or after the date to search from",
            )
        return data

    def criteria(self):
        data = self.cleaned_data
        return {
            "child_local_id": data.get("child", "").strip(),
            "user": data.get("user", "").strip(),
            "action": data.get("action", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


def _describe(criteria):
    parts = [f"{name}={value}" for name, value in criteria.items() if value]
    return "audit search: " + (", ".join(map(str, parts)) or "everything")


def _query_string(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR)
def audit_search(request):
    searched = any(key.startswith(FILTERS) for key in request.GET) or "page" in request.GET
    form = AuditSearchForm(request.GET if searched else None)
    context = {"form": form, "searched": searched}
    if searched and form.is_valid():
        criteria = form.criteria()
        events = audit_events_matching(**criteria)
        paginator = Paginator(events, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditAction.AUDIT_SEARCHED,
                detail=f"{_describe(criteria)} (page {page.number})",
            )
        context.update(
            page=page,
            events=with_child_local_ids(page.object_list),
            page_range=paginator.get_elided_page_range(page.number),
            query=_query_string(request),
        )
    return render(request, "corporate_parenting/audit_search.html", context)


class _Echo:
    def write(self, value):
        return value


def _lines(header, rows):
    writer = spreadsheets.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


@role_required(Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR)
def audit_export(request):
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "corporate_parenting/audit_search.html",
            {"form": form, "searched": True},
            status=400,
        )
    criteria = form.criteria()
    with transaction.atomic():
        audit_record(
            actor=request.user, action=AuditAction.EXPORT, detail=_describe(criteria) + " (CSV)"
        )
    events = audit_events_matching(**criteria)
    response = StreamingHttpResponse(
        _lines(EXPORT_COLUMNS, export_rows(events)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
