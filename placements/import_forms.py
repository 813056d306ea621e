from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from corporate_parenting.forms import BaseForm
from placements.codes import COLLECTION_YEARS


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": ".csv,text/csv,.xml,application/xml,text/xml",
                    "class": "govuk-file-upload",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class ImportUploadForm(BaseForm):
    submit_label = "Check the files"

    files = MultipleFileField(
        label="SSDA903 files",
        help_text="Choose the CSV files of one collection year: the Header and Episodes tables, "
        "and any of UASC, Reviews, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, "
        "SWEpisodes and DoLo. Each table is recognised by its columns, whatever the file's name. "
        "Or choose the return's XML file, as your case system makes it for the DfE.",
        error_messages={"required": "Choose the SSDA903 CSV files or XML file to upload"},
    )
    collection_year = forms.TypedChoiceField(
        label="Collection year (year ending 31 March)",
        choices=[("", "Work it out from the files")]
        + [(str(year), f"{year - 1} to {year}") for year in COLLECTION_YEARS],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        largest = settings.SSDA903_UPLOAD_MAX_FILE_BYTES
        for upload in files:
            if upload.size > largest:
                raise forms.ValidationError(
                    f"{Path(upload.name).name[:100]} must be smaller than {filesizeformat(largest)}"
                )
        total = settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES
        if sum(upload.size for upload in files) > total:
            raise forms.ValidationError(
                f"The files must be smaller than {filesizeformat(total)} in total"
            )
        return files
