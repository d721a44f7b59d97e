"""Escalation (督办): the one mechanism by which late work climbs 责任单位 → 分管领导 → 主要领导.

Problems (projects.services.escalate_overdue) and enterprise requests (service.clock) both use it:
the levels are `EscalationLevel`, the clock rule is `level_due`, the climb (recording each level
passed, never coming down) is `escalate_to`. Each kind of late work registers its periodic job with
`register`; `jijuqu escalate` (cron or `jijuqu clock`) runs them all through `run_all`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from .choices import EscalationLevel

LEVELS = EscalationLevel


def escalation_days() -> int:
    """Days past a deadline after which the principal leader takes over (JIJUQU_ESCALATION_DAYS)."""
    return int(getattr(settings, "JIJUQU_ESCALATION_DAYS", 7))


def level_due(deadline: dt.date, day: dt.date) -> int:
    """The level work due on `deadline` should be at on `day`: the responsible department until the
    deadline, the leader in charge once it passes, the principal leader once it is more than
    `escalation_days` overdue."""
    if day <= deadline:
        return EscalationLevel.DEPARTMENT
    if (day - deadline).days <= escalation_days():
        return EscalationLevel.DEPUTY
    return EscalationLevel.HEAD


def escalate_to(obj, target: int, record: Callable[[int], None]) -> bool:
    """Raise `obj` (anything with a `level`) to `target`, calling `record(level)` for each level it
    passes, so every level reached keeps its own moment; a level never comes down. Returns whether
    it moved."""
    if target <= obj.level:
        return False
    with transaction.atomic():
        for level in range(obj.level + 1, target + 1):
            record(level)
        obj.level = target
        obj.save(update_fields=["level", "updated"])
    return True


# -- the periodic jobs ---------------------------------------------------------------------------

Job = Callable[[dt.datetime], int]
_JOBS: dict[str, tuple[Job, str]] = {}


def register(name: str, job: Job, message: str) -> None:
    """A job `job(now) -> how many moved`, reported with `message % count` (a fixed Chinese line)."""
    _JOBS[name] = (job, message)


def run_all(now: dt.datetime) -> list[str]:
    """Run every registered escalation job; one line per job saying how many moved."""
    lines = []
    for job, message in _JOBS.values():
        lines.append(message % job(now))
    return lines
