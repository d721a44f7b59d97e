"""The ledger import streams its rows in batches: the same errors, preview and outcome as reading the
whole file at once, nothing written when any row anywhere is bad, and no batch holding every row."""

from __future__ import annotations

import gc
import json
import os
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from jijuqu.core.archive import archive
from jijuqu.core.testing import SAMPLES, sqlite_plans
from jijuqu.imports import services
from jijuqu.imports.engine import BATCH_ROWS, DataRow, analyse, open_workbook, read_workbook
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.importers.rows import existing_projects
from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Project
from jijuqu.projects.testing import make_project
from jijuqu.zones.matching import ZoneMatcher

from .test_import import BAD, CLEAN, jiaozuo  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
# What the import reported for these files before it streamed (written once from the old code).
SNAPSHOT = SAMPLES / "ledger-import-errors.json"


def lowered() -> BytesIO:
    """The clean sample as November's ledger gone wrong: lower year-to-date figures than October's,
    a total investment below what was reported, and 合计 rows that no longer add up."""
    wb = load_workbook(CLEAN)
    ws = wb.active
    ws.cell(row=3, column=7).value = "1-11月完成投资"
    for row in range(7, 12):
        ws.cell(row=row, column=7).value = ws.cell(row=row, column=7).value - 1000
    ws.cell(row=12, column=5).value = 1
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def outcome(source, world, batch_size=None, **ctx) -> dict:
    user = world.user(ctx.pop("user")) if "user" in ctx else None
    analysis = analyse(open_workbook(source), SPEC)
    context = Context(ctx.pop("year", 2024), ctx.pop("month", 10), user=user, **ctx)
    result = import_ledger(analysis, context, **({"batch_size": batch_size} if batch_size else {}))
    return {
        "result": result.as_dict(),
        "sheets": [{k: v for k, v in s.items()} for s in services.summary(analysis)],
    }


def outcomes(world, batch_size=None) -> dict:
    found = {
        "bad": outcome(str(BAD), world, batch_size),
        "bad_as_zone_user": outcome(str(BAD), world, batch_size, user="zone_a"),
        "clean_wrong_month": outcome(str(CLEAN), world, batch_size, month=9),
        "clean": outcome(str(CLEAN), world, batch_size),
        "clean_again": outcome(str(CLEAN), world, batch_size),
    }
    found["lowered"] = outcome(lowered(), world, batch_size, month=11)
    return json.loads(json.dumps(found, ensure_ascii=False, default=str))


@pytest.mark.parametrize("batch_size", [None, 10, 1])
def test_errors_preview_and_counts_are_those_of_the_whole_file_reading(jiaozuo, batch_size):  # noqa: F811
    found = outcomes(jiaozuo, batch_size)
    if os.environ.get("JIJUQU_WRITE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    assert found == json.loads(SNAPSHOT.read_text())


ROWS = 3000


def ledger(bad_row: int | None = None) -> BytesIO:
    """A generated ledger of ROWS projects; with `bad_row`, that data row's total investment is not an
    amount."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("重点项目")
    ws.append(["项目名称", "建设单位", "总投资", "2024年计划投资", "1-10月完成投资", "开工时间"])
    for i in range(ROWS):
        total = "约8000" if i + 1 == bad_row else 1000 + i
        ws.append([f"生成项目{i:05d}", f"生成企业{i % 50:02d}有限公司", total, 300, 250, "2024.3"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def import_generated(world, source, **options):
    analysis = analyse(open_workbook(source), SPEC)
    return import_ledger(analysis, Context(2024, 10, default_zone=world.zone_a), **options)


def test_a_bad_row_near_the_end_writes_nothing_though_earlier_batches_were_written(world):
    history = Project.history.count()
    written = []
    progress = lambda done, total: written.append(Project.objects.count())  # noqa: E731
    result = import_generated(world, ledger(bad_row=ROWS - 5), batch_size=100, progress=progress)
    # Data row ROWS - 5 is the sheet's row ROWS - 4 (under the header).
    assert [(e.row, e.column, e.value) for e in result.errors] == [(ROWS - 4, "C 总投资", "约8000")]
    assert max(written) == ROWS - 100  # the batches before the bad row's were written, then undone
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert Project.objects.count() == 0 and AnnualPlan.objects.count() == 0
    assert MonthlyProgress.objects.count() == 0 and Project.history.count() == history
    # The same file without the bad row is written whole, batch by batch.
    result = import_generated(world, ledger(), batch_size=100)
    assert result.errors == [] and result.created == ROWS
    assert Project.objects.count() == ROWS and MonthlyProgress.objects.count() == ROWS
    assert Project.history.count() == history + ROWS


def test_importing_in_batches_holds_one_batch_of_rows_not_the_file(world):
    """At every batch, the rows alive are those of the batch and the preview's first rows."""
    alive = []

    def progress(done, total):
        gc.collect()
        alive.append(sum(isinstance(o, DataRow) for o in gc.get_objects()))

    result = import_generated(world, ledger(), batch_size=500, progress=progress)
    assert result.created == ROWS and len(alive) == ROWS // 500
    assert max(alive) <= 500 + 10 + 10
    # Read whole (the way other imports use the engine), every row is held.
    analysis = analyse(read_workbook(ledger()), SPEC)
    assert len(analysis.rows) == ROWS


def batch_of_rows(n: int) -> list[DataRow]:
    return [
        DataRow("重点项目", i + 2, "", {"code": (None, f"SC-{i:05d}"), "name": (None, f"生成项目{i:05d}")})
        for i in range(n)
    ]


def test_a_batch_finds_projects_by_code_and_by_zone_and_name_but_not_in_the_recycle_bin(world):
    by_code = make_project(world.zone_a, name="另一名称", code="SC-00001")
    by_name = make_project(world.zone_a, name="生成项目00002")
    gone = make_project(world.zone_a, name="生成项目00003", code="SC-00003")
    archive(gone, world.user("admin"))
    found = existing_projects(batch_of_rows(5), ZoneMatcher(None, Project))
    assert found.by_code == {"SC-00001": by_code}
    assert found.by_zone_name == {
        (world.zone_a.pk, "另一名称"): by_code,
        (world.zone_a.pk, "生成项目00002"): by_name,
    }
    # A project this import made from an earlier batch is not "existing".
    left = existing_projects(batch_of_rows(5), ZoneMatcher(None, Project), leave_out={by_code.pk})
    assert left.by_code == {} and list(left.by_zone_name.values()) == [by_name]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_a_batch_finds_its_projects_along_their_unique_indexes_not_by_reading_every_live_project(world):
    """Asked for a batch's 2,000 codes and names at once, with `archived_id IS NULL` in the same query,
    SQLite (without statistics, as in a new database) walked the index of archived_id — every live
    project, once per batch: an import grew with the square of its rows."""
    zones = ZoneMatcher(None, Project)
    with CaptureQueriesContext(connection) as queries:
        existing_projects(batch_of_rows(BATCH_ROWS), zones)
    plans = sqlite_plans(queries, "projects_project")
    assert len(plans) == 2
    assert all(p.startswith("SEARCH projects_project USING INDEX") and "archived" not in p for p in plans), (
        plans
    )
