from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jijuqu.core import backup


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with those of a `jijuqu backup` archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `jijuqu backup`")

    def handle(self, *args, file, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            restored = backup.restore(file)
        except backup.BackupError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(
            _(
                "Restored %(file)s: %(tables)s tables, %(rows)s rows, %(files)s uploaded files, each table checked."
            )
            % {"file": file, "tables": restored.tables, "rows": restored.rows, "files": restored.media_files}
        )
