from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages without fuzzy matching: a guessed translation of a new message (often
    plainly wrong, e.g. "项目编号" for "zone code") must never reach users unreviewed."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
