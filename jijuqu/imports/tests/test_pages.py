"""Upload → preview (mapping, rows, errors) → confirm, through Django's client."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jijuqu.core.testing import SAMPLES
from jijuqu.imports.models import ImportJob
from jijuqu.projects.models import MonthlyProgress, Project
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, path_or_bytes, name="ledger.xlsx", **data):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    payload = {"file": SimpleUploadedFile(name, content), "year": 2024, "month": 10, **data}
    return client.post("/imports/projects/", payload)


def test_bad_ledger_preview_lists_every_error_and_offers_the_error_workbook(login, world):
    client = login("admin")
    response = upload(client, SAMPLES / "jiaozuo-key-projects-2024-10-bad.xlsx", zone=world.zone_a.pk)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "“约8000”不是有效的金额" in html and "金额不能为负数" in html
    assert "“焦作市工业产业集聚区”未能对应到您可导入的开发区" in html
    assert 'id="confirm-import"' not in html
    report_response = client.get(f"/imports/{job.pk}/errors.xlsx")
    ws = load_workbook(BytesIO(report_response.content)).active
    assert ws.cell(row=3, column=15).value == "导入错误"
    assert "不是有效的金额" in ws.cell(row=10, column=15).value
    assert ws.cell(row=7, column=15).value is None
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 302
    assert Project.objects.count() == 0


def test_clean_ledger_is_previewed_then_imported_on_confirm(login, world):
    world.zone_a.aliases = ""
    client = login("zone_a")
    # A single-zone office's own ledger: no sections, the zone chosen on upload.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["沁阳市重点项目进展表"])
    ws.append(["单位：亿元"])
    ws.append(["序号", "项目名称", "建设单位", "总投资", "2024年计划投资", "1-10月完成投资", "形象进度"])
    ws.append([1, "超威电源智能化改造项目", "河南超威电源有限公司", 4.5, "1.2", "0.95", "设备安装"])
    ws.append(["合计", None, None, 4.5, 1.2, 0.95])
    out = BytesIO()
    wb.save(out)
    response = upload(client, out.getvalue(), zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert 'id="confirm-import"' in html and "单位：亿元" in html or "亿元" in html
    assert Project.objects.count() == 0
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 1
    project = Project.objects.get()
    assert project.total_investment == 45000 and project.zone == world.zone_a
    assert MonthlyProgress.objects.get().invested == 9500
    assert project.history.first().history_user == world.user("zone_a")
    # The imported job's page names the columns' fields in Chinese, not by their keys.
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert "建设单位" in html and "builder_name" not in html and ">name<" not in html


def test_user_fixes_the_mapping_in_the_preview(login, world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "建设单位", "总投资", "投资额"])  # 投资额: unknown to jijuqu
    ws.append(["超威电源智能化改造项目", "河南超威电源有限公司", 45000, 9500])
    out = BytesIO()
    wb.save(out)
    client = login("zone_a")
    upload(client, out.getvalue(), zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    assert job.mapping["Sheet"]["3"] is None
    page = client.get(f"/imports/{job.pk}/")
    data = {name: (page.context["form"][name].value() or "") for name in page.context["form"].fields}
    data["map-0-3"] = "ytd"
    client.post(f"/imports/{job.pk}/", data)
    job.refresh_from_db()
    assert job.mapping["Sheet"]["3"] == "ytd" and job.result["errors"] == []
    client.post(f"/imports/{job.pk}/confirm/")
    assert MonthlyProgress.objects.get().invested == 9500


def test_someone_elses_import_is_not_found(login, world):
    upload(login("zone_a"), SAMPLES / "jiaozuo-key-projects-2024-10.xlsx", zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    client = login("zone_b")
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 404
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 404


def test_unreadable_file_is_refused_plainly(login, world):
    response = upload(login("zone_a"), b"not a spreadsheet", zone=world.zone_a.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件不是Excel或ODS表格" in html and "Cannot" not in html
    assert ImportJob.objects.count() == 0


def test_exported_ledger_imports_back_unchanged(login, world):
    from jijuqu.imports.engine import analyse, read_workbook
    from jijuqu.projects.importers import SPEC, Context, import_ledger

    a = make_project(
        world.zone_a,
        "广东兴发年产10万吨高档铝型材项目",
        total="100000.00",
        plan="35000.00",
        code="QY-001",
        level="province",
        leader=world.official_a,
        department=world.dept_a,
    )
    report(a, 2024, 9, "30000.00")
    report(a, 2024, 10, "7100.00")
    c = make_project(
        world.zone_c,
        "温县食品项目",
        total="5000.00",
        plan="1200.00",
        leader_name="王建国",
        department_name="县发改委",
    )
    report(c, 2024, 10, "100.50")
    make_project(world.zone_a, "未开工项目", total="800.00", plan="0.00", status="signed")
    exported = login("city").get("/projects/", {"period": "2024-10", "export": "xlsx"}).content
    history = Project.history.count() + MonthlyProgress.history.count()
    result = import_ledger(
        analyse(read_workbook(BytesIO(exported)), SPEC), Context(2024, 10, user=world.user("city"))
    )
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Project.history.count() + MonthlyProgress.history.count() == history


def test_zone_staff_find_their_one_zone_chosen_and_a_city_chooses(login, world):
    form = login("zone_a").get("/imports/projects/").context["form"]
    assert form["zone"].value() == world.zone_a.pk
    assert login("city").get("/imports/projects/").context["form"]["zone"].value() is None
