from django.core.management.base import BaseCommand, CommandError

from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse
from jijuqu.land.importers import SPEC, import_inputs


class Command(BaseCommand):
    help = "Import the 亩均 evaluation's inputs (tax, power, statistics lists) for a year, by credit code: all or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, year, dry_run, json: bool, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year：应在2000到2100之间")
        workbook = read_file(file)
        result = importing(lambda: import_inputs(analyse(workbook, SPEC), year, write=not dry_run))
        report(self, result, as_json=json, dry_run=dry_run)
