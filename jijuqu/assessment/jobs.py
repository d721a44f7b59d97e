"""Rank intervals (1,000 Monte Carlo runs) of a large framework, computed by the worker.

A framework of a few dozen zones gets its intervals in the request, as before. Beyond
settings.JIJUQU_RANKING_INLINE_ZONES the page shows the ranking at once and the intervals when the
worker has them; a stored result is reused only for the same inputs (Ranking.fingerprint), so a
changed value or weight computes them again.
"""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.utils.translation import gettext as _

from jijuqu.jobs.models import Job
from jijuqu.jobs.services import JobFailed, key_of, submit

from . import engine
from .models import Framework
from .ranking import Ranking, rank, ranked_zones


def inline(framework: Framework) -> bool:
    return ranked_zones(framework).count() <= settings.JIJUQU_RANKING_INLINE_ZONES


def attach(result: Ranking, intervals: dict) -> None:
    for r in result.results:
        found = intervals.get(str(r.zone.pk))
        if found is not None:
            r.interval = tuple(found)


def with_intervals(user, result: Ranking, runs: int, page: str) -> Job | None:
    """Put the stored intervals on `result`, or queue the job computing them (returned while it is
    waiting or running; None once they are on the result)."""
    key = key_of(
        Job.Kind.RANKING, result.framework.pk, result.period, asdict(result.method), runs, result.fingerprint
    )
    job = Job.objects.filter(user=user, kind=Job.Kind.RANKING, key=key).first()
    if job is not None and job.status == Job.Status.DONE:
        attach(result, job.result["intervals"])
        return None
    if job is None or job.status == Job.Status.FAILED:  # a failed one is tried again on the next visit
        title = _("Rank intervals of %(framework)s, %(period)s") % {
            "framework": result.framework.name,
            "period": result.label,
        }
        params = {
            "framework": result.framework.pk,
            "period": result.period,
            "method": asdict(result.method),
            "runs": runs,
            "back": page,
            "return_to": page,
        }
        job = submit(user, Job.Kind.RANKING, title, params, key)
    return job


def rank_intervals(job: Job, progress) -> None:
    """The worker's runner: the whole ranking with its Monte Carlo runs; intervals of every zone are
    kept (the page shows each user only their zones' rows)."""
    p = job.params
    framework = Framework.objects.restrict(job.user).filter(pk=p["framework"]).first()
    if framework is None:
        raise JobFailed(_("This framework is no longer available to you."))
    progress(1, 2)
    try:
        result = rank(framework, p["period"], engine.Method(**p["method"]), runs=p["runs"])
    except engine.EngineError as err:
        raise JobFailed(str(err)) from err
    job.result = {
        "fingerprint": result.fingerprint,
        "intervals": {str(r.zone.pk): list(r.interval) for r in result.results if r.interval is not None},
    }
