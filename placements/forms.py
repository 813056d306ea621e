"""GOV.UK forms for the placements side of the case record. They check shape only; the DfE
point-of-entry rules run in the services and come back as field errors."""

from django import forms

from corporate_parenting.forms import BaseForm, GovukDateField
from placements import codes
from placements.models import Provider


def _choices(text_choices, blank=None):
    options = [(value, f"{value}: {label}") for value, label in text_choices.choices]
    return ([("", blank)] if blank else []) + options


def _date(label, what, required=True, help_text="For example, 27 3 2026"):
    """`what` names the date in its errors: "Enter the date care ended"."""
    return GovukDateField(what=what, label=label, required=required, help_text=help_text)


def _text(label, required=False, help_text="", width=10, **kwargs):
    attrs = {"spellcheck": "false", "class": f"govuk-input--width-{width}"}
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        **kwargs,
    )


class VersionedForm(BaseForm):
    """Every change form carries the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementFieldsMixin(forms.Form):
    """The fields that describe one placement."""

    placement_type = forms.ChoiceField(
        label="Placement type", choices=_choices(codes.PlacementType, "Choose a placement type")
    )
    provider = forms.ChoiceField(
        label="Placement provider",
        required=False,
        choices=_choices(codes.PlacementProvider, "No provider (temporary or other placements)"),
    )
    carer = forms.ModelChoiceField(
        label="Carer or provider",
        required=False,
        queryset=Provider.objects.all(),
        empty_label="Not on file",
    )
    urn = _text("Ofsted URN", help_text="XXXXXXX for foster or adoptive carers without one.")
    postcode = _text("Placement postcode", help_text="For example, LS1 4AP")
    distance_miles = forms.DecimalField(
        label="Distance from home (miles)",
        help_text="Only needed when the home or placement postcode is not known: the distance "
        "is worked out from the postcodes.",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    inside_area = forms.TypedChoiceField(
        label="Is the placement inside the council's area?",
        help_text="Worked out from the placement postcode when it is known.",
        required=False,
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )

    placement_errors = {
        "placement_type": "Choose a placement type",
        "distance_miles": "Enter the distance from home in miles, for example 3.5",
    }

    def setup_placement_errors(self):
        self.fields["placement_type"].error_messages["required"] = "Choose a placement type"
        for key in ("invalid", "min_value", "max_digits", "max_decimal_places"):
            self.fields["distance_miles"].error_messages[key] = self.placement_errors[
                "distance_miles"
            ]

    def clean_urn(self):
        return self.cleaned_data["urn"].strip().upper()

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def placement_values(self):
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "placement_type",
                "provider",
                "carer",
                "urn",
                "postcode",
                "distance_miles",
                "inside_area",
            )
        }


class PeriodStartForm(PlacementFieldsMixin, BaseForm):
    submit_label = "Start period of care"

    start = _date(
        "Date the child started to be looked after",
        "the date the child started to be looked after",
        help_text="For example, 27 3 2025",
    )
    legal_status = forms.ChoiceField(
        label="Legal status", choices=_choices(codes.LegalStatus, "Choose a legal status")
    )
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=_choices(codes.CategoryOfNeed, "Choose a category of need"),
    )
    field_order = ["start", "legal_status", "category_of_need"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_placement_errors()
        self.fields["legal_status"].error_messages["required"] = "Choose a legal status"
        self.fields["category_of_need"].error_messages["required"] = "Choose a category of need"


class PlacementChangeForm(PlacementFieldsMixin, VersionedForm):
    submit_label = "End placement and start the new one"

    start = _date(
        "Date the new placement started",
        "the date the new placement started",
        help_text="The current placement ends on this date.",
    )
    same_carers = forms.TypedChoiceField(
        label="Is the child staying with the same carers?",
        choices=[("no", "No, the child is moving to new carers"), ("yes", "Yes, the same carers")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        help_text="For example, foster carers who go on to adopt the child.",
    )
    # Nothing is chosen until the social worker chooses: "no reason" is an answer of its own.
    NO_REASON = "NONE"
    reason_for_change = forms.ChoiceField(
        label="Reason for the placement change",
        choices=[("", "Choose a reason"), (NO_REASON, "None: either placement is temporary")]
        + _choices(codes.ReasonPlaceChange),
        help_text="Why the current placement ended. Choose None if either placement is "
        "temporary (T0 to T4).",
    )
    field_order = ["start", "same_carers", "reason_for_change", "placement_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_placement_errors()
        self.fields["same_carers"].error_messages["required"] = (
            "Select whether the child is staying with the same carers"
        )
        self.fields["reason_for_change"].error_messages["required"] = (
            "Choose the reason for the placement change, or None if either placement is temporary"
        )

    def clean_reason_for_change(self):
        reason = self.cleaned_data["reason_for_change"]
        return "" if reason == self.NO_REASON else reason


class PlacementCorrectForm(PlacementFieldsMixin, VersionedForm):
    submit_label = "Save changes"

    reason_for_change = forms.ChoiceField(
        label="Reason for the placement change",
        required=False,
        choices=_choices(codes.ReasonPlaceChange, "None"),
        help_text="Only for a placement that ended with a move to another placement.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_placement_errors()


class LegalStatusChangeForm(VersionedForm):
    submit_label = "Change legal status"

    date = _date("Date the new legal status started", "the date the new legal status started")
    legal_status = forms.ChoiceField(
        label="New legal status", choices=_choices(codes.LegalStatus, "Choose a legal status")
    )
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=_choices(codes.CategoryOfNeed, "Choose a category of need"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_status"].error_messages["required"] = "Choose a legal status"
        self.fields["category_of_need"].error_messages["required"] = "Choose a category of need"


class LegalStatusCorrectForm(VersionedForm):
    submit_label = "Save changes"

    legal_status = forms.ChoiceField(label="Legal status", choices=_choices(codes.LegalStatus))
    category_of_need = forms.ChoiceField(
        label="Category of need", choices=_choices(codes.CategoryOfNeed)
    )


class PeriodEndForm(VersionedForm):
    submit_label = "End period of care"

    end = _date(
        "Date the child stopped being looked after",
        "the date care ended",
        help_text="The current placement and legal status end on this date too.",
    )
    reason_ceased = forms.ChoiceField(
        label="Why did care end?",
        choices=[("", "Choose a reason")]
        + [(v, f"{v}: {label}") for v, label in codes.ReasonEpisodeCeased.choices if v != "X1"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_ceased"].error_messages["required"] = "Choose why care ended"


class PermanencePlanForm(BaseForm):
    submit_label = "Save plan"

    plan_type = forms.ChoiceField(
        label="Permanence plan",
        choices=[("", "Choose a plan")] + list(codes.PermanencePlanType.choices),
    )
    parallel_plan_type = forms.ChoiceField(
        label="Parallel plan",
        required=False,
        choices=[("", "None")] + list(codes.PermanencePlanType.choices),
    )
    decided_on = _date("Date the plan was agreed", "the date the plan was agreed")
    adm_decision_date = _date(
        "Date of the decision that the child should be placed for adoption (ADM)",
        "the date of the ADM decision",
        required=False,
    )
    placement_order_date = _date(
        "Date the placement order was granted",
        "the date the placement order was granted",
        required=False,
    )
    matched_date = _date(
        "Date matched with adopters or carers", "the date of the match", required=False
    )
    placed_date = _date("Date placed with adopters or carers", "the date placed", required=False)
    order_date = _date(
        "Date the adoption or special guardianship order was granted",
        "the date the order was granted",
        required=False,
    )
    foster_care = forms.TypedChoiceField(
        label="Are the adopters the child's former foster carers?",
        required=False,
        choices=[("", "Not known yet"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )
    number_of_adopters = forms.ChoiceField(
        label="Number of adopters",
        required=False,
        choices=[("", "Not known yet")] + list(codes.Ad1NumberOfAdopters.choices),
    )
    sex_of_adopters = forms.ChoiceField(
        label="Sex of adopters",
        required=False,
        choices=[("", "Not known yet")] + list(codes.Ad1SexOfAdopters.choices),
    )
    legal_status_of_adopters = forms.ChoiceField(
        label="Legal status of adopters",
        required=False,
        choices=[("", "Not known yet")] + list(codes.Ad1LegalStatusOfAdopters.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_type"].error_messages["required"] = "Choose the permanence plan"

    def clean(self):
        data = super().clean()
        matched, placed = data.get("matched_date"), data.get("placed_date")
        if matched and placed and matched > placed:
            self.add_error(
                "matched_date",
                "Rule 331: the match must be on or before the date placed. Check both dates.",
            )
        return data


class PermanencePlanChangeForm(PermanencePlanForm, VersionedForm):
    submit_label = "Save changes"


class PermanencePlanEndForm(VersionedForm):
    submit_label = "End plan"

    ended_on = _date("Date the plan ended", "the date the plan ended")
    end_reason = forms.ChoiceField(
        label="Why did the plan end?",
        choices=[("", "Choose a reason")] + list(codes.PermanencePlanEndReason.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].error_messages["required"] = "Choose why the plan ended"
