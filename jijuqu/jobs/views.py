from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .models import Job


def context(job: Job) -> dict:
    services.watch(job)
    return {"job": job, "worker_seen": bool(services.workers_seen())}


@login_required
def job(request, pk):
    """A job's page: progress while it waits or runs (htmx polls), then its file or why it failed."""
    job = services.own_job(request.user, pk)
    return render(request, "jobs/job.html", context(job))


@login_required
def progress(request, pk):
    job = services.own_job(request.user, pk)
    ctx = context(job)
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        # Finished: the whole page again, with the file or the reason.
        response = HttpResponse()
        # A job serving a page (rank intervals) returns to it when done; a file's job, or a failed
        # one, shows its own page (with the file, or why; a failed one is not retried in a loop).
        done = job.status == Job.Status.DONE
        response["HX-Redirect"] = (done and job.params.get("return_to")) or job.get_absolute_url()
        return response
    return render(request, "jobs/inc/progress.html", ctx)


@login_required
def download(request, pk):
    job = services.own_job(request.user, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


@never_cache
@require_GET
def healthz(request):
    """For a monitor or a load balancer: 200 when the database answers and a worker was seen
    recently, 503 otherwise, with which one failed. No login; no data."""
    ok, report = services.health()
    return JsonResponse(
        {"status": "ok" if ok else "fail", **report},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )
