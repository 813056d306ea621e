from django.urls import path

from reports import report_run_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/children/", views.indicator_children, name="indicator_children"),
    path("permanence/", views.permanence, name="permanence"),
    path("targets/", views.targets, name="targets"),
    path("targets/<str:code>/", views.target_edit, name="target_edit"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
]

urlpatterns += [
    path("papers/", report_run_views.report_runs, name="report_runs"),
    path("papers/<int:pk>/", report_run_views.report_run, name="report_run"),
    path("papers/<int:pk>/status/", report_run_views.report_run_status, name="report_run_status"),
    path(
        "papers/<int:pk>/download/",
        report_run_views.report_run_download,
        name="report_run_download",
    ),
]
