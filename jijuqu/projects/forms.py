from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import Form, ScopedModelForm
from jijuqu.core.periods import Period
from jijuqu.enterprises.credit_code import validate_credit_code
from jijuqu.enterprises.services import link_builder

from .choices import ApprovalActionKind, ProjectStatus
from .models import (
    AnnualPlan,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    ProgressPhoto,
    Project,
)
from .services import check_approval_edit


class ProjectForm(ScopedModelForm):
    builder_credit_code = forms.CharField(
        label=_("builder's unified social credit code"),
        required=False,
        max_length=30,
        validators=[validate_credit_code],
        help_text=_(
            "If given, the builder is linked to the enterprise of this code; else to the enterprise "
            "of exactly this name in the zone."
        ),
    )

    def save(self, commit=True):
        # A builder someone picked stays; otherwise the project is linked by credit code or by name.
        if "builder" not in self.changed_data:
            link_builder(
                self.instance,
                credit_code=self.cleaned_data.get("builder_credit_code", ""),
                rematch="builder_name" in self.changed_data,
            )
        return super().save(commit)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "zone",
            "park",
            "builder_name",
            "builder",
            "industry",
            "level",
            "kind",
            "total_investment",
            "content",
            "planned_start",
            "planned_completion",
            "planned_production",
            "leader",
            "leader_name",
            "department",
            "department_name",
            "location",
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [FileExtensionValidator(["jpg", "jpeg", "png", "webp"])])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class MonthlyProgressForm(ScopedModelForm):
    photos = MultipleImageField(label=_("photos"))

    class Meta:
        model = MonthlyProgress
        fields = ["project", "year", "month", "invested", "progress_text"]
        widgets = {"progress_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            # Reports are made for the month just ended.
            month = Period.just_ended()
            # model_to_dict puts None for the empty new instance, so setdefault would not do.
            self.initial["year"] = self.initial.get("year") or month.year
            self.initial["month"] = self.initial.get("month") or month.month
        # Only projects that are being built report progress.
        self.fields["project"].queryset = self.fields["project"].queryset.exclude(
            status__in=[ProjectStatus.PLANNING, ProjectStatus.TERMINATED]
        )

    def save(self, commit=True):
        progress = super().save(commit)
        for photo in self.cleaned_data.get("photos") or []:
            ProgressPhoto.objects.create(progress=progress, image=photo, caption=photo.name)
        return progress


class StatusChangeForm(Form):
    to_status = forms.ChoiceField(label=_("new status"))
    date = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(c, ProjectStatus(c).label) for c in choices]
        self.fields["to_status"].widget.attrs["class"] = "form-select"


class AnnualPlanForm(ScopedModelForm):
    class Meta:
        model = AnnualPlan
        fields = [
            "project",
            "year",
            "planned_investment",
            "target_start",
            "target_completion",
            "target_production",
            "milestones",
        ]


class ProblemForm(ScopedModelForm):
    class Meta:
        model = Problem
        fields = [
            "title",
            "category",
            "project",
            "enterprise",
            "department",
            "raised_on",
            "deadline",
            "description",
            "status",
            "resolution",
            "resolved_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].required = True


class ApprovalItemForm(ScopedModelForm):
    """The details the zone enters. The time limit is the item type's, and the item is then worked
    through its actions (ApprovalActionForm, TimeLimitForm), not through this form."""

    class Meta:
        model = ApprovalItem
        fields = ["project", "item_type", "department", "submitted_on", "note"]

    def clean(self):
        data = super().clean()
        try:
            check_approval_edit(self.instance, self.user)
        except ValidationError as err:
            self.add_error(None, err)
        if self.instance.pk is not None and "item_type" in self.changed_data:
            # Another type: its time limit (derived again on save).
            self.instance.time_limit = None
        return data


class ApprovalActionForm(Form):
    """One handling action on an approval item (the page's buttons, the API's body)."""

    action = forms.ChoiceField(label=_("action"), choices=ApprovalActionKind.choices)
    text = forms.CharField(
        label=_("opinion"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    completed_on = forms.DateField(label=_("completed on"), required=False)


class TimeLimitForm(Form):
    time_limit = forms.IntegerField(label=_("time limit (working days)"), min_value=1, max_value=32767)
    reason = forms.CharField(label=_("reason for the change"), max_length=500)


class ApprovalItemTypeForm(ScopedModelForm):
    class Meta:
        model = ApprovalItemType
        fields = ["name", "time_limit", "order"]


class CalendarDayForm(ScopedModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "name", "workday"]


class InspectionForm(ScopedModelForm):
    class Meta:
        model = Inspection
        fields = [
            "project",
            "date",
            "inspectors",
            "verified_investment",
            "findings",
            "published",
            "published_on",
        ]
