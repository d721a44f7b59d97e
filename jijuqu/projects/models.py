from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import READ_ONLY, Scope

from .choices import (
    EscalationLevel,
    ProblemCategory,
    ProblemStatus,
    ProjectKind,
    ProjectLevel,
    ProjectStatus,
)


class Project(BusinessModel):
    """重点项目: one line of the key-project ledger."""

    code = models.CharField(
        _("project code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The code in the provincial or city ledger, if there is one."),
    )
    name = models.CharField(_("project name"), max_length=200)
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects"
    )
    park = models.ForeignKey(
        "zones.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    builder_name = models.CharField(_("builder"), max_length=200)
    builder = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("builder enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    industry = models.ForeignKey(
        "zones.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    level = models.CharField(
        _("project level"), max_length=10, choices=ProjectLevel.choices, default=ProjectLevel.CITY
    )
    kind = models.CharField(
        _("construction kind"), max_length=12, choices=ProjectKind.choices, default=ProjectKind.NEW
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNING,
        editable=False,
    )
    total_investment = MoneyField(_("total investment (10k yuan)"), null=False, blank=False)
    content = models.TextField(_("scale and content"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    planned_production = models.DateField(_("planned production"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True, editable=False)
    actual_completion = models.DateField(_("actual completion"), null=True, blank=True, editable=False)
    actual_production = models.DateField(_("actual production"), null=True, blank=True, editable=False)
    leader = models.ForeignKey(
        "zones.Official",
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    leader_name = models.CharField(
        _("leader in charge (as written)"),
        max_length=100,
        blank=True,
        help_text=_("The name as the ledger gives it, kept when no official matches."),
    )
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    department_name = models.CharField(_("responsible department (as written)"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    scope = Scope(
        region="zone__region",
        zone="zone",
        department="department",
        enterprise="builder",
        department_actions=READ_ONLY,
        enterprise_actions=READ_ONLY,
    )

    class Meta:
        ordering = ["zone__code", "code", "name"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="project_unique_name_in_zone",
                violation_error_message=_("This zone already has a project of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def leader_label(self) -> str:
        """包联领导 as printed: the official's name, or the name the ledger gave."""
        return self.leader.name if self.leader_id else self.leader_name

    @property
    def department_label(self) -> str:
        """责任单位 as printed: the department's name, or the name the ledger gave."""
        return self.department.name if self.department_id else self.department_name

    def clean(self):
        super().clean()
        errors = {}
        if self.park_id and self.zone_id and self.park.zone_id != self.zone_id:
            errors["park"] = _("The park does not belong to the project's zone.")
        if self.planned_start and self.planned_completion and self.planned_completion < self.planned_start:
            errors["planned_completion"] = _("The planned completion is before the planned start.")
        if (
            self.planned_completion
            and self.planned_production
            and self.planned_production < self.planned_completion
        ):
            errors["planned_production"] = _("The planned production is before the planned completion.")
        if errors:
            raise ValidationError(errors)


class StatusChange(BusinessModel):
    """One dated step of a project's lifecycle, kept for its timeline."""

    project = models.ForeignKey(
        Project, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=ProjectStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=ProjectStatus.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope = Scope(via="project")

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.project} {self.get_from_status_display()} → {self.get_to_status_display()}"


class AnnualPlan(BusinessModel):
    """年度计划: what a project plans to invest and reach in one year."""

    project = models.ForeignKey(
        Project, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_investment = MoneyField(_("planned investment for the year (10k yuan)"), null=False, blank=False)
    target_start = models.BooleanField(_("to start this year"), default=False)
    target_completion = models.BooleanField(_("to complete this year"), default=False)
    target_production = models.BooleanField(_("to go into production this year"), default=False)
    milestones = models.TextField(_("milestones"), blank=True)

    scope = Scope(via="project")

    class Meta:
        ordering = ["project", "-year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="annual_plan_unique",
                violation_error_message=_("This project already has a plan for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class MonthlyProgress(BusinessModel):
    """月度进度: investment completed in one month and the 形象进度. Totals are derived, never stored."""

    project = models.ForeignKey(
        Project, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    invested = MoneyField(_("invested this month (10k yuan)"), null=False, blank=False)
    progress_text = models.TextField(_("physical progress"), blank=True)

    scope = Scope(via="project")

    class Meta:
        ordering = ["project", "-year", "-month"]
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                name="progress_once_per_month",
                violation_error_message=_(
                    "This month has already been reported for this project; correct that report instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月"

    def clean(self):
        super().clean()
        from .services import check_progress

        check_progress(self)


class ProgressPhoto(BusinessModel):
    progress = models.ForeignKey(
        MonthlyProgress, verbose_name=_("monthly progress"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"),
        upload_to="progress/%Y/%m/",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    scope = Scope(via="progress")

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class Problem(BusinessModel):
    """问题台账: a problem on a project or an enterprise, escalated when its deadline passes."""

    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=ProblemCategory.choices, default=ProblemCategory.OTHER
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("key project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="problems",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="problems",
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        related_name="problems",
        editable=False,
    )
    # Empty only for problems read from an imported ledger whose department could not be matched;
    # the form requires it.
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    raised_on = models.DateField(_("raised on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    level = models.PositiveSmallIntegerField(
        _("escalation level"),
        choices=EscalationLevel.choices,
        default=EscalationLevel.DEPARTMENT,
        editable=False,
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    scope = Scope(
        region="zone__region",
        zone="zone",
        department="department",
        enterprise=("enterprise", "project__builder"),
        enterprise_actions=READ_ONLY,
    )

    class Meta:
        ordering = ["status", "deadline", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if not self.project_id and not self.enterprise_id:
            errors["project"] = _("A problem belongs to a project or to an enterprise.")
        if self.project_id and self.enterprise_id and self.project.zone_id != self.enterprise.zone_id:
            errors["enterprise"] = _("The enterprise is not in the project's zone.")
        if self.raised_on and self.deadline and self.deadline < self.raised_on:
            errors["deadline"] = _("The deadline is before the day the problem was raised.")
        if self.status == ProblemStatus.RESOLVED and not self.resolution.strip():
            errors["resolution"] = _("Say how the problem was resolved.")
        if self.status == ProblemStatus.RESOLVED and not self.resolved_on:
            errors["resolved_on"] = _("Give the day the problem was resolved.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The zone is derived from what the problem is about, so scope never depends on typing it.
        if self.project_id:
            self.zone_id = self.project.zone_id
        elif self.enterprise_id:
            self.zone_id = self.enterprise.zone_id
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            from .services import record_first_level

            record_first_level(self)


class Escalation(BusinessModel):
    """The moment a problem reached a level, and why."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.PositiveSmallIntegerField(_("escalation level"), choices=EscalationLevel.choices)
    at = models.DateTimeField(_("time"))
    reason = models.CharField(_("reason"), max_length=200)

    scope = Scope(via="problem")

    class Meta:
        ordering = ["problem", "at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["problem", "level"], name="escalation_once_per_level")]

    def __str__(self) -> str:
        return f"{self.problem} → {self.get_level_display()}"


class ApprovalItemType(BusinessModel):
    """联审联批事项类型 (立项备案, 环评 …) with its usual time limit in working days."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit (working days)"), default=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(shared=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("approval item type")
        verbose_name_plural = _("approval item types")

    def __str__(self) -> str:
        return self.name


class ApprovalItem(BusinessModel):
    """联审联批事项: one approval a project needs, with a time limit in working days."""

    project = models.ForeignKey(
        Project, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="approvals"
    )
    item_type = models.ForeignKey(
        ApprovalItemType, verbose_name=_("approval item"), on_delete=models.PROTECT, related_name="items"
    )
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("handling department"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    submitted_on = models.DateField(_("submitted on"))
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (working days)"), validators=[MinValueValidator(1)]
    )
    due_on = models.DateField(_("due on"), editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(region="project__zone__region", zone="project__zone", department="department")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")

    def __str__(self) -> str:
        return f"{self.project} · {self.item_type}"

    def clean(self):
        super().clean()
        if self.completed_on and self.submitted_on and self.completed_on < self.submitted_on:
            raise ValidationError({"completed_on": _("The completion date is before the submission date.")})

    def save(self, *args, **kwargs):
        from .workdays import add_working_days

        # The due date is derived from the submission date and the time limit, never typed.
        self.due_on = add_working_days(self.submitted_on, self.time_limit)
        super().save(*args, **kwargs)


class CalendarDay(BusinessModel):
    """An exception to the Monday–Friday week: a public holiday, or a weekend day worked (调休)."""

    date = models.DateField(_("date"), unique=True)
    workday = models.BooleanField(_("working day"), default=False)
    name = models.CharField(_("name"), max_length=50, blank=True)

    scope = Scope(shared=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Inspection(BusinessModel):
    """核查: on-site verification of a project's reported investment; may be published (公示)."""

    project = models.ForeignKey(
        Project, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="inspections"
    )
    date = models.DateField(_("inspection date"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    reported_investment = MoneyField(_("reported investment to date (10k yuan)"), editable=False)
    verified_investment = MoneyField(_("verified investment (10k yuan)"), null=False, blank=False)
    findings = models.TextField(_("findings"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    scope = Scope(via="project")

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.project} {self.date}"

    def clean(self):
        super().clean()
        if self.published and not self.published_on:
            raise ValidationError({"published_on": _("Give the day the result was published.")})

    def save(self, *args, **kwargs):
        from .services import cumulative_investment

        # What was reported is read from the monthly reports up to the inspection month.
        self.reported_investment = cumulative_investment(self.project, self.date.year, self.date.month)
        super().save(*args, **kwargs)
