"""Hostile files: each is refused before it can cost memory or time, with a Chinese message, on every
path a file comes in by (the ledger upload, the enterprise upload, the indicator upload, the commands).

The files are built here: a sparse range (A1 and XFD1048576, 1.6 KB that asked calamine for 512 GB),
a zip bomb, a million rows, a renamed non-spreadsheet, an empty file, a workbook with macros, an ODS
whose rows repeat a million times.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jijuqu.assessment.testing import make_framework
from jijuqu.imports import services
from jijuqu.imports.models import ImportJob
from jijuqu.imports.reader import FileRefused, Limits, read_workbook
from jijuqu.projects.models import Project

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
    '.spreadsheetml.sheet.{kind}+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def xlsx(rows, *, dimension="", macro=False, padding=0) -> bytes:
    """A workbook written by hand, as an attacker would: `rows` is sheetData's XML (or an iterable
    of its pieces, streamed, for a million rows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        kind = "macroEnabled.main" if macro else "main"
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(kind=kind))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if macro:
            z.writestr("xl/vbaProject.bin", b"\x00" * 64)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(SHEET_START.encode())
            if dimension:
                f.write(f'<dimension ref="{dimension}"/>'.encode())
            f.write(b"<sheetData>")
            for piece in [rows] if isinstance(rows, str) else rows:
                f.write(piece.encode())
            f.write(b" " * padding)
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sparse() -> bytes:
    """One cell at A1 and one at XFD1048576: the 1.6 KB file that killed the process."""
    return xlsx(
        f'<row r="1">{cell("A1", "项目名称")}</row><row r="1048576">{cell("XFD1048576", "x")}</row>',
        dimension="A1:XFD1048576",
    )


def lying_dimension() -> bytes:
    """The same cells with a <dimension> that says A1: the extent is taken from the cells."""
    return xlsx(
        f'<row r="1">{cell("A1", "项目名称")}</row><row r="900000">{cell("ZZ900000", "x")}</row>',
        dimension="A1",
    )


def million_rows() -> bytes:
    return xlsx(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 1_000_001))


def zip_bomb() -> bytes:
    """12 MB of spaces that pack into a few KB."""
    return xlsx(f'<row r="1">{cell("A1", "项目名称")}</row>', padding=12 * 1024 * 1024)


def macro() -> bytes:
    return xlsx(f'<row r="1">{cell("A1", "项目名称")}</row>', macro=True)


def ods(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            f'<table:table table:name="台账">{body}</table:table></office:spreadsheet></office:body>'
            "</office:document-content>",
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
    return out.getvalue()


def ods_repeated() -> bytes:
    value = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    return ods(
        f"<table:table-row>{value}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{value}</table:table-row>'
    )


def renamed() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def renamed_zip() -> bytes:
    """A zip that is no spreadsheet (a .docx, say) renamed to .xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def empty() -> bytes:
    return b""


HOSTILE = {
    "sparse range A1 + XFD1048576": (sparse, "超过导入上限"),
    "extent hidden behind a lying <dimension>": (lying_dimension, "超过导入上限"),
    "a million rows": (million_rows, "超过导入上限200000行"),
    "zip bomb": (zip_bomb, "压缩比异常"),
    "macros (vbaProject.bin)": (macro, "含有宏"),
    "ODS rows repeated a million times": (ods_repeated, "超过导入上限"),
    "PDF renamed to .xlsx": (renamed, "可能只是改了扩展名"),
    ".docx renamed to .xlsx": (renamed_zip, "可能只是改了扩展名"),
    "empty file": (empty, "空"),
}


def chinese(message: str) -> bool:
    """A message for users: Chinese, and no library text ("Cannot detect file format")."""
    return bool(re.search(r"[\u4e00-\u9fff]", message)) and not re.search(r"[A-Za-z]+ [A-Za-z]+", message)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_hostile_file_is_refused_in_chinese_before_parsing(report_figures):
    refused, crashed = 0, []
    for name, (build, expected) in HOSTILE.items():
        try:
            read_workbook(io.BytesIO(build()))
        except FileRefused as err:
            if expected in str(err) and chinese(str(err)):
                refused += 1
            else:
                crashed.append(f"{name}: {err}")
        except Exception as err:  # noqa: BLE001 - counted and shown
            crashed.append(f"{name}: {type(err).__name__} {err}")
        else:
            crashed.append(f"{name}: read")
    report_figures(
        f"hostile files: {len(HOSTILE)} built, {refused} refused in Chinese, {len(crashed)} read or crashed"
    )
    assert crashed == []


def test_sparse_file_is_small_yet_refused_by_its_extent():
    content = sparse()
    assert len(content) < 2000
    with pytest.raises(FileRefused, match="1048576行"):
        read_workbook(io.BytesIO(content))


def test_checking_stops_at_the_time_limit():
    limits = Limits.from_settings()
    limits = Limits(**{**limits.__dict__, "seconds": 0})
    with pytest.raises(FileRefused, match="用时超过"):
        read_workbook(io.BytesIO(xlsx(f'<row r="1">{cell("A1", "项目名称")}</row>')), limits)


def test_a_file_larger_than_the_setting_is_refused(settings):
    settings.JIJUQU_IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileRefused, match="超出导入上限"):
        read_workbook(io.BytesIO(zip_bomb()))


def test_a_real_workbook_within_the_limits_is_read():
    wb = Workbook()
    wb.active.append(["项目名称", "总投资"])
    wb.active.append(["甲", 1])
    out = io.BytesIO()
    wb.save(out)
    assert read_workbook(out)[0][1] == [["项目名称", "总投资"], ["甲", 1.0]]


def upload(client, content, name="ledger.xlsx", url="/imports/projects/", **data):
    payload = {"file": SimpleUploadedFile(name, content), "year": 2024, "month": 10, **data}
    return client.post(url, payload)


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("url", ["/imports/projects/", "/imports/enterprises/"])
def test_hostile_upload_is_refused_and_leaves_nothing_on_disk(login, world, settings, url):
    client = login("zone_a")
    for name, (build, expected) in HOSTILE.items():
        if name == "a million rows":
            continue  # the same path as the sparse range; read directly above
        response = upload(client, build(), url=url, zone=world.zone_a.pk)
        assert response.status_code == 200, name
        assert expected in response.content.decode(), name
    assert ImportJob.objects.count() == 0
    assert media_files(settings) == []


def test_macro_workbook_by_its_name_is_refused(login, world):
    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    response = upload(login("zone_a"), out.getvalue(), name="台账.xlsm", zone=world.zone_a.pk)
    assert "含有宏的工作簿" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_with_no_ledger_is_refused_not_imported_as_zero_rows(login, world, tmp_path):
    wb = Workbook()
    wb.active.append(["随便写点什么"])
    out = io.BytesIO()
    wb.save(out)
    client = login("zone_a")
    upload(client, out.getvalue(), zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert "没有找到可识别的表头" in html and 'id="confirm-import"' not in html
    path = tmp_path / "nothing.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(SystemExit):
        call_command(
            "import_ledger", str(path), "--year", "2024", "--month", "10", "--zone", world.zone_a.code
        )


def test_commands_refuse_hostile_files_in_chinese(world, tmp_path):
    framework = make_framework(world)
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(sparse())
    commands = [
        ("import_ledger", "--year", "2024", "--month", "10"),
        ("import_enterprises",),
        ("import_indicators", "--framework", str(framework.pk), "--period", "2025"),
    ]
    for name, *args in commands:
        with pytest.raises(CommandError, match="超过导入上限"):
            call_command(name, str(path), *args)


def test_indicator_upload_refuses_the_sparse_file(login, world):
    framework = make_framework(world)
    client = login("admin")
    response = client.post(
        f"/assessment/frameworks/{framework.pk}/import/",
        {"file": SimpleUploadedFile("v.xlsx", sparse()), "period": "2025"},
        follow=True,
    )
    assert response.status_code == 200
    assert "超过导入上限" in response.content.decode()


def test_the_job_page_never_parses_the_file_again(login, world, monkeypatch):
    client = login("zone_a")
    wb = Workbook()
    wb.active.append(["项目名称", "建设单位", "总投资"])
    wb.active.append(["甲项目", "甲公司", 100])
    out = io.BytesIO()
    wb.save(out)
    upload(client, out.getvalue(), zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    # The stored file turns hostile (or the reader changes): the page still shows the stored check.
    job.file.save("ledger.xlsx", ContentFile(sparse()))

    def no_parsing(*args, **kwargs):
        raise AssertionError("the job page parsed the file")

    monkeypatch.setattr(services, "open_workbook", no_parsing)
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert "甲项目" in html and "项目名称" in html
    # Labels, not keys, and dropdowns wide enough to read.
    assert "builder_name" not in html.split('<table class="table table-sm table-bordered small mapping">')[0]
    assert "min-width: 11em" in html


def test_error_workbook_for_a_non_xlsx_upload_lists_the_errors(login, world):
    value = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    content = ods(
        "<table:table-row>"
        + "".join(value.format(h) for h in ("项目名称", "建设单位", "总投资"))
        + "</table:table-row>"
        "<table:table-row>"
        + "".join(value.format(v) for v in ("甲项目", "甲公司", "约8000"))
        + "</table:table-row>"
    )
    client = login("zone_a")
    upload(client, content, name="台账.xls", zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    assert job.result["errors"]
    response = client.get(f"/imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(row=1, column=5).value == "问题" and "约8000" in str(ws.cell(row=2, column=4).value)


def ledger_bytes() -> bytes:
    wb = Workbook()
    wb.active.append(["项目名称", "建设单位", "总投资"])
    wb.active.append(["并发项目", "甲公司", 100])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_two_imports_of_one_file_at_once_end_with_a_chinese_message(login, world, monkeypatch, tmp_path):
    from jijuqu.projects.importers import rows as importers

    client = login("zone_a")
    upload(client, ledger_bytes(), zone=world.zone_a.pk)
    upload(client, ledger_bytes(), zone=world.zone_a.pk)
    first, second = ImportJob.objects.order_by("pk")
    client.post(f"/imports/{first.pk}/confirm/")
    assert Project.objects.filter(name="并发项目").count() == 1
    # The second was checked before the first wrote: it still believes the project is new.
    monkeypatch.setattr(
        importers, "existing_projects", lambda rows, zones, **kw: importers.Existing({}, {}, {})
    )
    response = client.post(f"/imports/{second.pk}/confirm/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "failed" and "同时导入" in second.result["failure"]
    assert "同时导入" in client.get(f"/imports/{second.pk}/").content.decode()
    assert Project.objects.filter(name="并发项目").count() == 1
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger_bytes())
    with pytest.raises(CommandError, match="同时导入"):
        call_command(
            "import_ledger", str(path), "--year", "2024", "--month", "10", "--zone", world.zone_a.code
        )


def test_a_second_confirm_of_a_running_import_is_refused(login, world):
    client = login("zone_a")
    upload(client, ledger_bytes(), zone=world.zone_a.pk)
    job = ImportJob.objects.get()
    assert services.start(job) is True
    job.status = ImportJob.Status.CHECKED  # a stale copy, as a second request would hold
    assert services.start(job) is False
