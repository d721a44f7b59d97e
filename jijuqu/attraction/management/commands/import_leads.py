from django.core.management.base import BaseCommand, CommandError

from jijuqu.attraction.importers_leads import SPEC, import_leads
from jijuqu.attraction.models import Team
from jijuqu.imports.commands import importing, read_file, report
from jijuqu.imports.engine import analyse
from jijuqu.zones.models import Zone


class Command(BaseCommand):
    help = (
        "Import a lead list (招商线索/在谈项目; xlsx, xls, ods) of a team, matched within the team by credit "
        "code or company name: all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--team", type=int, help="id of the team for rows whose 招商团 column is empty")
        which.add_argument("--zone", help="code of the zone whose teams the rows name")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, team, zone, dry_run, json: bool, **options):
        the_team = the_zone = None
        if team is not None:
            the_team = Team.objects.filter(pk=team).first()
            if the_team is None:
                raise CommandError(f"没有编号为{team}的招商团。")
        if zone:
            the_zone = Zone.objects.filter(code=zone).first()
            if the_zone is None:
                raise CommandError(f"没有代码为“{zone}”的开发区。")
        workbook = read_file(file)
        result = importing(
            lambda: import_leads(analyse(workbook, SPEC), team=the_team, zone=the_zone, write=not dry_run)
        )
        report(self, result, as_json=json, dry_run=dry_run)
