from django.core.management.base import BaseCommand, CommandError

from jijuqu.enterprises.importers import SPEC, import_enterprises
from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse
from jijuqu.zones.models import Zone


class Command(BaseCommand):
    help = "Import an enterprise list (xlsx, xls, ods), matched by credit code: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--zone", help="code of the zone for rows whose sheet or section names none")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, zone, dry_run, json: bool, **options):
        default_zone = Zone.objects.filter(code=zone).first() if zone else None
        if zone and default_zone is None:
            raise CommandError(f"没有代码为“{zone}”的开发区。")
        workbook = read_file(file)
        result = importing(
            lambda: import_enterprises(analyse(workbook, SPEC), default_zone=default_zone, write=not dry_run)
        )
        report(self, result, as_json=json, dry_run=dry_run)
