"""The kinds of file jijuqu imports. The engine (reader, layout, preview, error workbook, job) is the
same for every kind; a kind says what its rows are and how they are written.

Each domain app registers its kinds in its AppConfig.ready(), so `imports` knows no domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engine import Analysis, Result, Spec


@dataclass(frozen=True)
class Kind:
    key: str  # in the URL: /imports/<key>/
    label: str  # "项目台账", shown to users
    model: type  # a user may import this kind when they may add this model
    spec: Spec | Callable[[object], Spec]  # or, for a kind whose columns depend on the job, job → Spec
    # (analysis, job, write) → Result; `job` gives user, zone, year, month and options.
    run: Callable[[Analysis, object, bool], Result]
    by_period: bool = True  # the upload asks for the year and month the file reports
    options: tuple[tuple[str, str], ...] = ()  # (option, label) the preview may turn on
    # user → {name: form field} the upload also asks for (a framework, a period); kept in job.options
    fields: Callable[[object], dict] | None = None
    # `run` also takes progress=callable(done, total), called as rows are written (a streaming importer).
    progress: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.key] = kind


def get(key: str) -> Kind:
    return KINDS[key]


def spec_of(kind: Kind, job) -> Spec:
    return kind.spec if isinstance(kind.spec, Spec) else kind.spec(job)
