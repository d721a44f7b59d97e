"""The 月通报 as a file (.xlsx, .docx, .pdf): made in the request for an area of ordinary size, by
the worker for a big one (settings.JIJUQU_REPORT_JOB_PROJECTS), from the same form either way."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from jijuqu.core import collector
from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.jobs.models import Job
from jijuqu.jobs.services import JobFailed, save_file
from jijuqu.projects.models import Project

from .builder import MonthlyReport, build
from .document import report_docx
from .forms import MonthlyReportForm
from .pdf import docx_to_pdf, soffice
from .workbook import report_xlsx

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "xlsx": (report_xlsx, XLSX_CONTENT_TYPE),
    "docx": (report_docx, DOCX_CONTENT_TYPE),
    "pdf": (lambda report: docx_to_pdf(report_docx(report)), "application/pdf"),
}


def available(wanted: str | None) -> bool:
    return wanted in FORMATS and (wanted != "pdf" or soffice() is not None)


@collector.young_only()
def report_of(form: MonthlyReportForm, user) -> MonthlyReport:
    c = form.cleaned_data
    return build(c["area"], c["period"], user=user, levels=c["levels"], issuance=form.issuance())


@collector.young_only()
def file_of(report: MonthlyReport, wanted: str) -> tuple[str, bytes, str]:
    """(file name, content, content type)."""
    render_file, content_type = FORMATS[wanted]
    return f"{report.file_stem}.{wanted}", render_file(report), content_type


def is_big(form: MonthlyReportForm, user) -> bool:
    """More key projects in the area than a request should count: the worker makes the file."""
    projects = form.cleaned_data["area"].filter(Project.objects.restrict(user))
    return projects[: settings.JIJUQU_REPORT_JOB_PROJECTS + 1].count() > settings.JIJUQU_REPORT_JOB_PROJECTS


def job_title(form: MonthlyReportForm, wanted: str) -> str:
    c = form.cleaned_data
    return _("Monthly report of %(area)s, %(period)s (.%(format)s)") % {
        "area": c["area"].name,
        "period": c["period"].title,
        "format": wanted,
    }


def make_file(job: Job, progress) -> None:
    """The worker's runner: the form again, as the job's owner (their scope, today's data)."""
    query = QueryDict(job.params["query"])
    wanted = query.get("format")
    form = MonthlyReportForm(query, user=job.user)
    if not form.is_valid():
        raise JobFailed("；".join(str(e) for errors in form.errors.values() for e in errors))
    if not available(wanted):
        raise JobFailed(_("PDF needs LibreOffice on the server; download .docx instead."))
    progress(1, 3)
    report = report_of(form, job.user)
    progress(2, 3)
    name, content, _type = file_of(report, wanted)
    save_file(job, name, content)
