from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import Role
from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import CHANGE, NOTHING, READ_ONLY, VIEW, Scope, default_scope_q

from . import rules
from .choices import (
    ApprovalActionKind,
    ApprovalStatus,
    EscalationLevel,
    ProblemCategory,
    ProblemStatus,
    ProjectKind,
    ProjectLevel,
    ProjectStatus,
)

# What an index of live rows holds: the lists never show the recycle bin (core.archive).
LIVE = Q(archived__isnull=True)


class Project(BusinessModel):
    """重点项目: one line of the key-project ledger."""

    code = models.CharField(
        _("project code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The code in the provincial or city ledger, if there is one."),
        # Django's own words for this read "具有 项目编号 的 重点项目 已存在。", spaces and all.
        error_messages={"unique": _("Another key project already uses this project code.")},
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
        # The ledger's order, read from one index (an order through the zone's code joined and sorted
        # a province's 100,000 rows for every page).
        ordering = ["zone_id", "code", "name"]
        # Only live rows (every list leaves the recycle bin out) and the id too: a page's keys are read
        # from the index alone, without a visit to each row it pages past (page 1,000 of a province:
        # 320 → 44 ms on SQLite, 84 → 25 ms on PostgreSQL).
        indexes = [
            models.Index(fields=["zone", "code", "name", "id"], name="project_ledger_order", condition=LIVE),
            # A department's ledger in the ledger's order, and the zones it has projects in (one probe a
            # zone): along the department index alone each probe read every project of the zone.
            models.Index(
                fields=["department", "zone", "code", "name", "id"],
                name="project_department_order",
                condition=LIVE,
            ),
            # An enterprise's projects, in the ledger's order. Most projects name no builder of record:
            # SQLite's statistics counted those NULLs as one builder of 50,000 projects and scanned the
            # whole ledger for an enterprise's 25 (220 ms); an index of the named builders counts right.
            models.Index(
                fields=["builder", "zone", "code", "name", "id"],
                name="project_builder_order",
                condition=LIVE & Q(builder__isnull=False),
            ),
        ]
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

    @staticmethod
    def label_expressions() -> dict:
        """`leader_label` and `department_label` as database expressions (`printed_leader`,
        `printed_department`), for lists read as plain values (the 月通报's list of lagging projects)."""
        return {
            "printed_leader": Case(
                When(leader__isnull=False, then=F("leader__name")), default=F("leader_name")
            ),
            "printed_department": Case(
                When(department__isnull=False, then=F("department__name")), default=F("department_name")
            ),
        }

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
        if message := rules.total_error(self):
            errors["total_investment"] = message
        if errors:
            raise ValidationError(errors)


class StatusChange(BusinessModel):
    """One dated step of a project's lifecycle, kept for its timeline."""

    keeps_history = False  # append-only: each row is the record of one step

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
        ordering = ["project_id", "date", "pk"]
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
        ordering = ["project_id", "-year"]
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
        # All one way, so a list of a province's 1.2M reports is read back along the index, not sorted.
        ordering = ["-project_id", "-year", "-month"]
        # A period's sums read from the index alone (no visit to the table's rows). An index on
        # (-year, -month) for the progress list made SQLite walk it for one project's reports too.
        indexes = [
            models.Index(fields=["project", "year", "month", "invested"], name="progress_sums"),
            # Which month was last reported (analysis.latest_period): one seek per month probed.
            models.Index(fields=["year", "month", "project"], name="progress_by_month"),
        ]
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
        rules.check_progress(self)


class ProgressYear(models.Model):
    """A project's monthly reports of one year in one row, kept for the lists and sums of a whole province.

    Derived, never typed: `projects.yearly.refresh` rebuilds a project's rows whenever its reports change
    (a save, an import, the recycle bin), and the pages read a period's figures from one row per project
    instead of adding up its reports. `mN` is the month's investment (NULL: not reported); `before` is
    everything reported in earlier years and `last_before` the index (year * 12 + month - 1) of the last
    earlier month with investment. A project has a row for every year from its first report on.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_years")
    year = models.PositiveSmallIntegerField()
    before = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    last_before = models.PositiveIntegerField(null=True)
    m1 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m2 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m3 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m4 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m5 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m6 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m7 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m8 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m9 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m10 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m11 = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    m12 = models.DecimalField(max_digits=16, decimal_places=2, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="progress_year_once")]
        indexes = [models.Index(fields=["year", "project"], name="progress_year_by_year")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}"


class KeptYear(models.Model):
    """A year into which every project with earlier reports has been carried (see yearly.carry_into)."""

    year = models.PositiveSmallIntegerField(primary_key=True)

    def __str__(self) -> str:
        return str(self.year)


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

    # A problem is placed through what it is about: its project's zone, or (with no project) its
    # enterprise's zone. Nothing is copied onto the problem, so a project moved to another zone
    # takes its problems with it.
    # The zone raises a problem and sets its deadline; the responsible department works it (its
    # status and resolution) and may not move the deadline that decides when it is escalated (督办),
    # nor what the problem is about. So a department neither raises problems nor edits other fields.
    scope = Scope(
        region="project__zone__region",
        zone="project__zone",
        department="department",
        enterprise="project__builder",
        department_actions=frozenset({VIEW, CHANGE}),
        enterprise_actions=READ_ONLY,
        writable={Role.DEPARTMENT: ("status", "resolution", "resolved_on")},
    )
    enterprise_scope = Scope(
        region="enterprise__zone__region",
        zone="enterprise__zone",
        department="department",
        enterprise="enterprise",
    )

    class Meta:
        ordering = ["status", "deadline", "pk"]
        # The whole ordering, the id too: PostgreSQL then walks the index and stops at the page, instead
        # of joining every problem to its project to sort them (the same for approval items).
        indexes = [models.Index(fields=["status", "deadline", "id"], name="problem_board_order")]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, us, action):
        if us.role == Role.ENTERPRISE:
            # An enterprise reads the problems about itself and its projects; the zone works them.
            if action != VIEW or not us.enterprise_id:
                return NOTHING
            return Q(enterprise=us.enterprise_id) | Q(project__builder=us.enterprise_id)
        on_project = Q(project__isnull=False) & default_scope_q(us, cls.scope)
        on_enterprise = Q(project__isnull=True) & default_scope_q(us, cls.enterprise_scope)
        return on_project | on_enterprise

    @property
    def about(self):
        """What the problem is about: its project, else its enterprise (None for neither)."""
        if self.project_id:
            return self.project
        return self.enterprise if self.enterprise_id else None

    @property
    def zone(self):
        """The zone of what the problem is about, read through the relation (never a copy)."""
        about = self.about
        return about.zone if about is not None else None

    @property
    def zone_pk(self) -> int | None:
        """`zone`'s id, without reading the zone (a list selects the project and enterprise with it)."""
        about = self.about
        return about.zone_id if about is not None else None

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
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            rules.record_first_level(self)


class Escalation(BusinessModel):
    """The moment a problem reached a level, and why."""

    keeps_history = False  # append-only: each row is the record of one step

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.PositiveSmallIntegerField(_("escalation level"), choices=EscalationLevel.choices)
    at = models.DateTimeField(_("time"))
    reason = models.CharField(_("reason"), max_length=200)

    scope = Scope(via="problem")

    class Meta:
        ordering = ["problem_id", "at"]
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
    """联审联批事项: one approval a project needs, with a time limit in working days.

    The zone enters the item (project, type, handling department, day submitted); its time limit is
    the item type's. From then on it changes only through its actions (services.act_on_approval):
    the department accepts (受理), gives opinions (办理意见), returns it for correction (退回补正) and
    completes it (办结); the supervising office changes its time limit, giving a reason
    (services.set_time_limit). Every action is a row of its log (ApprovalAction).
    """

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
    # status, time_limit, due_on and completed_on are written only by the actions and save(); no
    # form lists them. They stay `editable` so that the change history shows them (django-simple-
    # history diffs editable fields only).
    status = models.CharField(
        _("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (working days)"), validators=[MinValueValidator(1)]
    )
    # Empty while the item is back with the applicant (退回补正): the clock is stopped.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(region="project__zone__region", zone="project__zone", department="department")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on", "id"], name="approval_due_order"),
            models.Index(fields=["completed_on", "due_on"], name="approval_open_overdue"),
        ]
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")

    def __str__(self) -> str:
        return f"{self.project} · {self.item_type}"

    def clean(self):
        super().clean()
        if self.submitted_on and self.submitted_on > timezone.localdate():
            raise ValidationError({"submitted_on": _("The submission date is in the future.")})

    def save(self, *args, **kwargs):
        if self.time_limit is None and self.item_type_id:
            # The limit comes from the item type; only the supervising office changes it afterwards.
            self.time_limit = self.item_type.time_limit
        # The due date is derived from the submission date, the limit, the pauses and the calendar.
        self.due_on = rules.approval_due_on(self, CalendarDay.exceptions_between)
        super().save(*args, **kwargs)


class ApprovalAction(BusinessModel):
    """One step in handling an approval item — who did what, when, and what they wrote.

    Append-only: a step is never changed or deleted (a correction is a further step), and an item
    with steps cannot be deleted.
    """

    keeps_history = False  # append-only: each row is the record of one step

    item = models.ForeignKey(
        ApprovalItem, verbose_name=_("approval item"), on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(_("action"), max_length=10, choices=ApprovalActionKind.choices)
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("opinion"), blank=True)
    # For 办结: the day the approval was issued.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # For a time limit change: the limit before and after.
    old_time_limit = models.PositiveSmallIntegerField(_("previous time limit"), null=True, blank=True)
    new_time_limit = models.PositiveSmallIntegerField(_("new time limit"), null=True, blank=True)

    scope = Scope(via="item")

    class Meta:
        ordering = ["item_id", "at", "pk"]
        verbose_name = _("approval action")
        verbose_name_plural = _("approval actions")

    def __str__(self) -> str:
        return f"{self.item} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An approval action is never changed; record a further action.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An approval action is never deleted.")


class CalendarDay(BusinessModel):
    """An exception to the Monday–Friday week: a public holiday, or a weekend day worked (调休).

    Adding, changing or removing one moves the due dates of the open approval items it falls in.
    """

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

    @classmethod
    def exceptions_between(cls, start, end) -> dict:
        return dict(cls.objects.filter(date__gte=start, date__lte=end).values_list("date", "workday"))

    @classmethod
    def calendar_changed(cls, *days) -> int:
        """Recompute the due date of every open item whose counting runs over one of `days`;
        returns how many moved. Completed items keep the due date they were judged against."""
        first = min(d for d in days if d is not None)
        items = (
            ApprovalItem.objects.exclude(status=ApprovalStatus.COMPLETED)
            .filter(submitted_on__lt=first)
            .filter(Q(due_on__gte=first) | Q(due_on__isnull=True))
            .select_related("item_type")
        )
        moved = 0
        for item in items:
            due = rules.approval_due_on(item, cls.exceptions_between)
            if due != item.due_on:
                item.save(update_fields=["due_on", "updated"])
                moved += 1
        return moved

    def save(self, *args, **kwargs):
        before = None
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values_list("date", flat=True).first()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.calendar_changed(self.date, before)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.calendar_changed(self.date)
        return result


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
        if self._state.adding and self.reported_investment is None:
            # A snapshot of what had been reported up to the inspection month, taken once when the
            # inspection is recorded: later reports or corrections do not rewrite what was checked.
            self.reported_investment = rules.cumulative_investment(
                self.project, self.date.year, self.date.month
            )
        super().save(*args, **kwargs)
