from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jijuqu.assessment.importers import import_values, spec_for
from jijuqu.assessment.models import Framework, validate_period
from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse


class Command(BaseCommand):
    help = "Import one period's indicator values of a framework (xlsx, xls, ods): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--framework", type=int, required=True, help="framework id")
        parser.add_argument("--period", required=True, help="2024, 2024-Q3 or 2024-10")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, framework, period, dry_run, json: bool, **options):
        f = Framework.objects.select_related("region").filter(pk=framework).first()
        if f is None:
            raise CommandError(f"没有编号为{framework}的指标体系")
        try:
            validate_period(period)
        except ValidationError as err:
            raise CommandError(f"--period：{'；'.join(err.messages)}") from err
        workbook = read_file(file)
        result = importing(
            lambda: import_values(analyse(workbook, spec_for(f)), f, period, write=not dry_run)
        )
        report(self, result, as_json=json, dry_run=dry_run)
