"""Local measures: performance officers define them and enter monthly figures (on a form or
from a CSV file); everyone who sees the dashboard sees their figures, suppressed as national
ones are. Thin: check role, call a selector or service, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from corporate_parenting.permissions import check_role, has_role, role_required
from corporate_parenting.records import StaleRecord
from corporate_parenting.roles import EXACT_FIGURE_ROLES, Role
from reports import figures
from reports.forms import LocalMeasureForm, LocalValueForm, LocalValuesUploadForm
from reports.local_services import (
    LocalMeasureError,
    LocalValuesImportError,
    local_measure_create,
    local_measure_update,
    local_value_set,
    local_values_import_csv,
)
from reports.models import LocalMeasure, LocalMeasureUnit, LocalMeasureValue
from reports.pledge import promises_for
from reports.views import DASHBOARD_ROLES, _as_at, _as_at_query, _download

MEASURE_FIELDS = ("title", "unit", "definition", "owner", "good_direction")


def _form_errors(form, error):
    """Put a service's ValidationError or message on the form, GOV.UK style."""
    messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
    for message in messages_:
        form.add_error(None, message)


@role_required(Role.PERFORMANCE_OFFICER)
def local_measures(request):
    upload = LocalValuesUploadForm(request.POST or None, request.FILES or None)
    errors = ()
    if request.method == "POST" and upload.is_valid():
        try:
            result = local_values_import_csv(file=upload.cleaned_data["file"], actor=request.user)
        except LocalValuesImportError as error:
            errors = [str(row_error) for row_error in error.errors]
        else:
            added = f"{result.created} figure{'' if result.created == 1 else 's'} added"
            messages.success(request, f"{added} and {result.updated} replaced")
            return redirect("reports:local_measures")
    return render(
        request,
        "reports/local_measures.html",
        {
            "measures": LocalMeasure.objects.order_by("title"),
            "upload": upload,
            "errors": errors,
        },
    )


@role_required(Role.PERFORMANCE_OFFICER)
def local_measure_new(request):
    form = LocalMeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = local_measure_create(actor=request.user, **form.cleaned_data)
        except (LocalMeasureError, ValidationError) as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Local measure added: {measure.title}")
            return redirect("reports:local_measure", code=measure.code)
    return render(request, "reports/local_measure_form.html", {"form": form, "measure": None})


@role_required(Role.PERFORMANCE_OFFICER)
def local_measure_edit(request, code):
    measure = get_object_or_404(LocalMeasure, code=code)
    initial = {name: getattr(measure, name) for name in MEASURE_FIELDS}
    form = LocalMeasureForm(request.POST or None, initial=initial, version=measure.version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {name: value for name, value in data.items() if value != initial[name]}
        try:
            if changes:
                local_measure_update(
                    measure=measure, changes=changes, expected_version=version, actor=request.user
                )
        except (LocalMeasureError, StaleRecord) as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Local measure saved: {data['title']}")
            return redirect("reports:local_measure", code=measure.code)
    return render(request, "reports/local_measure_form.html", {"form": form, "measure": measure})


@role_required(*DASHBOARD_ROLES)
def local_measure(request, code):
    measure = get_object_or_404(LocalMeasure, code=code)
    as_at_form, as_at = _as_at(request)
    exact = has_role(request.user, *EXACT_FIGURE_ROLES)
    officer = has_role(request.user, Role.PERFORMANCE_OFFICER)
    percent = measure.unit == LocalMeasureUnit.PERCENT
    form = LocalValueForm(request.POST or None, percent=percent) if officer else None
    if request.method == "POST":
        check_role(request.user, Role.PERFORMANCE_OFFICER)
        if form.is_valid():
            data = form.cleaned_data
            try:
                value = local_value_set(
                    measure=measure,
                    month=data["month"],
                    numerator=data["numerator"],
                    denominator=data.get("denominator"),
                    expected_version=None,
                    actor=request.user,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, f"Figure saved for {value.month:%B %Y}")
                return redirect("reports:local_measure", code=code)
    figure = figures.local_measure_figure(measure=measure, as_at=as_at, exact=exact)
    download = _download(request, figure.tables, prefix=f"{code}-{as_at:%Y-%m-%d}")
    if download:
        return download
    return render(
        request,
        "reports/local_measure_detail.html",
        {
            "measure": measure,
            "figure": figure,
            "as_at_form": as_at_form,
            "as_at": as_at,
            "query": _as_at_query(request, as_at_form),
            "form": form,
            "officer": officer,
            "values": measure.values.order_by("-month") if officer else (),
            "promises": promises_for(code),
        },
    )


@role_required(Role.PERFORMANCE_OFFICER)
def local_value_edit(request, code, month):
    measure = get_object_or_404(LocalMeasure, code=code)
    try:
        first = datetime.datetime.strptime(month, "%Y-%m").date()  # noqa: DTZ007 - a month, no time of day
    except ValueError:
        return redirect("reports:local_measure", code=code)
    value = get_object_or_404(LocalMeasureValue, measure=measure, month=first)
    initial = {"numerator": value.numerator, "denominator": value.denominator}
    form = LocalValueForm(
        request.POST or None,
        initial=initial,
        version=value.version,
        fixed_month=first,
        percent=measure.unit == LocalMeasureUnit.PERCENT,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            local_value_set(
                measure=measure,
                month=first,
                numerator=data["numerator"],
                denominator=data.get("denominator"),
                expected_version=data["version"],
                actor=request.user,
            )
        except (ValidationError, StaleRecord) as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Figure saved for {first:%B %Y}")
            return redirect(reverse("reports:local_measure", args=[code]))
    return render(
        request,
        "reports/local_value_form.html",
        {"form": form, "measure": measure, "month": first},
    )
