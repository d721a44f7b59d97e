"""How long change history and one-time submission records are kept (`jijuqu prune_history`).

History rows older than the retention are deleted, except each object's latest history row, which
says who last changed it and when (the edit page's "已被他人修改" check starts from it too). Form tokens
and API Idempotency-Keys (FormSubmission) only guard against a second save of the same submission: they
are kept SUBMISSIONS_KEPT and then deleted whatever the history retention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.models import HistoricalChanges

from . import computed
from .models import FormSubmission

# A page left open longer than this, then saved, is saved as a new submission; an API client
# retrying with the same Idempotency-Key after this long gets a new record.
SUBMISSIONS_KEPT = dt.timedelta(days=7)


@dataclass
class PruneResult:
    history: dict[str, int] = field(default_factory=dict)  # historical model label → rows deleted
    submissions: int = 0
    computed: int = 0  # change marks and kept figures (core.computed)

    @property
    def history_total(self) -> int:
        return sum(self.history.values())


def history_models() -> list:
    """The historical (copy-per-save) models of every model that keeps history."""
    return sorted(
        (m for m in apps.get_models() if issubclass(m, HistoricalChanges)), key=lambda m: m._meta.label
    )


def prune(days: int | None, *, now: dt.datetime | None = None, dry_run: bool = False) -> PruneResult:
    """Delete history rows dated more than `days` days before `now` (a row exactly `days` old stays),
    keeping each object's latest row, and form tokens / idempotency keys older than SUBMISSIONS_KEPT.
    `days=None` keeps all history. With dry_run, count what would go and delete nothing."""
    now = now or timezone.now()
    result = PruneResult()
    with transaction.atomic():
        if days is not None:
            if days < 0:
                raise ValueError("days must be 0 or more")
            cutoff = now - dt.timedelta(days=days)
            for model in history_models():
                pk = model.instance_type._meta.pk.attname
                latest = model.objects.values(pk).annotate(latest=Max("history_id")).values("latest")
                old = model.objects.filter(history_date__lt=cutoff).exclude(history_id__in=latest)
                count = old.count()
                if count and not dry_run:
                    old.delete()  # nothing points at history rows: one DELETE
                result.history[model._meta.label] = count
        submissions = FormSubmission.objects.filter(created__lt=now - SUBMISSIONS_KEPT)
        result.submissions = submissions.count()
        if result.submissions and not dry_run:
            submissions.delete()
        result.computed = computed.prune(now, dry_run)
    return result
