from django import forms
from django.contrib import admin

from reports.indicators import CATALOGUE
from reports.models import Benchmark, PopulationEstimate, Target


class TargetAdminForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["code", "value", "green_threshold", "amber_threshold"]

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        indicator = CATALOGUE.get(code)
        if code and indicator is None:
            self.add_error("code", "Enter an indicator code from the catalogue")
        elif indicator is not None and indicator.higher_is_better is None:
            self.add_error("code", f"{indicator.title} has no better direction for a target")
        green, amber = cleaned.get("green_threshold"), cleaned.get("amber_threshold")
        if indicator and indicator.higher_is_better is not None and None not in (green, amber):
            higher = indicator.higher_is_better
            if (higher and green < amber) or (not higher and green > amber):
                self.add_error(
                    "green_threshold",
                    "The green threshold must be "
                    + ("at or above" if higher else "at or below")
                    + " the amber threshold",
                )
            self.instance.higher_is_better = higher
        return cleaned


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetAdminForm
    list_display = ("code", "value", "green_threshold", "amber_threshold", "set_by", "set_at")
    search_fields = ["code"]

    def save_model(self, request, obj, form, change):
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
