from django.urls import path

from reports import views

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
]
