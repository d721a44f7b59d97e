"""jijuqu attraction_report --region CODE --year Y --month M [--json] [--out DIR]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jijuqu.attraction import report as attraction
from jijuqu.attraction import services
from jijuqu.attraction.models import Contract
from jijuqu.core.periods import Period
from jijuqu.reports.builder import Area


class Command(BaseCommand):
    help = "招商通报 of a region (6-digit code) or zone (zone code): the figures as JSON, or the .xlsx and .docx."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--out", default=".")

    def handle(self, *args, **options):
        try:
            period = Period(options["year"], options["month"])
            area = Area.from_code(options["region"])
        except ValueError as err:
            raise CommandError("月份应为1-12") from err
        except LookupError as err:
            raise CommandError(str(err)) from err
        if options["json"]:
            figures = services.figures(attraction.area_contracts(area, Contract.objects.all()), period)
            self.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False))
            return
        report = attraction.build(area, period, user=None)
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        stem = f"{area.name}{period.year}年{period.label}招商引资通报"
        for suffix, render in (("xlsx", attraction.report_xlsx), ("docx", attraction.report_docx)):
            path = out / f"{stem}.{suffix}"
            path.write_bytes(render(report))
            self.stdout.write(str(path))
