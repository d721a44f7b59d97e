from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.attraction.models import Team
from jijuqu.core.forms import Form, ScopedModelForm
from jijuqu.core.scope import VIEW
from jijuqu.zones.models import Region

from .models import (
    ApplicationField,
    Chain,
    ChainTarget,
    ChainVisit,
    Segment,
    SegmentApplication,
    SegmentEnterprise,
    SegmentProject,
    TargetCompany,
    Technology,
)


class ChainForm(ScopedModelForm):
    class Meta:
        model = Chain
        fields = ["name", "region", "zone", "industry", "chief", "deputy", "leading_enterprises", "note"]


class ChainTargetForm(ScopedModelForm):
    class Meta:
        model = ChainTarget
        fields = ["chain", "year", "output", "enterprises", "investment"]


class SegmentForm(ScopedModelForm):
    class Meta:
        model = Segment
        fields = ["chain", "stage", "name", "kind", "parent", "order", "note"]


class SegmentEnterpriseForm(ScopedModelForm):
    class Meta:
        model = SegmentEnterprise
        fields = ["segment", "enterprise", "note"]


class SegmentProjectForm(ScopedModelForm):
    class Meta:
        model = SegmentProject
        fields = ["segment", "project"]


class TechnologyForm(ScopedModelForm):
    class Meta:
        model = Technology
        fields = ["segment", "name", "maturity_year", "note"]


class ApplicationFieldForm(ScopedModelForm):
    class Meta:
        model = ApplicationField
        fields = ["chain", "name", "market"]


class SegmentApplicationForm(ScopedModelForm):
    class Meta:
        model = SegmentApplication
        fields = ["segment", "field", "weight"]


class TargetCompanyForm(ScopedModelForm):
    """A company elsewhere: its province and city are any of China's, not only the user's own region."""

    class Meta:
        model = TargetCompany
        fields = ["chain", "segment", "name", "credit_code", "province", "city", "size", "products", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The segment names the chain; the chain may be left to it.
        self.fields["chain"].required = False

    def clean(self):
        data = super().clean()
        if data.get("chain") is None and data.get("segment") is not None:
            data["chain"] = data["segment"].chain
            self.instance.chain = data["chain"]
        return data

    def scoped_choices(self, name, model, user):
        if name == "province":
            return Region.objects.filter(level="province")
        if name == "city":
            return Region.objects.filter(level="city")
        return super().scoped_choices(name, model, user)


class ChainVisitForm(ScopedModelForm):
    class Meta:
        model = ChainVisit
        fields = [
            "chain",
            "kind",
            "date",
            "enterprise",
            "counterpart",
            "visitors",
            "outcome",
            "lead",
            "problem",
            "result",
        ]


class TurnIntoLeadForm(Form):
    """转为线索: the team that takes the target company on (one the user may see)."""

    team = forms.ModelChoiceField(label=_("investment team"), queryset=Team.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.restrict(user, VIEW) if user else Team.objects.none()
        self.fields["team"].widget.attrs["class"] = "form-select"
