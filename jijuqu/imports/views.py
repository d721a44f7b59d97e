from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.scope import ADD, can
from jijuqu.jobs.services import watch, workers_seen

from . import registry, services
from .forms import MappingForm, UploadForm
from .models import ImportJob
from .reader import FileRefused
from .report import error_list_workbook, error_workbook

SHOWN_ERRORS = 300
log = logging.getLogger(__name__)


def own_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.restrict(request.user), pk=pk)


def discard(job: ImportJob) -> None:
    """A refused upload leaves nothing behind: neither the row nor the file."""
    job.file.delete(save=False)
    job.delete()


@login_required
def upload(request, kind="projects"):
    try:
        import_kind = registry.get(kind)
    except KeyError:
        raise Http404 from None
    if not can(request.user, ADD, import_kind.model):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, kind=import_kind)
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        job.user = request.user
        job.kind = import_kind.key
        job.original_name = request.FILES["file"].name[:255]
        job.options = form.kind_options()
        job.save()
        try:
            services.check(job)
        except FileRefused as err:
            discard(job)
            form.add_error("file", str(err))
        except Exception:  # an unreadable file is the user's to fix, said plainly; the cause is logged
            log.exception("import check failed for %s", job.original_name)
            discard(job)
            form.add_error("file", _("The file could not be read as a spreadsheet. Save it again as .xlsx."))
        else:
            return redirect(job)
    jobs = ImportJob.objects.restrict(request.user).filter(kind=import_kind.key).select_related("zone")[:20]
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs, "kind": import_kind})


@login_required
def job(request, pk):
    job = own_job(request, pk)
    watch(job)
    if job.status == ImportJob.Status.RUNNING:
        return render(request, "imports/running.html", {"job": job, "worker_seen": bool(workers_seen())})
    kind = registry.get(job.kind)
    stored = job.result.get("sheets", [])
    spec = registry.spec_of(kind, job)
    form = MappingForm(stored, spec, request.POST or None)
    if request.method == "POST" and job.status == ImportJob.Status.CHECKED and form.is_valid():
        job.mapping = form.mapping()
        try:
            services.check(job)
        except FileRefused as err:
            messages.error(request, str(err))
        else:
            messages.info(request, _("Checked again with your column mapping."))
        return redirect(job)
    labels = {key: f.label for key, f in spec.fields.items()}
    sheets = []
    for s, sheet in enumerate(stored):
        columns = [(c, form[f"map-{s}-{c['index']}"], labels.get(c["key"], "—")) for c in sheet["columns"]]
        sheets.append({**sheet, "columns": columns})
    errors = job.result.get("errors", [])
    return render(
        request,
        "imports/job.html",
        {
            "job": job,
            "kind": kind,
            "sheets": sheets,
            "form": form,
            "errors": errors[:SHOWN_ERRORS],
            "more_errors": max(0, len(errors) - SHOWN_ERRORS),
            "changes": job.result.get("changes", []),
            "options": [(key, label, bool(job.options.get(key))) for key, label in kind.options],
        },
    )


@login_required
@require_POST
def confirm(request, pk):
    job = own_job(request, pk)
    if job.status != ImportJob.Status.CHECKED or job.result.get("errors"):
        messages.error(request, _("Only a checked file without errors can be imported."))
        return redirect(job)
    kind = registry.get(job.kind)
    chosen = {key: key in request.POST for key, _label in kind.options}
    if chosen != {k: job.options.get(k, False) for k in chosen}:
        # An option changes what is written: check again with it before anything is imported.
        job.options = {**job.options, **chosen}
        services.check(job)
        messages.info(request, _("Checked again with the options chosen; confirm to import."))
        return redirect(job)
    if not services.start(job):
        messages.error(request, _("This file is already being imported."))
        return redirect(job)
    services.run(job)
    return redirect(job)


@login_required
def progress(request, pk):
    job = own_job(request, pk)
    watch(job)
    if job.status != ImportJob.Status.RUNNING:
        response = HttpResponse()
        response["HX-Redirect"] = job.get_absolute_url()
        return response
    return render(request, "imports/inc/progress.html", {"job": job, "worker_seen": bool(workers_seen())})


@login_required
def errors(request, pk):
    job = own_job(request, pk)
    found = job.result.get("errors", [])
    headers = {s["name"]: s["header_row"] for s in job.result.get("sheets", []) if s.get("header_row")}
    content = None
    if job.file.name.lower().endswith(".xlsx"):
        try:
            with job.file.open("rb") as f:
                content = error_workbook(f, found, headers)
        except Exception:  # not readable by openpyxl after all: the list of errors still helps
            log.exception("error workbook for %s", job.original_name)
    if content is None:
        content = error_list_workbook(found)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="errors-{job.pk}.xlsx"'
    return response
