"""What the import commands print, the same for every kind of import."""

from __future__ import annotations

import json

from .engine import Result


def report(command, result: Result, *, as_json: bool, dry_run: bool) -> None:
    """Print the outcome (one JSON object with --json); exit 1 when there are errors."""
    if as_json:
        command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        verb = "检查" if dry_run else "导入"
        command.stdout.write(
            f"{verb}完成：新增{result.created}，更新{result.updated}，未变{result.unchanged}，"
            f"错误{len(result.errors)}。"
        )
        for e in result.errors:
            value = "" if e.value is None else e.value
            command.stdout.write(f"  [{e.sheet}] 第{e.row}行 {e.column} “{value}”：{e.message}")
        if result.errors:
            command.stdout.write("有错误，未写入任何数据。")
    if result.errors:
        raise SystemExit(1)


def read_file(path: str, *, lazy: bool = False):
    """The workbook at `path`, or CommandError with a Chinese message (never library text). `lazy`:
    its rows read as they are used (reader.open_workbook), for imports that stream."""
    from django.core.management.base import CommandError

    from .reader import FileRefused, open_workbook, read_workbook

    try:
        return open_workbook(path) if lazy else read_workbook(path)
    except FileRefused as err:
        raise CommandError(f"无法读取“{path}”：{err}") from err
    except OSError as err:
        raise CommandError(f"无法打开“{path}”：文件不存在或没有读取权限") from err


def importing(run):
    """Run an import; two imports of the same rows at once end with a Chinese message, not a traceback."""
    from django.core.management.base import CommandError
    from django.db import IntegrityError

    from .reader import FileRefused
    from .services import CONCURRENT

    try:
        return run()
    except IntegrityError as err:
        raise CommandError(CONCURRENT) from err
    except FileRefused as err:  # found while the rows stream
        raise CommandError(str(err)) from err
