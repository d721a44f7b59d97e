from django.core.management.base import BaseCommand

from jijuqu.core import planner


class Command(BaseCommand):
    help = (
        "Refresh the statistics the database's query planner reads (SQLite: those missing or stale; "
        "--full: all). The clock runs it; migrate does it in full."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="ANALYZE every table")

    def handle(self, *args, full, **options):
        planner.refresh(full=full)
