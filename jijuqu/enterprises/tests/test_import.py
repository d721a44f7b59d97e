from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from jijuqu.core.testing import credit
from jijuqu.enterprises.importers import SPEC, import_enterprises
from jijuqu.enterprises.models import Enterprise
from jijuqu.imports.engine import analyse, read_workbook

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.append(["2024年沁阳市产业集聚区企业名录"])
    ws.append(
        ["序号", "企业名称", "统一社会信用代码", "是否规上", "所在园区", "注册资本（亿元）", "成立时间"]
    )
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def run(content, world, **kwargs):
    return import_enterprises(
        analyse(read_workbook(BytesIO(content)), SPEC), default_zone=world.zone_a, **kwargs
    )


def test_enterprises_are_created_then_updated_by_credit_code(world):
    new_code = credit("410882", 501)
    rows = [
        [1, "沁阳新材料有限公司", new_code, "是", "沁北园区", "0.5", "2019年3月"],
        [2, "广东兴发铝业（河南）有限公司", world.enterprise_a.credit_code.lower(), "是", None, 3.5, None],
    ]
    result = run(workbook(rows), world)
    assert result.errors == [] and (result.created, result.updated, result.unchanged) == (1, 1, 0)
    made = Enterprise.objects.get(credit_code=new_code)
    assert made.registered_capital == Decimal("5000.00") and made.park == world.park_a and made.above_scale
    assert str(made.established) == "2019-03-01"
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.registered_capital == Decimal("35000.00")
    again = run(workbook(rows), world)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_bad_code_or_yes_no_writes_nothing(world):
    rows = [
        [1, "沁阳新材料有限公司", credit("410882", 502), "是", None, 1, None],
        [2, "坏代码企业", "91350100M000100Y44", "也许", None, 1, None],
    ]
    before = Enterprise.objects.count()
    result = run(workbook(rows), world)
    messages = {(e.row, e.column.split(" ")[0]): e.message for e in result.errors}
    assert "校验位错误" in messages[(4, "C")]
    assert Enterprise.objects.count() == before and result.created == 0


def test_zone_user_cannot_import_into_other_zone(world):
    rows = [[1, "外区企业", credit("410482", 503), "否", None, 1, None]]
    result = import_enterprises(
        analyse(read_workbook(BytesIO(workbook(rows))), SPEC),
        user=world.user("zone_a"),
        default_zone=world.zone_b,
    )
    assert result.errors and not Enterprise.objects.filter(name="外区企业").exists()


def test_an_enterprise_list_goes_through_the_import_pages(login, world, settings, tmp_path):
    """The engine's pages serve every registered kind: upload, preview (labels, not keys), confirm."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jijuqu.imports.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    new_code = credit("410882", 502)
    content = workbook([[1, "沁阳新材料有限公司", new_code, "是", "沁北园区", "0.5", "2019年3月"]])
    client = login("zone_a")
    response = client.post(
        "/imports/enterprises/", {"file": SimpleUploadedFile("名录.xlsx", content), "zone": world.zone_a.pk}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.kind == "enterprises"
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert "导入企业名录" in html and "统一社会信用代码" in html and 'id="confirm-import"' in html
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and Enterprise.objects.get(credit_code=new_code).name == "沁阳新材料有限公司"
    # The enterprise user may not import enterprises.
    assert login("enterprise").get("/imports/enterprises/").status_code == 403


def test_a_row_without_a_zone_still_has_its_other_cells_checked(world):
    """The zone cannot be found (none chosen, none in the sheet): each row says so, and its bad credit code
    and yes/no are shown at once, not after the zone is fixed."""
    rows = [[1, "坏代码企业", "91350100M000100Y44", "也许", "沁北园区", 1, None]]
    result = import_enterprises(analyse(read_workbook(BytesIO(workbook(rows))), SPEC), default_zone=None)
    columns = {e.column.split(" ")[0]: e.message for e in result.errors}
    assert "无法确定所属开发区" in columns["B"]
    assert "校验位错误" in columns["C"] and "“也许”应为“是”或“否”" in columns["D"]
    assert "E" not in columns  # the park needs the zone: not judged without it
    assert result.created == 0 and not Enterprise.objects.filter(name="坏代码企业").exists()
