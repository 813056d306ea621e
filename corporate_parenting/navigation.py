"""Service navigation by role. Apps add their own entries here as they grow pages."""

from django.urls import NoReverseMatch, reverse

from corporate_parenting.roles import Role

# (label, url name, roles that see it)
NAVIGATION = [
    ("Home", "home", None),
    ("My caseload", "children:caseload", {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    ("Children", "children:caseload", {Role.PERFORMANCE_OFFICER}),
    (
        "Board dashboard",
        "reports:dashboard",
        {Role.BOARD_MEMBER, Role.PERFORMANCE_OFFICER, Role.TEAM_MANAGER, Role.DEMOCRATIC_SERVICES},
    ),
    ("Meetings", "meetings:index", {Role.DEMOCRATIC_SERVICES}),
    ("My meetings", "meetings:index", {Role.BOARD_MEMBER}),
    ("Permanence tracker", "reports:permanence", {Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER}),
    ("Board papers", "reports:report_runs", {Role.DEMOCRATIC_SERVICES, Role.PERFORMANCE_OFFICER}),
    ("SSDA903 import", "placements:import_upload", {Role.PERFORMANCE_OFFICER}),
    ("Local measures", "reports:local_measures", {Role.PERFORMANCE_OFFICER}),
    ("SSDA903 export", "placements:export", {Role.PERFORMANCE_OFFICER}),
    ("Audit log", "audit_search", {Role.PERFORMANCE_OFFICER, Role.ADMINISTRATOR}),
    ("Administration", "admin:index", {Role.ADMINISTRATOR}),
]


def navigation_for(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return []
    if hasattr(user, "is_verified") and not user.is_verified():
        return []  # before the second factor, no page but its own is open
    items, seen = [], set()
    for label, url_name, roles in NAVIGATION:
        if roles is not None and not (user.roles & roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the page belongs to an app that has not been built yet
        if url in seen:
            continue
        seen.add(url)
        items.append({"label": label, "url": url, "active": False})
    # Only the most specific matching entry is current (/reports/ and /reports/permanence/).
    matching = [item for item in items if _is_active(request.path, item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return items


def _is_active(path, url):
    return path == url if url == "/" else path.startswith(url)
