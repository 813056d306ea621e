import pytest

from reports.admin import TargetAdminForm

pytestmark = pytest.mark.django_db


def form(**data):
    return TargetAdminForm(
        data={"code": "STAB_3PLUS", "value": "9", "green_threshold": "10", "amber_threshold": "12"}
        | data
    )


def test_target_form_takes_polarity_from_the_catalogue():
    target_form = form()
    assert target_form.is_valid(), target_form.errors
    assert target_form.save().higher_is_better is False


def test_target_form_refuses_thresholds_against_polarity_and_unknown_codes():
    assert "green_threshold" in form(green_threshold="13").errors
    assert "code" in form(code="NOPE").errors
    assert "code" in form(code="CLA_COUNT").errors
