import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jijuqu.core.periods import Period, refuse_future
from jijuqu.reports.builder import Area
from jijuqu.service.report import build, report_docx, report_xlsx


class Command(BaseCommand):
    help = "Write the monthly 通报 of enterprise service (万人助万企) of a region or zone: .xlsx and .docx, or --json."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code (e.g. 410800) or zone code")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="print the figures and the text as JSON")
        parser.add_argument(
            "--out", default="", help="directory for the .xlsx and .docx (created if missing)"
        )

    def handle(self, *args, region, year, month, json: bool, out, **options):
        try:
            area = Area.from_code(region)
        except LookupError as err:
            raise CommandError(f"--region：{err}。") from err
        try:
            period = Period(year, month)
            refuse_future(period)
        except ValueError as err:
            raise CommandError(f"--month：{month} 不是 1–12 之间的月份。") from err
        except ValidationError as err:
            raise CommandError(f"--month：{err.messages[0]}") from err
        report = build(area, period)
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            self.stdout.write(report.text)
        if out or not json:
            folder = Path(out or ".")
            folder.mkdir(parents=True, exist_ok=True)
            stem = f"企业服务通报-{area.code}-{period}"
            for suffix, content in ((".xlsx", report_xlsx(report)), (".docx", report_docx(report))):
                path = folder / f"{stem}{suffix}"
                path.write_bytes(content)
                if not json:
                    self.stdout.write(str(path))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
