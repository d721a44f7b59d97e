"""The ledger import streams its rows in batches: the same errors, preview and outcome as reading the
whole file at once, nothing written when any row anywhere is bad, and no batch holding every row."""

from __future__ import annotations

import json
import os
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jijuqu.core.testing import SAMPLES
from jijuqu.imports import services
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.importers import SPEC, Context, import_ledger

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


def outcome(source, world, **ctx) -> dict:
    user = world.user(ctx.pop("user")) if "user" in ctx else None
    analysis = analyse(read_workbook(source), SPEC)
    result = import_ledger(analysis, Context(ctx.pop("year", 2024), ctx.pop("month", 10), user=user, **ctx))
    return {
        "result": result.as_dict(),
        "sheets": [{k: v for k, v in s.items()} for s in services.summary(analysis)],
    }


def outcomes(world) -> dict:
    found = {
        "bad": outcome(str(BAD), world),
        "bad_as_zone_user": outcome(str(BAD), world, user="zone_a"),
        "clean_wrong_month": outcome(str(CLEAN), world, month=9),
        "clean": outcome(str(CLEAN), world),
        "clean_again": outcome(str(CLEAN), world),
    }
    found["lowered"] = outcome(lowered(), world, month=11)
    return json.loads(json.dumps(found, ensure_ascii=False, default=str))


def test_errors_preview_and_counts_are_those_of_the_whole_file_reading(jiaozuo):  # noqa: F811
    found = outcomes(jiaozuo)
    if os.environ.get("JIJUQU_WRITE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    assert found == json.loads(SNAPSHOT.read_text())
