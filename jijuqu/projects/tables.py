from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jijuqu.core.numbers import round1
from jijuqu.core.tables import BaseTable, BooleanColumn, MoneyColumn

from .analysis import completion_rate, schedule_gap
from .choices import STATUS_COLOURS, ProblemStatus
from .models import (
    AnnualPlan,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    Project,
)


class StatusColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STATUS_COLOURS.get(record.status, "secondary"),
            record.get_status_display(),
        )

    def value(self, record, value):
        return record.get_status_display()


RIGHT = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


def gap_html(gap: Decimal):
    css = "text-success" if gap >= 0 else "text-danger fw-bold"
    return format_html('<span class="{}">{}{}</span>', css, "+" if round1(gap) > 0 else "", round1(gap))


class ProjectTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True, attrs={"td": {"class": "project-name"}})
    status = StatusColumn()
    total_investment = MoneyColumn()
    plan = MoneyColumn(_("annual plan (10k yuan)"))
    ytd = MoneyColumn(_("completed this year (10k yuan)"))
    rate = tables.Column(_("of annual plan"), accessor="ytd", orderable=False, empty_values=(), attrs=RIGHT)
    gap = tables.Column(
        _("vs. schedule (points)"), accessor="ytd", orderable=False, empty_values=(), attrs=RIGHT
    )
    cumulative = MoneyColumn(_("completed since start (10k yuan)"))
    # The official's name when linked, else the name as the ledger wrote it: what an import reads back.
    leader = tables.Column(_("leader in charge"), empty_values=(), order_by=("leader__name", "leader_name"))
    department = tables.Column(
        _("responsible department"), empty_values=(), order_by=("department__name", "department_name")
    )

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "code",
            "name",
            "zone",
            "builder_name",
            "level",
            "status",
            "total_investment",
            "plan",
            "ytd",
            "rate",
            "gap",
            "cumulative",
            "leader",
            "department",
        )
        row_attrs = {"class": lambda table, record: table.row_class(record)}

    def render_leader(self, record):
        return record.leader_label or "—"

    def value_leader(self, record):
        return record.leader_label

    def render_department(self, record):
        return record.department_label or "—"

    def value_department(self, record):
        return record.department_label

    def __init__(self, *args, schedule: Decimal, **kwargs):
        self.schedule = schedule
        super().__init__(*args, **kwargs)

    def row_class(self, record) -> str:
        gap = schedule_gap(completion_rate(record.ytd, record.plan), self.schedule)
        return "table-warning lagging" if gap is not None and gap < 0 else ""

    def render_rate(self, record):
        rate = completion_rate(record.ytd, record.plan)
        return "—" if rate is None else f"{round1(rate * 100)}%"

    def value_rate(self, record):
        rate = completion_rate(record.ytd, record.plan)
        return None if rate is None else round1(rate * 100)

    def render_gap(self, record):
        gap = schedule_gap(completion_rate(record.ytd, record.plan), self.schedule)
        return "—" if gap is None else gap_html(gap)

    def value_gap(self, record):
        gap = schedule_gap(completion_rate(record.ytd, record.plan), self.schedule)
        return None if gap is None else round1(gap)


class MonthlyProgressTable(BaseTable):
    project = tables.Column(linkify=True)
    period = tables.Column(
        _("month"),
        accessor="month",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("year", "month"),
    )
    invested = MoneyColumn()
    related = ("project",)

    class Meta(BaseTable.Meta):
        model = MonthlyProgress
        fields = ("project", "period", "invested", "progress_text", "updated")
        order_by = ("-period",)

    def render_period(self, record):
        return f"{record.year}年{record.month}月"

    def value_period(self, record):
        return f"{record.year}-{record.month:02d}"


class AnnualPlanTable(BaseTable):
    project = tables.Column(linkify=True)
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    planned_investment = MoneyColumn()
    target_start = BooleanColumn()
    target_completion = BooleanColumn()
    target_production = BooleanColumn()
    related = ("project",)

    class Meta(BaseTable.Meta):
        model = AnnualPlan
        fields = (
            "project",
            "year",
            "planned_investment",
            "target_start",
            "target_completion",
            "target_production",
        )


class ProblemTable(BaseTable):
    title = tables.Column(linkify=True)
    # Read through the project (or the enterprise), never a copy on the problem.
    zone = tables.Column(
        _("zone"), accessor="zone", order_by=("project__zone__code", "enterprise__zone__code")
    )
    overdue = tables.Column(_("days overdue"), accessor="deadline", orderable=False)
    related = ("project__zone", "enterprise__zone", "department")

    class Meta(BaseTable.Meta):
        model = Problem
        fields = (
            "title",
            "category",
            "project",
            "enterprise",
            "zone",
            "department",
            "raised_on",
            "deadline",
            "overdue",
            "level",
            "status",
        )
        row_attrs = {"class": lambda record: "table-danger overdue" if problem_overdue_days(record) else ""}

    def render_overdue(self, record):
        return problem_overdue_days(record) or "—"

    def value_overdue(self, record):
        return problem_overdue_days(record) or None


def problem_overdue_days(problem) -> int:
    if problem.status != ProblemStatus.OPEN:
        return 0
    return max(0, (timezone.localdate() - problem.deadline).days)


def approval_overdue_days(item) -> int:
    if item.due_on is None:  # back with the applicant: the clock is stopped
        return 0
    if item.completed_on:
        return max(0, (item.completed_on - item.due_on).days)
    return max(0, (timezone.localdate() - item.due_on).days)


def approval_state(item) -> str:
    """The item's status as the 督办 list says it: late or not."""
    if item.completed_on:
        return (
            _("Completed late")
            if approval_overdue_days(item)
            else pgettext_lazy("approval item", "Completed")
        )
    if approval_overdue_days(item):
        return _("Overdue, not completed")
    return item.get_status_display()


class ApprovalItemTable(BaseTable):
    item_type = tables.Column(linkify=lambda record: record.get_absolute_url())
    project = tables.Column(linkify=True)
    state = tables.Column(_("state"), accessor="due_on", orderable=False)
    overdue = tables.Column(_("days overdue"), accessor="due_on", orderable=False)
    related = ("project", "item_type", "department")

    class Meta(BaseTable.Meta):
        model = ApprovalItem
        fields = (
            "item_type",
            "project",
            "department",
            "submitted_on",
            "time_limit",
            "due_on",
            "completed_on",
            "state",
            "overdue",
        )
        row_attrs = {
            "class": lambda record: (
                "table-danger overdue" if not record.completed_on and approval_overdue_days(record) else ""
            )
        }

    def render_state(self, record):
        return approval_state(record)

    def value_state(self, record):
        return self.render_state(record)

    def render_overdue(self, record):
        return approval_overdue_days(record) or "—"

    def value_overdue(self, record):
        return approval_overdue_days(record) or None


class ApprovalItemTypeTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ApprovalItemType
        fields = ("order", "name", "time_limit")


class CalendarDayTable(BaseTable):
    date = tables.Column(linkify=True)
    workday = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = CalendarDay
        fields = ("date", "name", "workday")


class InspectionTable(BaseTable):
    project = tables.Column(linkify=True)
    date = tables.Column(linkify=lambda record: record.get_absolute_url())
    reported_investment = MoneyColumn()
    verified_investment = MoneyColumn()
    ratio = tables.Column(_("verified / reported"), accessor="verified_investment", orderable=False)
    published = BooleanColumn()
    related = ("project",)

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = (
            "project",
            "date",
            "inspectors",
            "reported_investment",
            "verified_investment",
            "ratio",
            "findings",
            "published",
            "published_on",
        )

    def render_ratio(self, record):
        rate = completion_rate(record.verified_investment, record.reported_investment)
        return "—" if rate is None else f"{round1(rate * 100)}%"

    def value_ratio(self, record):
        rate = completion_rate(record.verified_investment, record.reported_investment)
        return None if rate is None else round1(rate * 100)
