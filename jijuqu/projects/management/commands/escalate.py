import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jijuqu.projects import escalation


class Command(BaseCommand):
    help = "Move overdue problems and enterprise requests up a level (run from cron, or let `jijuqu clock` run it)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="act as if it were this time (ISO 8601), e.g. to catch up")

    def handle(self, *args, now=None, **options):
        when = timezone.now()
        if now:
            try:
                when = dt.datetime.fromisoformat(now)
            except ValueError as err:
                raise CommandError(f"--now：无法识别的时间“{now}”，请用 2024-11-01T08:00 的格式。") from err
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        for line in escalation.run_all(when):
            self.stdout.write(line)
