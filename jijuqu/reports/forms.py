from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import Form
from jijuqu.core.periods import Period, month_field_value, refuse_unfinished
from jijuqu.projects.choices import ProjectLevel

from .builder import Area, areas_for
from .issuance import Issuance, issuance_for


class MonthlyReportForm(Form):
    """Which area, which month and which project levels; the area choices are the user's scope."""

    area = forms.ChoiceField(label=_("Region or zone"))
    period = forms.CharField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month", "class": "form-control"})
    )
    levels = forms.MultipleChoiceField(
        label=_("Project levels"),
        choices=ProjectLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all key projects."),
    )
    issuer = forms.CharField(label=_("Issuing office"), max_length=60, required=False)
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Date of issue"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions, zones = areas_for(user)
        self.places = {r.code: r for r in regions} | {z.code: z for z in zones}
        choices = []
        if regions:
            choices.append((_("Regions"), [(r.code, str(r)) for r in regions]))
        choices.append((_("Zones"), [(z.code, str(z)) for z in zones]))
        self.fields["area"].choices = choices
        self.fields["area"].widget.attrs["class"] = "form-select"
        for name in ("issuer", "number"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_period(self) -> Period:
        period = month_field_value(self.cleaned_data["period"])
        refuse_unfinished(period)
        return period

    def clean_area(self) -> Area:
        return Area.of(self.places[self.cleaned_data["area"]])

    def issuance(self) -> Issuance:
        """发文机关, 文号 and 成文日期 as typed, the defaults where left blank."""
        c = self.cleaned_data
        return issuance_for(
            c["area"], c["period"], issuer=c.get("issuer"), number=c.get("number"), date=c.get("issued_on")
        )
