"""The one view helper behind every case-record form (children/ and placements/).

`record_form` audits the opening of the form (it shows the child's identity and record), and on
a valid POST calls the service. A service's ValidationError is shown on the fields it names (a
date field's first input, so the error summary links to it); a "changed by someone else"
refusal keeps what the user typed, says who changed the record, and takes the record's latest
version into the hidden `version`, so that the user's next save applies over it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from corporate_parenting.audit import audit_record
from corporate_parenting.forms import GovukDateField
from corporate_parenting.models import AuditAction
from corporate_parenting.records import StaleRecord


def apply_errors(form, error):
    """Show a service's ValidationError on the form's fields (or at the top)."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields else None
        for message in errors:
            text = " ".join(message.messages)
            form.add_error(target, text)
            if target and isinstance(form.fields[target], GovukDateField):
                form.fields[target].fields[0].widget.errors = [text]


def refuse_stale(form, stale):
    """Keep the user's input, say who changed the record, and take its latest version."""
    form.add_error(None, str(stale))
    data = form.data.copy()
    data["version"] = stale.instance.version
    form.data = data


def audit_form_opened(request, *, child, title, obj=None):
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=obj or child,
        child=child,
        detail=f"Opened the form: {title}",
    )


def record_form(request, *, child, form, save, title, success, success_url, template, context):
    """GET: audit and render. POST: validate the form's shape, call `save(form)`, and redirect
    to `success_url` (or `success_url(what save returned)`) with the `success` message, or
    render the form again with the errors. `context` is the template's context besides `form`
    (its `current` is the row being changed, if any); `child` is None when adding a child."""
    if request.method == "GET" and child is not None:
        audit_form_opened(request, child=child, title=title, obj=context.get("current"))
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except StaleRecord as stale:
            refuse_stale(form, stale)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if success:
                messages.success(request, success)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form})
