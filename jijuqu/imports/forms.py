from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import Form, ScopedModelForm, label_empty_choices
from jijuqu.core.periods import Period

from .models import ImportJob
from .reader import megabytes


class UploadForm(ScopedModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "zone", "year", "month"]
        help_texts = {"zone": _("For rows whose sheet or section names no zone.")}

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        month = Period.just_ended()
        self.fields["year"].initial = month.year
        self.fields["month"].initial = month.month
        if kind is not None and not kind.by_period:
            # A list (enterprises) reports no period: the job keeps the month it was uploaded in.
            self.fields["year"].required = self.fields["month"].required = False
            self.fields["year"].widget = self.fields["month"].widget = forms.HiddenInput()
        # Zone staff import into their one zone: it is chosen for them (their sheets rarely name it).
        only = list(self.fields["zone"].queryset[:2])
        if len(only) == 1 and not self.is_bound:
            self.fields["zone"].initial = only[0].pk
        self.kind = kind
        self.extra = kind.fields(self.user) if kind is not None and kind.fields else {}
        for name, field in self.extra.items():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            self.fields[name] = field
        label_empty_choices(self.extra.values())
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.ods"
        self.fields["file"].help_text = _("An .xlsx, .xls or .ods file of at most %(size)s.") % {
            "size": megabytes(settings.JIJUQU_IMPORT_MAX_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.name.lower().endswith(".xlsm"):
            raise forms.ValidationError(
                _("A workbook with macros (.xlsm) is not imported; save it as .xlsx.")
            )
        if upload.size > settings.JIJUQU_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": megabytes(settings.JIJUQU_IMPORT_MAX_BYTES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def kind_options(self) -> dict:
        """The kind's own fields as kept on the job (a chosen record by its id)."""
        return {name: getattr(self.cleaned_data[name], "pk", self.cleaned_data[name]) for name in self.extra}

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if not data.get("year"):
            data["year"], data["month"] = today.year, today.month
            self.instance.year, self.instance.month = today.year, today.month
        return data


class MappingForm(Form):
    """One select per column of each sheet (as stored on the job): which field it is, or none."""

    def __init__(self, sheets: list[dict], spec, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— 不导入 —")] + [
            (f.key, f.label + ("（计算值，不保存）" if f.derived else "")) for f in spec.fields.values()
        ]
        self.columns = []
        for s, sheet in enumerate(sheets):
            for column in sheet["columns"]:
                name = f"map-{s}-{column['index']}"
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    initial=column["key"] or "",
                    # Wide enough to read "本年累计完成投资" in a narrow table column.
                    widget=forms.Select(
                        attrs={"class": "form-select form-select-sm", "style": "min-width: 11em"}
                    ),
                )
                self.columns.append((sheet["name"], column["index"], name))

    def mapping(self) -> dict:
        out: dict[str, dict[str, str | None]] = {}
        for sheet, index, name in self.columns:
            out.setdefault(sheet, {})[str(index)] = self.cleaned_data.get(name) or None
        return out
