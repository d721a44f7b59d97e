from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jijuqu.core import backup


class Command(BaseCommand):
    help = "Write one archive with the database and the uploaded files (safe while the server runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", help="the archive to write (default DATA_DIR/backups/jijuqu-DATE-TIME.tar.gz)"
        )

    def handle(self, *args, out, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            path, manifest = backup.backup(out)
        except backup.BackupError as err:
            raise CommandError(str(err)) from err
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            _("Backup written: %(path)s (%(tables)s tables, %(rows)s rows, %(files)s uploaded files)")
            % {
                "path": path,
                "tables": len(manifest["tables"]),
                "rows": rows,
                "files": manifest["media_files"],
            }
        )
