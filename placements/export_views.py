"""SSDA903 export in the browser, for performance officers."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from corporate_parenting.forms import BaseForm
from corporate_parenting.permissions import role_required
from corporate_parenting.roles import Role
from placements.ssda903.export_download import ssda903_export_xml, ssda903_export_zip
from placements.ssda903.exporter import xml_file_name
from placements.ssda903.validation import YEARS_ACCEPTED


def _latest_year():
    today = timezone.localdate()
    return today.year if today.month <= 3 else today.year + 1


class ExportForm(BaseForm):
    submit_label = "Download the return"

    collection_year = forms.TypedChoiceField(
        label="Collection year ending 31 March",
        coerce=int,
        choices=[("", "Choose a year")],
        help_text="The return for the year from 1 April to 31 March.",
    )

    file_format = forms.ChoiceField(
        label="Format",
        choices=[
            ("csv", "CSV files, one a table, in a zip file"),
            ("xml", "One XML file, as case systems submit the return to the DfE"),
        ],
        initial="csv",
        widget=forms.RadioSelect,
        required=False,  # CSV files unless XML is chosen
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = min(_latest_year(), YEARS_ACCEPTED[-1])
        self.fields["collection_year"].choices = [("", "Choose a year")] + [
            (year, str(year)) for year in range(latest, YEARS_ACCEPTED[0] - 1, -1)
        ]
        self.fields["collection_year"].error_messages["required"] = "Choose a collection year"


@role_required(Role.PERFORMANCE_OFFICER)
def export(request):
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["collection_year"]
        if form.cleaned_data["file_format"] == "xml":
            content, _counts = ssda903_export_xml(collection_year=year, actor=request.user)
            response = HttpResponse(content, content_type="application/xml")
            name = xml_file_name(year)
        else:
            content, _counts = ssda903_export_zip(collection_year=year, actor=request.user)
            response = HttpResponse(content, content_type="application/zip")
            name = f"ssda903-{year}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "placements/export.html", {"form": form})
