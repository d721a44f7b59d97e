"""`jijuqu serve`: the production server. gunicorn runs the WSGI app; WhiteNoise serves the static files
collected (and compressed) into the data directory, so no web server is needed for them.

The command checks that the database is migrated (several app servers must not race to migrate it:
one `jijuqu migrate`, or `serve --migrate` on one machine), collects the static files when the
installed package's differ from the collected ones, then replaces itself with gunicorn, so systemd's
signals (stop, reload) reach gunicorn's master directly.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext as _

STAMP = ".jijuqu-collected"


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def static_root() -> Path:
    return Path(settings.STATIC_ROOT or settings.DATA_DIR / "static")


def static_fingerprint() -> str:
    """A digest of every static file the installed package and apps provide (name, size, mtime): it
    changes when an upgrade brings new files, and only then is collectstatic run again."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static(root: Path, env: dict[str, str]) -> bool:
    """Collect into `root` unless it already holds these files; True when it collected."""
    fingerprint = static_fingerprint()
    stamp = root / STAMP
    if stamp.exists() and stamp.read_text().strip() == fingerprint:
        return False
    root.mkdir(parents=True, exist_ok=True)
    # In a process of its own: this one's settings were read without STATIC_ROOT.
    result = subprocess.run(
        [sys.executable, "-m", "jijuqu.cli", "collectstatic", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise CommandError(
            _("Could not collect the static files into %(root)s:\n%(error)s")
            % {"root": root, "error": result.stderr.strip()}
        )
    stamp.write_text(fingerprint)
    return True


class Command(BaseCommand):
    help = (
        "Serve jijuqu with gunicorn and WhiteNoise (collects the static files and checks migrations first)."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.getenv("JIJUQU_WORKERS", "0")) or default_workers(),
            help="worker processes (default JIJUQU_WORKERS, else 2 × CPUs + 1, at most 8)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.getenv("JIJUQU_THREADS", "4")),
            help="threads per worker (default JIJUQU_THREADS, else 4)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="seconds before a stuck worker is restarted (default 120)",
        )
        parser.add_argument("--migrate", action="store_true", help="apply pending migrations first")
        parser.add_argument("--access-log", action="store_true", help="log every request on stderr")

    def handle(self, *args, bind, workers, threads, timeout, migrate, access_log, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if workers < 1 or threads < 1:
            raise CommandError(_("--workers and --threads must be 1 or more."))
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        pending = pending_migrations()
        if pending:
            raise CommandError(
                _(
                    "The database has %(count)s unapplied migrations (%(names)s). Run `jijuqu migrate` "
                    "first (once, on one machine), or `jijuqu serve --migrate`."
                )
                % {
                    "count": len(pending),
                    "names": ", ".join(pending[:3]) + (" …" if len(pending) > 3 else ""),
                }
            )
        root = static_root()
        env = {**os.environ, "STATIC_ROOT": str(root), "DJANGO_SETTINGS_MODULE": "jijuqu.settings"}
        if collect_static(root, env):
            self.stdout.write(_("Static files collected into %(root)s.") % {"root": root})
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "jijuqu.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            "30",
            # A worker is replaced after a while, so a slow leak never grows without bound.
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
            "--error-logfile",
            "-",
            "--name",
            "jijuqu",
            # gunicorn's control socket defaults to one path per home directory: two instances on a
            # machine would fight over it, and nothing here uses it.
            "--no-control-socket",
        ]
        if access_log:
            command += ["--access-logfile", "-"]
        self.stdout.write(
            _("jijuqu serving on http://%(bind)s/ (%(workers)s workers × %(threads)s threads)")
            % {"bind": bind, "workers": workers, "threads": threads}
        )
        self.stdout.flush()
        connection.close()
        os.execvpe(sys.executable, command, env)
