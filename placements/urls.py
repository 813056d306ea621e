from django.urls import path

from placements import export_views, import_views, views

app_name = "placements"

urlpatterns = [
    path("child/<int:child_pk>/period/start/", views.start_period, name="start_period"),
    path("period/<int:pk>/end/", views.end_period, name="end_period"),
    path("placement/<int:pk>/change/", views.change_placement, name="change_placement"),
    path("placement/<int:pk>/correct/", views.correct_placement, name="correct_placement"),
    path(
        "child/<int:child_pk>/legal-status/change/",
        views.change_legal_status,
        name="change_legal_status",
    ),
    path("legal-status/<int:pk>/correct/", views.correct_legal_status, name="correct_legal_status"),
    path(
        "child/<int:child_pk>/permanence/add/",
        views.add_permanence_plan,
        name="add_permanence_plan",
    ),
    path(
        "permanence/<int:pk>/change/",
        views.change_permanence_plan,
        name="change_permanence_plan",
    ),
    path("permanence/<int:pk>/end/", views.end_permanence_plan, name="end_permanence_plan"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("export/", export_views.export, name="export"),
    path("import/<int:pk>/", import_views.import_report, name="import_report"),
    path("import/<int:pk>/errors.csv", import_views.import_errors_csv, name="import_errors_csv"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress.json", import_views.import_progress, name="import_progress"),
    path("import/<int:pk>/done/", import_views.import_done, name="import_done"),
]
