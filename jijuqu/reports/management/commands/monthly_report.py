from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jijuqu.projects.analysis import Period
from jijuqu.projects.choices import ProjectLevel
from jijuqu.reports.builder import Area, build
from jijuqu.reports.document import report_docx
from jijuqu.reports.workbook import report_xlsx


class Command(BaseCommand):
    help = "Write the monthly report (月通报) of a region or zone as .xlsx and .docx and print their paths."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code (e.g. 410800) or zone code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--out", default=".", help="directory for the two files (created if missing)")
        parser.add_argument(
            "--level",
            action="append",
            choices=ProjectLevel.values,
            help="only projects of this level; repeat for several (default: all levels)",
        )

    def handle(self, *args, region, year, month, out, level, **options):
        try:
            area = Area.from_code(region)
        except LookupError as err:
            raise CommandError(str(err)) from err
        try:
            period = Period(year, month)
        except ValueError as err:
            raise CommandError(f"--month：月份“{month}”应为1-12。") from err
        report = build(area, period, levels=level)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, render in (("xlsx", report_xlsx), ("docx", report_docx)):
            path = folder / f"{report.file_stem}.{suffix}"
            path.write_bytes(render(report))
            self.stdout.write(str(path))
        for note in report.notes:
            self.stderr.write(note)
