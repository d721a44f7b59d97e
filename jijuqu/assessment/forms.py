from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import Form, ScopedModelForm
from jijuqu.zones.choices import ZoneKind

from .choices import Aggregation, MissingPolicy, Normalisation, Weighting
from .models import (
    Adjustment,
    Framework,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    StarRule,
    validate_period,
)


class FrameworkForm(ScopedModelForm):
    # Kinds are stored as comma-separated codes; the form offers their labels.
    zone_kinds = forms.MultipleChoiceField(
        label=_("zone kinds"),
        choices=ZoneKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all zones."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["zone_kinds"] = self.instance.kinds()

    def clean_zone_kinds(self) -> str:
        return ",".join(self.cleaned_data["zone_kinds"])

    class Meta:
        model = Framework
        fields = [
            "name",
            "year",
            "region",
            "subject",
            "zone_kinds",
            "normalisation",
            "weighting",
            "aggregation",
            "missing",
            "pairwise",
            "description",
        ]


class IndicatorGroupForm(ScopedModelForm):
    class Meta:
        model = IndicatorGroup
        fields = ["framework", "name", "order"]


class IndicatorForm(ScopedModelForm):
    class Meta:
        model = Indicator
        fields = ["group", "code", "name", "unit", "direction", "weight", "target", "low", "high", "order"]


class IndicatorValueForm(ScopedModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "zone", "period", "value", "note"]


class AdjustmentForm(ScopedModelForm):
    class Meta:
        model = Adjustment
        fields = ["framework", "zone", "enterprise", "period", "points", "veto", "reason"]


class StarRuleForm(ScopedModelForm):
    class Meta:
        model = StarRule
        fields = ["framework", "stars", "indicator", "threshold"]


class RankingForm(Form):
    """The period and, optionally, another method than the framework's, and what to compare with."""

    period = forms.CharField(label=_("Period"), validators=[validate_period])
    normalisation = forms.ChoiceField(
        label=_("normalisation"), choices=[("", "—")] + Normalisation.choices, required=False
    )
    weighting = forms.ChoiceField(
        label=_("weighting"), choices=[("", "—")] + Weighting.choices, required=False
    )
    aggregation = forms.ChoiceField(
        label=_("aggregation"), choices=[("", "—")] + Aggregation.choices, required=False
    )
    missing = forms.ChoiceField(
        label=_("missing data"), choices=[("", "—")] + MissingPolicy.choices, required=False
    )
    compare = forms.ModelChoiceField(
        label=_("Compare with framework"), queryset=Framework.objects.none(), required=False, empty_label="—"
    )
    compare_weighting = forms.ChoiceField(
        label=_("Compare with weighting"), choices=[("", "—")] + Weighting.choices, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].queryset = Framework.objects.restrict(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
