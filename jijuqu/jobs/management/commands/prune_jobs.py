from django.core.management.base import BaseCommand

from jijuqu.jobs.services import prune


class Command(BaseCommand):
    help = "Delete finished background jobs (and their files and queue rows) older than --days (default 14)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args, days, **options):
        self.stdout.write(f"{prune(days)} finished job(s) older than {days} days deleted")
