from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import ScopedModelForm
from jijuqu.core.periods import Period

from .models import ImportJob


class UploadForm(ScopedModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "zone", "year", "month"]
        help_texts = {"zone": _("For rows whose sheet or section names no zone.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        month = Period.just_ended()
        self.fields["year"].initial = month.year
        self.fields["month"].initial = month.month
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xlsm,.xls,.ods"


class MappingForm(forms.Form):
    """One select per column of each sheet: which field it is, or not imported."""

    def __init__(self, analysis, spec, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— 不导入 —")] + [
            (f.key, f.label + ("（计算值，不保存）" if f.derived else "")) for f in spec.fields.values()
        ]
        self.columns = []
        for s, sheet in enumerate(analysis.sheets):
            if sheet.layout is None:
                continue
            for column in sheet.layout.columns:
                name = f"map-{s}-{column.index}"
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    initial=column.key or "",
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
                self.columns.append((sheet.name, column, name))

    def mapping(self) -> dict:
        out: dict[str, dict[str, str | None]] = {}
        for sheet, column, name in self.columns:
            out.setdefault(sheet, {})[str(column.index)] = self.cleaned_data.get(name) or None
        return out
