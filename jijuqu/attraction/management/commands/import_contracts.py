from django.core.management.base import BaseCommand, CommandError

from jijuqu.attraction.importers import SPEC, import_contracts
from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse
from jijuqu.zones.models import Zone


class Command(BaseCommand):
    help = "Import a 签约项目台账 (xlsx, xls, ods), matched by zone and project name: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--zone", help="code of the zone for rows whose sheet or section names none")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, zone, year, month, dry_run, json: bool, **options):
        if not 1 <= month <= 12:
            raise CommandError("月份应为1-12。")
        default_zone = Zone.objects.filter(code=zone).first() if zone else None
        if zone and default_zone is None:
            raise CommandError(f"没有代码为“{zone}”的开发区。")
        workbook = read_file(file)
        result = importing(
            lambda: import_contracts(
                analyse(workbook, SPEC), year, month, default_zone=default_zone, write=not dry_run
            )
        )
        report(self, result, as_json=json, dry_run=dry_run)
