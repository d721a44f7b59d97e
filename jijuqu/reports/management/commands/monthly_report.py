import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jijuqu.core.periods import Period, refuse_unfinished
from jijuqu.projects.choices import ProjectLevel
from jijuqu.reports.builder import Area, build
from jijuqu.reports.document import report_docx
from jijuqu.reports.issuance import issuance_for
from jijuqu.reports.pdf import docx_to_pdf, soffice
from jijuqu.reports.workbook import report_xlsx


class Command(BaseCommand):
    help = "Write the monthly report (月通报) of a region or zone as .xlsx and .docx and print their paths."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code (e.g. 410800) or zone code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--out", default=".", help="directory for the two files (created if missing)")
        parser.add_argument("--pdf", action="store_true", help="also write a PDF (needs LibreOffice)")
        parser.add_argument("--issuer", default="", help="发文机关 (default: the area's 发展和改革委员会)")
        parser.add_argument("--number", default="", help="发文字号, e.g. 焦作发改〔2026〕10号")
        parser.add_argument("--date", default="", help="成文日期 YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--level",
            action="append",
            choices=ProjectLevel.values,
            help="only projects of this level; repeat for several (default: all levels)",
        )

    def handle(self, *args, region, year, month, out, level, pdf, issuer, number, date, **options):
        if pdf and soffice() is None:
            raise CommandError("--pdf：本机未安装 LibreOffice（soffice），无法生成 PDF。")
        try:
            area = Area.from_code(region)
        except LookupError as err:
            raise CommandError(str(err)) from err
        try:
            period = Period(year, month)
        except ValueError as err:
            raise CommandError(f"--month：月份“{month}”应为1-12。") from err
        try:
            refuse_unfinished(period)
        except ValidationError as err:
            raise CommandError(f"--year/--month：{err.messages[0]}") from err
        try:
            issued_on = dt.date.fromisoformat(date) if date else None
        except ValueError as err:
            raise CommandError(f"--date：“{date}”不是有效日期，应为YYYY-MM-DD。") from err
        issuance = issuance_for(area, period, issuer=issuer, number=number, date=issued_on)
        report = build(area, period, levels=level, issuance=issuance)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        docx = report_docx(report)
        files = {"xlsx": report_xlsx(report), "docx": docx}
        if pdf:
            files["pdf"] = docx_to_pdf(docx)
        for suffix, content in files.items():
            path = folder / f"{report.file_stem}.{suffix}"
            path.write_bytes(content)
            self.stdout.write(str(path))
        for note in report.notes:
            self.stderr.write(note)
