from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages without fuzzy matching and without source locations.

    A guessed translation of a new message (often plainly wrong, e.g. "项目编号" for "zone code")
    must never reach users unreviewed.
    """

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        # Without source locations the catalogue changes only when a message does, so CI can
        # check that it is complete (see .ci/run).
        options["no_location"] = True
        return super().handle(*args, **options)
