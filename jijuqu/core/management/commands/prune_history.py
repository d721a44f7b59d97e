from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jijuqu.core.retention import SUBMISSIONS_KEPT, prune


class Command(BaseCommand):
    help = (
        "Delete change history older than --days (default JIJUQU_HISTORY_DAYS; each record's latest "
        "change is kept) and form tokens / idempotency keys older than "
        f"{SUBMISSIONS_KEPT.days} days. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days of history")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args, days, dry_run, **options):
        days = settings.JIJUQU_HISTORY_DAYS if days is None else days
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        result = prune(days, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        if days is None:
            self.stdout.write("History kept in full (JIJUQU_HISTORY_DAYS is not set and no --days given).")
        else:
            for label, count in result.history.items():
                if count:
                    self.stdout.write(f"{label}: {verb} {count}")
            self.stdout.write(f"History older than {days} days: {verb} {result.history_total} rows.")
        self.stdout.write(f"Form tokens and idempotency keys: {verb} {result.submissions}.")
        self.stdout.write(f"Change marks and kept figures: {verb} {result.computed}.")
