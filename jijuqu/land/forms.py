from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import ScopedModelForm
from jijuqu.enterprises.models import EvaluationKind

from .models import Building, Plot, PlotFollowUp, Scheme, Tenancy


class PlotForm(ScopedModelForm):
    class Meta:
        model = Plot
        fields = [
            "zone",
            "park",
            "number",
            "area",
            "planned_use",
            "status",
            "enterprise",
            "project",
            "supplied_on",
            "price",
            "start_by",
            "longitude",
            "latitude",
            "note",
        ]


class PlotFollowUpForm(ScopedModelForm):
    class Meta:
        model = PlotFollowUp
        fields = ["plot", "date", "action", "revived"]

    def save(self, commit=True):
        from .services import save_follow_up

        step = super().save(commit=False)
        return save_follow_up(step, self.user) if commit else step


class BuildingForm(ScopedModelForm):
    class Meta:
        model = Building
        fields = ["zone", "park", "phase", "name", "floors", "floor_area", "status", "plot", "note"]


class TenancyForm(ScopedModelForm):
    class Meta:
        model = Tenancy
        fields = ["building", "enterprise", "area", "start", "end"]


class SchemeForm(ScopedModelForm):
    # Kinds are stored as comma-separated codes; the form offers their labels.
    unclassed_kinds = forms.MultipleChoiceField(
        label=_("kinds not classed"),
        choices=EvaluationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Evaluated but not classed (不定等级, managed as class B)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["unclassed_kinds"] = self.instance.kinds()

    def clean_unclassed_kinds(self) -> str:
        return ",".join(self.cleaned_data["unclassed_kinds"])

    class Meta:
        model = Scheme
        fields = [
            "framework",
            "share_a",
            "share_b",
            "share_c",
            "size_threshold",
            "small_min_area",
            "cap",
            "unclassed_kinds",
            "policy_a",
            "policy_b",
            "policy_c",
            "policy_d",
        ]
