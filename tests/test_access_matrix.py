"""Who may open every URL of the service: one explicit table, URL name x role.

Every URL pattern the resolver knows must have a line in ACCESS (the admin's URLs are covered by
one rule, below): a new URL fails this test until someone decides who may open it. Each URL is
requested with real objects from the demo council (a child in sw.north's caseload and team), as
each demo account and as an anonymous visitor, and the outcome must be the one in the table.

/healthz answers everyone alike; here no worker has written a heartbeat, so it is 503 (degraded).
meetings:meeting_publish answers an allowed empty POST with 400 (nothing to publish).

Outcomes: OK (200, or a redirect to a page other than sign-in), IN (redirect to sign-in),
403, 404, 405 (the method is refused: GET on a POST-only URL). POST-only URLs are requested with an
empty POST (which changes nothing: their forms refuse it) so the role check is what is tested.
"""

import types
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.resolvers import RegexPattern

from tests.demo_world import demo_world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

OK, IN = "OK", "IN"
ROLES = ("anon", "sw", "tm", "po", "ds", "bm", "admin")


def row(anon, sw, tm, po, ds, bm, admin):
    return dict(zip(ROLES, (anon, sw, tm, po, ds, bm, admin), strict=True))


# fmt: off
ACCESS = {
    #                                      anon  sw   tm   po   ds   bm   admin
    "home":                             row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "login":                            row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "logout":                           row(IN,  IN,  IN,  IN,  IN,  IN,  IN),
    "session_extend":                   row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "healthz":                          row(503, 503, 503, 503, 503, 503, 503),
    "accessibility":                    row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "children:caseload":                row(IN,  OK,  OK,  OK,  403, 403, 403),
    "children:child_add":               row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:child_detail":            row(IN,  OK,  OK,  OK,  403, 403, 403),
    "children:child_change":            row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:allocation_change":       row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:care_leaver_status":      row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:record_add":              row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:record_change":           row(IN,  OK,  OK,  403, 403, 403, 403),
    "children:record_end":              row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:start_period":          row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:end_period":            row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:change_placement":      row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:correct_placement":     row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:change_legal_status":   row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:correct_legal_status":  row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:add_permanence_plan":   row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:change_permanence_plan": row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:end_permanence_plan":   row(IN,  OK,  OK,  403, 403, 403, 403),
    "placements:import_upload":         row(IN,  403, 403, OK,  403, 403, 403),
    "placements:import_report":         row(IN,  403, 403, OK,  403, 403, 403),
    "placements:import_errors_csv":     row(IN,  403, 403, OK,  403, 403, 403),
    "placements:import_confirm":        row(IN,  403, 403, OK,  403, 403, 403),
    "placements:import_done":           row(IN,  403, 403, OK,  403, 403, 403),
    "meetings:index":                   row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:board_add":               row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:board_detail":            row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:membership_add":          row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:meeting_add":             row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:action_log":              row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:plan_add":                row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:meeting_detail":          row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:meeting_change":          row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:agenda":                  row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:item_add":                row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:meeting_publish":         row(IN,  403, 403, 403, 400, 403, 403),
    "meetings:attendance":              row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:action_add":              row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:minutes_approve":         row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:item_detail":             row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:item_change":             row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:item_move":               row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:paper_add":               row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:minutes_change":          row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:declaration_add":         row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:decision_add":            row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:paper_download":          row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:action_detail":           row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:action_update":           row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:plan_detail":             row(IN,  403, 403, 403, OK,  OK,  403),
    "meetings:priority_add":            row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:plan_action_add":         row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:progress_add":            row(IN,  403, 403, 403, OK,  403, 403),
    "meetings:public_index":            row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "meetings:public_meeting":          row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "meetings:public_paper":            row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "meetings:calendar_feed":           row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "reports:dashboard":                row(IN,  403, OK,  OK,  OK,  OK,  403),
    "reports:indicator":                row(IN,  403, OK,  OK,  OK,  OK,  403),
    "reports:indicator_children":       row(IN,  403, OK,  OK,  403, 403, 403),
    "reports:permanence":               row(IN,  403, OK,  OK,  403, 403, 403),
    "reports:targets":                  row(IN,  403, 403, OK,  403, 403, 403),
    "reports:target_edit":              row(IN,  403, 403, OK,  403, 403, 403),
    "reports:benchmarks":               row(IN,  403, 403, OK,  403, 403, 403),
    "reports:population_estimates":     row(IN,  403, 403, OK,  403, 403, 403),
    "reports:local_measures":           row(IN,  403, 403, OK,  403, 403, 403),
    "reports:local_measure_new":        row(IN,  403, 403, OK,  403, 403, 403),
    "reports:local_measure":            row(IN,  403, OK,  OK,  OK,  OK,  403),
    "reports:local_measure_edit":       row(IN,  403, 403, OK,  403, 403, 403),
    "reports:local_value_edit":         row(IN,  403, 403, OK,  403, 403, 403),
    "reports:report_runs":              row(IN,  403, 403, OK,  OK,  403, 403),
    "reports:report_run":               row(IN,  403, 403, OK,  OK,  403, 403),
    "reports:report_run_status":        row(IN,  403, 403, OK,  OK,  403, 403),
    "reports:report_run_download":      row(IN,  403, 403, 404, 404, 403, 403),
    "reports:report_run_attach":        row(IN,  403, 403, 404, 404, 403, 403),
    "reports:meeting_pack_ask":         row(IN,  403, 403, OK,  OK,  403, 403),
    "reports:meeting_pack_download":    row(IN,  403, 403, 404, 404, 404, 403),
    "reports:standard_reports":         row(IN,  403, 403, 403, OK,  403, 403),
    "placements:export":                row(IN,  403, 403, OK,  403, 403, 403),
    "placements:import_progress":       row(IN,  403, 403, OK,  403, 403, 403),
    "audit_search":                     row(IN,  403, 403, OK,  403, 403, OK),
    "audit_export":                     row(IN,  403, 403, OK,  403, 403, OK),
    "password_change":                  row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "password_reset":                   row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "password_reset_done":              row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "password_reset_confirm":           row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "password_reset_complete":          row(OK,  OK,  OK,  OK,  OK,  OK,  OK),
    "second_factor_set_up":             row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "second_factor_verify":             row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "second_factor_recovery":           row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
    "second_factor_recovery_codes":     row(IN,  OK,  OK,  OK,  OK,  OK,  OK),
}
# fmt: on

# URLs that only accept POST (requested with an empty POST).
POST_ONLY = {
    "logout",
    "session_extend",
    "placements:import_confirm",
    "meetings:meeting_publish",
    "meetings:item_move",
    "reports:meeting_pack_ask",
    "reports:report_run_attach",
}


def _kwargs(name, o):
    child = o["child"].pk
    return {
        "children:child_detail": {"pk": child},
        "children:child_change": {"pk": child},
        "children:allocation_change": {"pk": child, "kind": "social-worker"},
        "children:care_leaver_status": {"pk": child},
        "children:record_add": {"pk": child, "kind": o["record_kind"]},
        "children:record_change": {
            "pk": child,
            "kind": o["record_kind"],
            "record_pk": o["record"].pk,
        },
        "children:record_end": {
            "pk": o["missing"].child.pk,
            "kind": "missing",
            "record_pk": o["missing"].pk,
        },
        "placements:start_period": {"child_pk": child},
        "placements:end_period": {"pk": o["period"].pk},
        "placements:change_placement": {"pk": o["placement"].pk},
        "placements:correct_placement": {"pk": o["placement"].pk},
        "placements:change_legal_status": {"child_pk": child},
        "placements:correct_legal_status": {"pk": o["legal_status"].pk},
        "placements:add_permanence_plan": {"child_pk": child},
        "placements:change_permanence_plan": {"pk": o["permanence"].pk},
        "placements:end_permanence_plan": {"pk": o["permanence"].pk},
        "placements:import_report": {"pk": o["import_run"].pk},
        "placements:import_errors_csv": {"pk": o["import_run"].pk},
        "placements:import_confirm": {"pk": o["import_run"].pk},
        "placements:import_done": {"pk": o["import_run"].pk},
        "placements:import_progress": {"pk": o["import_run"].pk},
        "meetings:board_detail": {"slug": o["board"].slug},
        "meetings:membership_add": {"slug": o["board"].slug},
        "meetings:meeting_add": {"slug": o["board"].slug},
        "meetings:action_log": {"slug": o["board"].slug},
        "meetings:plan_add": {"slug": o["board"].slug},
        "meetings:calendar_feed": {"slug": o["board"].slug},
        "meetings:meeting_detail": {"pk": o["meeting"].pk},
        "meetings:meeting_change": {"pk": o["meeting"].pk},
        "meetings:agenda": {"pk": o["meeting"].pk},
        "meetings:item_add": {"pk": o["meeting"].pk},
        "meetings:meeting_publish": {"pk": o["meeting"].pk},
        "meetings:attendance": {"pk": o["meeting"].pk},
        "meetings:action_add": {"pk": o["meeting"].pk},
        "meetings:minutes_approve": {"pk": o["meeting"].pk},
        "meetings:public_meeting": {"pk": o["meeting"].pk},
        "meetings:item_detail": {"pk": o["item"].pk},
        "meetings:item_change": {"pk": o["item"].pk},
        "meetings:item_move": {"pk": o["item"].pk},
        "meetings:paper_add": {"pk": o["item"].pk},
        "meetings:minutes_change": {"pk": o["item"].pk},
        "meetings:declaration_add": {"pk": o["item"].pk},
        "meetings:decision_add": {"pk": o["item"].pk},
        "meetings:paper_download": {"pk": o["paper"].pk},
        "meetings:public_paper": {"pk": o["paper"].pk},
        "meetings:action_detail": {"pk": o["action"].pk},
        "meetings:action_update": {"pk": o["action"].pk},
        "meetings:plan_detail": {"pk": o["plan"].pk},
        "meetings:priority_add": {"pk": o["plan"].pk},
        "meetings:plan_action_add": {"pk": o["plan"].pk},
        "meetings:progress_add": {"pk": o["plan_action"].pk},
        "reports:indicator": {"code": o["target"].code},
        "reports:indicator_children": {"code": o["target"].code},
        "reports:target_edit": {"code": o["target"].code},
        "reports:local_measure": {"code": o["local_value"].measure.code},
        "reports:report_run": {"pk": o["report_run"].pk},
        "reports:report_run_status": {"pk": o["report_run"].pk},
        "reports:report_run_download": {"pk": o["report_run"].pk},
        "reports:report_run_attach": {"pk": o["report_run"].pk},
        "reports:meeting_pack_download": {"meeting_id": o["meeting"].pk},
        "reports:standard_reports": {"slug": o["board"].slug},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "reports:local_measure_edit": {"code": o["local_value"].measure.code},
        "reports:local_value_edit": {
            "code": o["local_value"].measure.code,
            "month": o["local_value"].month.strftime("%Y-%m"),
        },
    }.get(name, {})


def url_names(resolver=None, namespace=""):
    """Every named URL pattern, walking includes; the admin's are left to ADMIN_RULE."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"unnamed URL pattern {pattern.pattern}: name it and add it here"
            names.append(f"{namespace}{pattern.name}")
    return names


def outcome(response):
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        return IN if path in (reverse("login"), reverse("admin:login")) else OK
    return OK if response.status_code == 200 else response.status_code


def _request(client, user, name, objects, post):
    client.logout()
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=_kwargs(name, objects))
    return client.post(url) if post else client.get(url)


def table_gaps(resolver=None):
    """(missing, stale): URL names with no line in ACCESS, and lines for no URL."""
    names = url_names(resolver)
    return sorted(set(names) - set(ACCESS)), sorted(set(ACCESS) - set(names))


def test_every_url_pattern_has_a_line_in_the_table():
    missing, stale = table_gaps()
    assert not missing, f"URLs with no line in ACCESS (decide who may open them): {missing}"
    assert not stale, f"lines in ACCESS for URLs that no longer exist: {stale}"


def _urlconf_with(*extra):
    """The service's URLconf as a module of its own, with `extra` patterns added."""
    from corporate_parenting import urls

    module = types.ModuleType("urls_with_extra")
    module.urlpatterns = [*urls.urlpatterns, *extra]
    return URLResolver(RegexPattern(r"^/"), module)


def _view(request):
    return None


def test_a_url_without_a_line_in_the_table_is_caught_at_top_level_and_in_an_include():
    nested = ([path("secret/", _view, name="secret")], "children_extra")
    resolver = _urlconf_with(
        path("side-door/", _view, name="side_door"),
        path("children/more/", include(nested, namespace="children_extra")),
    )
    missing, stale = table_gaps(resolver)
    assert missing == ["children_extra:secret", "side_door"]
    assert not stale


def test_an_unnamed_url_pattern_is_caught():
    with pytest.raises(AssertionError, match="unnamed URL pattern"):
        url_names(_urlconf_with(path("nameless/", _view)))


def test_every_url_answers_every_role_as_the_table_says(client, demo_world):  # noqa: F811
    wrong = []
    for name in url_names():
        for role in ROLES:
            response = _request(
                client, demo_world.users[role], name, demo_world.objects, name in POST_ONLY
            )
            got = outcome(response)
            expected = ACCESS.get(name, {}).get(role)
            if got != expected:
                wrong.append(f"{name} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def admin_urls(objects):
    """The admin's URLs, by one rule: each registered model's list and add pages, and the index."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


def test_the_admin_is_for_the_administrator_only(client, demo_world):  # noqa: F811
    """The admin rule: staff (the administrator) only; everyone else is sent to sign in. The
    administrator sees a model's list if their permissions include it (403 otherwise: the
    case-record models are not theirs to read)."""
    wrong = []
    for url in admin_urls(demo_world.objects):
        for role in ROLES:
            client.logout()
            if demo_world.users[role] is not None:
                client.force_login(demo_world.users[role])
            got = outcome(client.get(url))
            expected = (
                ({OK, 403} if url != reverse("admin:index") else {OK}) if role == "admin" else {IN}
            )
            if got not in expected:
                wrong.append(f"{url} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


# URLs naming a child in sw.north's caseload: another team's social worker gets 404, never the page.
CHILD_URLS = [name for name in ACCESS if name.startswith(("children:", "placements:"))]
CHILD_URLS = [n for n in CHILD_URLS if n not in {"children:caseload", "children:child_add"}]
CHILD_URLS = [
    n for n in CHILD_URLS if not n.startswith("placements:import") and n != "placements:export"
]


def test_another_teams_social_worker_gets_404_for_every_child_url(client, demo_world):  # noqa: F811
    other = demo_world.users["sw_other"]
    wrong = []
    for name in CHILD_URLS:
        got = outcome(_request(client, other, name, demo_world.objects, name in POST_ONLY))
        if got != 404:
            wrong.append(f"{name} as sw.south: expected 404, got {got}")
    assert not wrong, "\n".join(wrong)
