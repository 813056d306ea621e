from django.contrib import admin

from reports.models import Benchmark, PopulationEstimate, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("code", "value", "green_threshold", "amber_threshold", "set_by", "set_at")
    search_fields = ["code"]
    readonly_fields = ("set_by", "set_at")


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ("code", "area", "year", "value", "source")
    list_filter = ("area", "year")
    search_fields = ["code", "source"]


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(admin.ModelAdmin):
    list_display = ("year", "population", "source")
