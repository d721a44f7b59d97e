from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.scope import ADD, can
from jijuqu.projects.importers import SPEC
from jijuqu.projects.models import Project

from . import services
from .forms import MappingForm, UploadForm
from .models import ImportJob
from .report import error_workbook
from .values import text

PREVIEW_ROWS = 10
SHOWN_ERRORS = 300


def own_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.restrict(request.user), pk=pk)


@login_required
def upload(request):
    if not can(request.user, ADD, Project):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        job.user = request.user
        job.original_name = request.FILES["file"].name
        job.save()
        try:
            services.check(job)
        except Exception as err:  # an unreadable file is the user's to fix, said plainly
            job.delete()
            form.add_error(
                "file", _("The file could not be read as a spreadsheet: %(error)s") % {"error": err}
            )
        else:
            return redirect(job)
    jobs = ImportJob.objects.restrict(request.user).select_related("zone")[:20]
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs})


@login_required
def job(request, pk):
    job = own_job(request, pk)
    if job.status == ImportJob.Status.RUNNING:
        return render(request, "imports/running.html", {"job": job})
    analysis = services.load(job)
    form = MappingForm(analysis, SPEC, request.POST or None)
    if request.method == "POST" and job.status == ImportJob.Status.CHECKED and form.is_valid():
        job.mapping = form.mapping()
        analysis = services.check(job)
        messages.info(request, _("Checked again with your column mapping."))
        return redirect(job)
    sheets = []
    for s, sheet in enumerate(analysis.sheets):
        columns = [(c, form[f"map-{s}-{c.index}"]) for c in sheet.layout.columns] if sheet.layout else []
        preview = [
            [text(row.raw(c.key)) if c.key else "" for c, _f in columns] for row in sheet.data[:PREVIEW_ROWS]
        ]
        sheets.append({"sheet": sheet, "columns": columns, "preview": preview, "count": len(sheet.data)})
    errors = job.result.get("errors", [])
    return render(
        request,
        "imports/job.html",
        {
            "job": job,
            "sheets": sheets,
            "form": form,
            "errors": errors[:SHOWN_ERRORS],
            "more_errors": max(0, len(errors) - SHOWN_ERRORS),
        },
    )


@login_required
@require_POST
def confirm(request, pk):
    job = own_job(request, pk)
    if job.status != ImportJob.Status.CHECKED or job.result.get("errors"):
        messages.error(request, _("Only a checked file without errors can be imported."))
        return redirect(job)
    services.run(job)
    return redirect(job)


@login_required
def progress(request, pk):
    job = own_job(request, pk)
    if job.status != ImportJob.Status.RUNNING:
        response = HttpResponse()
        response["HX-Redirect"] = job.get_absolute_url()
        return response
    return render(request, "imports/inc/progress.html", {"job": job})


@login_required
def errors(request, pk):
    job = own_job(request, pk)
    headers = {s.name: s.layout.header_rows[0] + 1 for s in services.load(job).sheets if s.layout}
    with job.file.open("rb") as f:
        content = error_workbook(f, job.result.get("errors", []), headers)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="errors-{job.pk}.xlsx"'
    return response
