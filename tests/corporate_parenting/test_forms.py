"""One GOV.UK date field for every form, with one wording for its errors."""

import inspect

import pytest
from django import forms as django_forms

from children import forms as children_forms
from corporate_parenting.forms import GovukDateField
from placements import forms as placements_forms
from placements.forms import PeriodEndForm, PermanencePlanForm
from reports import forms as reports_forms
from reports.forms import AsAtForm


def _form_classes():
    for module in (children_forms, placements_forms, reports_forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_date_in_every_form_is_the_one_govuk_date_field():
    dates = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, (django_forms.MultiValueField, django_forms.DateField)):
                assert isinstance(field, GovukDateField), f"{cls.__name__}.{name}"
                dates.append(name)
    assert len(dates) > 20  # the children, placements and reports forms all have dates


@pytest.mark.parametrize(
    "form_class, field, what",
    [
        (PeriodEndForm, "end", "the date care ended"),
        (PermanencePlanForm, "decided_on", "the date the plan was agreed"),
        (AsAtForm, "as_at", "the date of the figures"),
        (children_forms.ReviewForm, "date", "the date of the review"),
    ],
)
def test_date_errors_are_worded_one_way_in_every_app(form_class, field, what, db):
    def errors(day, month, year):
        data = {f"{field}_0": day, f"{field}_1": month, f"{field}_2": year}
        form = form_class(data)
        form.is_valid()
        return form.errors.get(field, [])

    what_ = what[0].upper() + what[1:]
    assert errors("31", "2", "2026") == [f"{what_} must be a real date"]
    assert errors("1", "", "2026") == [f"{what_} must include a month"]
    assert errors("1", "", "") == [f"{what_} must include a month and year"]
    if form_class.base_fields[field].required:
        assert errors("", "", "") == [f"Enter {what}"]
