from django.core.management.base import BaseCommand, CommandError

from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.zones.models import Zone


class Command(BaseCommand):
    help = "Import a key-project ledger (xlsx, xls, ods): all rows or none. Exits 1 when there are errors."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--zone", help="code of the zone for rows whose sheet or section names none")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True, choices=range(1, 13), metavar="MONTH")
        parser.add_argument(
            "--update-details",
            action="store_true",
            help="also update the projects' details (dates, investment, builder …) from a past period's ledger",
        )
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, file, zone, year, month, dry_run, json: bool, update_details: bool, **options):
        default_zone = None
        if zone:
            default_zone = Zone.objects.filter(code=zone).first()
            if default_zone is None:
                raise CommandError(f"没有代码为“{zone}”的开发区。")
        workbook = read_file(file, lazy=True)
        ctx = Context(year, month, default_zone=default_zone, update_details=update_details or None)
        result = importing(lambda: import_ledger(analyse(workbook, SPEC), ctx, write=not dry_run))
        report(self, result, as_json=json, dry_run=dry_run)
