from __future__ import annotations

import subprocess
import sys
import threading
import time
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jijuqu.demo.build import ACCOUNTS, DemoBuilder


class Command(BaseCommand):
    help = "Create the database, load the demo data set and serve jijuqu on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="only prepare the database and data")
        parser.add_argument(
            "--size",
            type=int,
            default=1,
            help="scale of the synthetic part: 20 × SIZE enterprises per zone (default 1)",
        )

    def handle(self, *args, port, no_serve, size, **options):
        if size < 1:
            raise CommandError("--size must be 1 or more")
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        builder = DemoBuilder(enterprises_per_zone=20 * size, projects_per_zone=3 * size)
        result = builder.build()
        for line in builder.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            f"Demo data ready in {time.monotonic() - started:.1f} s: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"\njijuqu: {url}\nDemo accounts (password for all: {ACCOUNTS[0].password}):")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.name}")
        if not no_serve:
            # The clock runs beside the server so overdue problems climb without anyone touching them.
            threading.Thread(
                target=call_command, args=("clock",), kwargs={"stdout": StringIO()}, daemon=True
            ).start()
            # And a worker, as its own process, for the background jobs (large imports, report files).
            worker = subprocess.Popen([sys.executable, "-m", "jijuqu.cli", "worker", "--verbosity", "0"])
            try:
                call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
