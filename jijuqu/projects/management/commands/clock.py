import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic jobs (escalation of problems and requests) every --interval seconds, for installs without cron."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=600)
        parser.add_argument("--once", action="store_true", help="run the jobs once and stop")

    def handle(self, *args, interval, once, **options):
        while True:
            call_command("escalate", stdout=self.stdout)
            if once:
                return
            time.sleep(interval)
