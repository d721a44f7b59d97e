import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

log = logging.getLogger("jijuqu.clock")

# The periodic jobs, in the order they run each round.
JOBS = ["escalate", "prune_jobs", "refresh_statistics"]


def run_round(stdout) -> int:
    """Run every periodic job once; one that fails is logged and the others still run. Returns the
    number that failed."""
    failed = 0
    for name in JOBS:
        try:
            call_command(name, stdout=stdout)
        except Exception:
            failed += 1
            log.exception("periodic job %s failed; the clock carries on", name)
        finally:
            close_old_connections()  # a database that went away is reconnected next round
    return failed


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (escalation of problems and requests, pruning finished jobs, the "
        "database's statistics) every --interval seconds, for installs without cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=600)
        parser.add_argument("--once", action="store_true", help="run the jobs once and stop")

    def handle(self, *args, interval, once, **options):
        while True:
            failed = run_round(self.stdout)
            if once:
                if failed:  # for cron: a failed round is an exit status, not only a log line
                    raise CommandError(f"{failed} periodic job(s) failed; see the log")
                return
            time.sleep(interval)
