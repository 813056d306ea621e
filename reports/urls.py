from django.urls import path

from reports import local_views, report_run_views, standard_report_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/children/", views.indicator_children, name="indicator_children"),
    path("permanence/", views.permanence, name="permanence"),
    path("targets/", views.targets, name="targets"),
    path("targets/<str:code>/", views.target_edit, name="target_edit"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("population/", views.population_estimates, name="population_estimates"),
    path("local/", local_views.local_measures, name="local_measures"),
    path("local/new/", local_views.local_measure_new, name="local_measure_new"),
    path("local/<str:code>/", local_views.local_measure, name="local_measure"),
    path("local/<str:code>/edit/", local_views.local_measure_edit, name="local_measure_edit"),
    path(
        "local/<str:code>/figures/<str:month>/",
        local_views.local_value_edit,
        name="local_value_edit",
    ),
]

urlpatterns += [
    path("papers/", report_run_views.report_runs, name="report_runs"),
    path("papers/<int:pk>/", report_run_views.report_run, name="report_run"),
    path("papers/meeting-pack/", report_run_views.meeting_pack_ask, name="meeting_pack_ask"),
    path(
        "papers/<int:pk>/attach/",
        report_run_views.report_run_attach_view,
        name="report_run_attach",
    ),
    path(
        "papers/meetings/<int:meeting_id>/pack/",
        report_run_views.meeting_pack_download,
        name="meeting_pack_download",
    ),
    path(
        "papers/boards/<slug:slug>/standard/",
        standard_report_views.standard_reports,
        name="standard_reports",
    ),
    path("papers/<int:pk>/status/", report_run_views.report_run_status, name="report_run_status"),
    path(
        "papers/<int:pk>/download/",
        report_run_views.report_run_download,
        name="report_run_download",
    ),
]
