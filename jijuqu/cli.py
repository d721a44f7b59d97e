"""The `jijuqu` console script: Django's manage.py with the project's settings preloaded."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijuqu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jijuqu", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
