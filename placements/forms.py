from django import forms

from corporate_parenting.forms import BaseForm
from placements.codes import COLLECTION_YEARS
from placements.ssda903.tables import table_for_file


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".csv,text/csv", "class": "govuk-file-upload"}),
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
        help_text="Choose the CSV files of one collection year: header.csv and episodes.csv, and "
        "any of uasc, reviews, oc2, oc3, ad1, placedadoption, prevperm, missing, swepisodes, dolo.",
        error_messages={"required": "Choose the SSDA903 CSV files to upload"},
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
        seen = {}
        for upload in files:
            table = table_for_file(upload.name)
            if table is None:
                raise forms.ValidationError(
                    f"{upload.name} is not the name of an SSDA903 table: name files like "
                    "header.csv or episodes.csv"
                )
            if table.name in seen:
                raise forms.ValidationError(
                    f"{seen[table.name]} and {upload.name} are both the {table.name} table: "
                    "upload one"
                )
            seen[table.name] = upload.name
        return files
