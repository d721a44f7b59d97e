from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from jijuqu.core.scope import VIEW, can, is_government
from jijuqu.jobs.models import Job
from jijuqu.jobs.services import pending_or_submit
from jijuqu.projects import analysis
from jijuqu.projects.models import Project

from . import files
from .charts import chart_data
from .forms import MonthlyReportForm
from .pdf import soffice
from .tables import report_tables


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
        report = files.report_of(form, request.user)
        if files.available(wanted):
            name, content, content_type = files.file_of(report, wanted)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
    if report is not None:
        # Blank fields show the defaults the files carry.
        form.fields["issuer"].widget.attrs["placeholder"] = report.issuance.issuer
        form.fields["number"].widget.attrs["placeholder"] = report.issuance.number
    context = {
        "form": form,
        "report": report,
        "tables": report_tables(report) if report else [],
        "query": request.GET.urlencode() if report else "",
        "pdf_available": soffice() is not None,
        "chart_json": json.dumps(chart, ensure_ascii=False)
        if (chart := report and chart_data(report))
        else "",
    }
    return render(request, "reports/monthly.html", context)


def initial(user) -> dict:
    """The user's own area and the latest month reported in it."""
    period = analysis.default_period(Project.objects.restrict(user))
    place = user.region or user.zone
    if place is None and user.department_id:
        place = user.department.zone or user.department.region
    return {"period": str(period), "area": place.code if place else None}
