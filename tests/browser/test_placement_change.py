"""A social worker ends a placement, starts a new one with a reason for change, and sees both
at the top of the child's timeline."""

import datetime

import pytest

from corporate_parenting.roles import Role
from placements import services
from placements.models import Placement
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import ChildFactory, ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_social_worker_changes_placement_and_sees_it_on_the_timeline(
    page, live_server, make_user, team
):
    worker = make_user(Role.SOCIAL_WORKER, team=team, first_name="Sam", last_name="Okafor")
    child = ChildFactory(
        team=team,
        social_worker=worker,
        first_name="Maya",
        last_name="Brooks",
        date_of_birth=datetime.date(2013, 4, 12),
    )
    ProviderFactory(name="Oak Lodge", provider="PR4", postcode="LS6 2AB")
    services.period_start(
        child=child,
        start=datetime.date(2025, 5, 1),
        legal_status="C2",
        category_of_need="N1",
        placement_type="U6",
        provider="PR1",
        urn="XXXXXXX",
        actor=worker,
    )
    sign_in(page, live_server, worker.username)

    page.goto(f"{live_server.url}/children/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Change placement", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Change placement"
    assert_accessible(page)

    # No reason is chosen until the social worker chooses one.
    assert page.get_by_label("Reason for the placement change").input_value() == ""
    # Answering "None" between two permanent placements breaks rule 225: the error names the
    # rule and keeps the input.
    page.get_by_label("Reason for the placement change").select_option("NONE")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("No, the child is moving to new carers").check()
    page.get_by_label("Placement type").select_option("K2")
    page.get_by_label("Placement provider").select_option("PR4")
    page.get_by_label("Carer or provider").select_option(label="Oak Lodge")
    page.get_by_label("Ofsted URN").fill("SC123456")
    page.get_by_role("button", name="End placement and start the new one").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "(DfE rule 225)" in summary.inner_text()
    assert page.get_by_label("Ofsted URN").input_value() == "SC123456"
    assert_accessible(page)

    page.get_by_label("Reason for the placement change").select_option("CREQB")
    page.get_by_role("button", name="End placement and start the new one").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/children/{child.pk}/"
    items = page.locator(".moj-timeline__item")
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    assert "Placement started: Children's home (K2)" in first
    assert "Oak Lodge" in first
    assert "Placement ended: Foster placement with other foster carer – other (U6)" in second
    assert "Reason for change: Carer requests end due to child's behaviour" in second
    assert "1 September 2025" in first and "1 September 2025" in second
    assert_accessible(page)
    old = Placement.objects.get(child=child, placement_type="U6")
    assert (old.end, old.reason_for_change) == (datetime.date(2025, 9, 1), "CREQB")
