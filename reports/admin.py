from django.contrib import admin

from reports.indicators import CATALOGUE
from reports.models import Benchmark, PopulationEstimate, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("code", "value", "green_threshold", "amber_threshold", "set_by", "set_at")
    search_fields = ["code"]
    exclude = ("higher_is_better", "set_by")

    def save_model(self, request, obj, form, change):
        # Polarity comes from the catalogue, never from the form.
        indicator = CATALOGUE.get(obj.code)
        obj.higher_is_better = bool(indicator and indicator.higher_is_better)
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ("code", "area", "year", "value", "source")
    list_filter = ("area", "year")
    search_fields = ["code", "source"]
    exclude = ("created_by",)


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(admin.ModelAdmin):
    list_display = ("year", "population", "source")
