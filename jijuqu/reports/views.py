from __future__ import annotations

import json
from dataclasses import dataclass, replace

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from jijuqu.core import computed
from jijuqu.core.scope import VIEW, can, is_government
from jijuqu.jobs.models import Job
from jijuqu.jobs.services import pending_or_submit
from jijuqu.projects import analysis
from jijuqu.projects.models import Project

from . import files
from .charts import chart_data
from .forms import MonthlyReportForm
from .pdf import soffice
from .tables import page_table, report_tables


@login_required
def monthly_report(request):
    """Pick area and month, read the report in the page, download it as .xlsx or .docx."""
    if not (can(request.user, VIEW, Project) and is_government(request.user)):
        raise PermissionDenied
    data = request.GET if "area" in request.GET else None
    form = MonthlyReportForm(data, user=request.user, initial=None if data else initial(request.user))
    report = None
    if form.is_valid():
        wanted = request.GET.get("format")
        if files.available(wanted) and files.is_big(form, request.user):
            # A big area's file is made by the worker; its page follows it and hands the file over.
            page = request.GET.copy()
            page.pop("format")
            params = {"query": request.GET.urlencode(), "back": f"{request.path}?{page.urlencode()}"}
            title = files.job_title(form, wanted)
            return redirect(pending_or_submit(request.user, Job.Kind.MONTHLY_REPORT, title, params))
        if files.available(wanted):
            report = files.report_of(form, request.user)
            name, content, content_type = files.file_of(report, wanted)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        # The page is made once for each state of the data: a province's took seconds.
        scope = computed.query_text(Project.objects.restrict(request.user))
        # Today is in the key: a 成文日期 left blank is today's.
        key = computed.key_of("monthly-page", scope, request.GET.urlencode(), timezone.localdate())
        report = computed.remember(key, lambda: page_of(form, request.user))
        # Blank fields show the defaults the files carry.
        form.fields["issuer"].widget.attrs["placeholder"] = report.issuance.issuer
        form.fields["number"].widget.attrs["placeholder"] = report.issuance.number
    context = {
        "form": form,
        "report": report,
        "tables": report.tables if report else [],
        "query": request.GET.urlencode() if report else "",
        "pdf_available": soffice() is not None,
        "chart_json": report.chart_json if report else "",
    }
    return render(request, "reports/monthly.html", context)


@dataclass
class ReportPage:
    """What the page shows of a report, kept once for each state of the data (core.computed): its text,
    its tables as the page shows them, its chart, its figures, and which rows its lists name."""

    issuance: object
    title: str
    subtitle: str
    sections: list
    tables: list
    chart_json: str
    area: object
    period: object
    total: object
    groups: list
    lagging_ids: list[int]
    problem_ids: list[int]
    approval_ids: list[int]


def page_of(form, user) -> ReportPage:
    report = files.report_of(form, user)
    chart = chart_data(report)
    return ReportPage(
        issuance=report.issuance,
        title=report.title,
        subtitle=report.subtitle,
        sections=report.sections,
        tables=[page_table(t) for t in report_tables(report)],
        chart_json=json.dumps(chart, ensure_ascii=False) if chart else "",
        area=report.area,
        period=report.period,
        total=replace(report.total, members=[]),
        groups=[replace(g, members=[]) for g in report.groups],
        lagging_ids=[lp.pk for lp in report.lagging],
        problem_ids=[p.pk for p in report.problems],
        approval_ids=[a.pk for a in report.approvals],
    )


def initial(user) -> dict:
    """The user's own area and the latest month reported in it."""
    period = analysis.default_period(Project.objects.restrict(user))
    place = user.region or user.zone
    if place is None and user.department_id:
        place = user.department.zone or user.department.region
    return {"period": str(period), "area": place.code if place else None}
