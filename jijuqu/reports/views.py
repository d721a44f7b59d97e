from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.scope import VIEW, can, is_government
from jijuqu.projects import analysis
from jijuqu.projects.models import Project

from .builder import build
from .charts import chart_data
from .document import report_docx
from .forms import MonthlyReportForm
from .pdf import docx_to_pdf, soffice
from .tables import report_tables
from .workbook import report_xlsx

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "xlsx": (report_xlsx, XLSX_CONTENT_TYPE),
    "docx": (report_docx, DOCX_CONTENT_TYPE),
    "pdf": (lambda report: docx_to_pdf(report_docx(report)), "application/pdf"),
}


@login_required
def monthly_report(request):
    """Pick area and month, read the report in the page, download it as .xlsx or .docx."""
    if not (can(request.user, VIEW, Project) and is_government(request.user)):
        raise PermissionDenied
    data = request.GET if "area" in request.GET else None
    form = MonthlyReportForm(data, user=request.user, initial=None if data else initial(request.user))
    report = None
    if form.is_valid():
        report = build(
            form.cleaned_data["area"],
            form.cleaned_data["period"],
            user=request.user,
            levels=form.cleaned_data["levels"],
            issuance=form.issuance(),
        )
        wanted = request.GET.get("format")
        if wanted in FORMATS and (wanted != "pdf" or soffice()):
            render_file, content_type = FORMATS[wanted]
            response = HttpResponse(render_file(report), content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(True, f"{report.file_stem}.{wanted}")
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
