from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jijuqu.core.tables import BaseTable

from . import clock
from .choices import STATUS_COLOURS
from .models import Assignment, MonitoringPoint, ServiceRequest, Supervisor, Visit


def own_page(record):
    return record.get_absolute_url()


class AssignmentTable(BaseTable):
    enterprise = tables.Column(linkify=own_page)
    official = tables.Column()
    leader = tables.Column()

    class Meta(BaseTable.Meta):
        model = Assignment
        fields = ("enterprise", "official", "leader", "started_on", "ended_on")


class VisitTable(BaseTable):
    date = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Visit
        fields = ("date", "enterprise", "official", "findings")


class ServiceRequestTable(BaseTable):
    title = tables.Column(linkify=True)
    status = tables.Column()
    clock = tables.Column(verbose_name=_("clock"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = ServiceRequest
        fields = (
            "title",
            "enterprise",
            "category",
            "kind",
            "raised_at",
            "department",
            "status",
            "clock",
            "level",
            "close_due",
            "rating",
        )

    def render_status(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS.get(record.status, "secondary"), value
        )

    def render_clock(self, record):
        return clock_text(record)

    def value_clock(self, record):
        return clock_text(record)

    def value_status(self, record):
        return record.get_status_display()


def clock_text(request) -> str:
    """Where a request stands on its clock, in words: the awaited step and its day, or how late."""
    current = clock.current_step(request)
    if current is None:
        return ""
    step, due = current
    late = (timezone.localdate() - due).days
    if late > 0:
        return _("%(step)s %(days)d days overdue") % {"step": clock.STEP_NAMES[step], "days": late}
    return _("%(step)s by %(due)s") % {"step": clock.STEP_NAMES[step], "due": due.isoformat()}


class MonitoringPointTable(BaseTable):
    enterprise = tables.Column(linkify=own_page)

    class Meta(BaseTable.Meta):
        model = MonitoringPoint
        fields = ("enterprise", "designated_on", "note")


class SupervisorTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Supervisor
        fields = ("name", "region", "affiliation", "phone")
