from __future__ import annotations

from jijuqu.core.forms import ScopedModelForm

from .models import Building, Plot, PlotFollowUp, Tenancy


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
