"""Benchmark: importing a key-project ledger of many rows (100,000 by default; 1,000,000 for the
issue's target), on SQLite and, with --pg, on PostgreSQL in the same run.

Measured side by side, each stage in its own child process on a fresh database, which reports its own
peak memory (ru_maxrss: Django, the database driver and the import together):
  floor   the storage floor: a bare python-calamine read of the file plus a bare executemany of the
          same rows into the same tables (projects, annual plans, monthly reports, the two lifecycle
          steps of each project, and a history row for each), no checking at all;
  jijuqu  jijuqu's import (streamed in batches, all checked, written with history in one
          transaction; COPY on PostgreSQL);
  die     django-import-export 4.x importing the first --die-rows rows into Project (projects only,
          with full_clean as jijuqu validates; no plans, no reports), compared per row.

The ledger has more rows than the default JIJUQU_IMPORT_MAX_ROWS (200,000): the stages raise the
import limits through their settings (environment variables), as an operator would for the CLI.

    pip install -e ".[bench]" && python benchmarks/import_ledger.py --rows 1000000 \
        [--pg postgres://postgres@127.0.0.1:5432/postgres] [--skip-die]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Limits wide enough for the benchmark's ledger (a 1,000,000-row sheet is about 75 MB, 700 MB unzipped).
LIMITS = {
    "JIJUQU_IMPORT_MAX_ROWS": "5000000",
    "JIJUQU_IMPORT_MAX_CELLS": "100000000",
    "JIJUQU_IMPORT_MAX_BYTES": str(1024**3),
    "JIJUQU_IMPORT_MAX_UNCOMPRESSED": str(8 * 1024**3),
}
HEADER = [
    "序号",
    "项目编号",
    "项目名称",
    "建设单位",
    "建设性质",
    "总投资",
    "2024年计划投资",
    "1-10月完成投资",
    "开工时间",
    "竣工时间",
    "形象进度",
    "包联领导",
]
KINDS = ["新建", "扩建", "技改"]


def build(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("重点项目")
    ws.append(HEADER)
    for i in range(rows):
        total = 1000 + (i * 7919) % 500000
        ws.append(
            [
                i + 1,
                f"BM-{i:06d}",
                f"基准测试项目{i:06d}",
                f"基准测试企业{i % 5000:04d}有限公司",
                KINDS[i % 3],
                total,
                round(total * 0.3, 2),
                round(total * 0.25, 2),
                f"2023.{i % 12 + 1}",
                "2026年6月",
                "主体工程施工",
                f"领导{i % 50:02d}",
            ]
        )
    wb.save(path)


def setup_django(db_dir: str) -> None:
    os.environ["JIJUQU_DATA_DIR"] = db_dir
    os.environ.update(LIMITS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijuqu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jijuqu.zones.models import Region, Zone

    province = Region.objects.create(code="410000", name="河南省", level="province")
    city = Region.objects.create(code="410800", name="焦作市", level="city", parent=province)
    county = Region.objects.create(code="410882", name="沁阳市", level="county", parent=city)
    Zone.objects.create(code="41088201", name="沁阳市产业集聚区", region=county)


def stage_floor(path: str) -> dict:
    """calamine's read, then the rows jijuqu writes for this file, inserted bare."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Project, StatusChange
    from jijuqu.zones.models import Zone

    t0 = time.perf_counter()
    wb = CalamineWorkbook.from_path(path)
    rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()[1:]
    t1 = time.perf_counter()
    zone = Zone.objects.get().pk
    now = timezone.now()
    start, end = dt.date(2023, 3, 1), dt.date(2026, 6, 30)
    qn = connection.ops.quote_name

    def table(model, values: dict, n: int):
        """Columns of `model` and a function making a row from per-row values (the rest constants)."""
        fields = list(model._meta.concrete_fields)
        constants = {}
        for f in fields:
            if f.attname not in values and not f.primary_key:
                default = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else None
                default = default if default is not None else f.get_default()
                constants[f.attname] = f.get_db_prep_save(default, connection)
        return fields, constants

    def insert(model, columns: list, rows: list[tuple]) -> None:
        sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[i : i + 5000])

    def both(model, per_row: list[str], rows: list[tuple]) -> None:
        """The rows and their "+" history rows."""
        fields, constants = table(model, dict.fromkeys(per_row), len(rows))
        fixed = [f.column for f in fields if f.attname in constants]
        values = [constants[f.attname] for f in fields if f.attname in constants]
        columns = [model._meta.get_field(a.removesuffix("_id")).column for a in per_row] + fixed
        insert(model, columns, [(*r, *values) for r in rows])
        if getattr(model, "history", None) is None:  # an append-only log keeps no history
            return
        history = model.history.model
        extra = {
            "history_date": now,
            "history_type": "+",
            "history_change_reason": None,
            "history_user_id": None,
        }
        hcolumns = [history._meta.get_field(k.removesuffix("_id")).column for k in extra]
        hvalues = values + list(extra.values())
        insert(history, [*columns, *hcolumns], [(*r, *hvalues) for r in rows])

    with transaction.atomic():
        n = len(rows)
        first = 1
        projects = [
            (
                first + i,
                str(r[2]),
                str(r[1]),
                str(r[3]),
                zone,
                str(Decimal(str(r[5]))),
                start,
                end,
                "building",
                start,
            )
            for i, r in enumerate(rows)
        ]
        both(
            Project,
            [
                "id",
                "name",
                "code",
                "builder_name",
                "zone_id",
                "total_investment",
                "planned_start",
                "planned_completion",
                "status",
                "actual_start",
            ],
            projects,
        )
        del projects
        both(
            AnnualPlan,
            ["id", "project_id", "year", "planned_investment"],
            [(1 + i, first + i, 2024, str(Decimal(str(r[6])))) for i, r in enumerate(rows)],
        )
        both(
            MonthlyProgress,
            ["id", "project_id", "year", "month", "invested", "progress_text"],
            [(1 + i, first + i, 2024, 10, str(Decimal(str(r[7]))), str(r[10])) for i, r in enumerate(rows)],
        )
        steps = [("planning", "started"), ("started", "building")]
        both(
            StatusChange,
            ["id", "project_id", "from_status", "to_status", "date", "note"],
            [(1 + 2 * i + k, first + i, *steps[k], start, "台账导入") for i in range(n) for k in (0, 1)],
        )
    t2 = time.perf_counter()
    return {"rows_read": n, "read": round(t1 - t0, 2), "write": round(t2 - t1, 2)}


def stage_jijuqu(path: str) -> dict:
    from jijuqu.imports.engine import analyse, open_workbook
    from jijuqu.projects.importers import SPEC, Context, import_ledger
    from jijuqu.projects.models import MonthlyProgress, Project
    from jijuqu.zones.models import Zone

    t0 = time.perf_counter()
    analysis = analyse(open_workbook(path), SPEC)
    result = import_ledger(analysis, Context(2024, 10, default_zone=Zone.objects.get()))
    t1 = time.perf_counter()
    assert not result.errors, result.errors[:3]
    assert Project.objects.count() == MonthlyProgress.objects.count() == result.created
    return {"created": result.created, "import": round(t1 - t0, 2)}


def stage_die(path: str) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from jijuqu.projects.models import Project
    from jijuqu.zones.models import Zone

    zone = Zone.objects.get()

    class KindWidget(widgets.Widget):
        labels = {"新建": "new", "扩建": "expansion", "技改": "renovation"}

        def clean(self, value, row=None, **kwargs):
            return self.labels[value]

    class ProjectResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="项目编号")
        name = fields.Field(attribute="name", column_name="项目名称")
        builder_name = fields.Field(attribute="builder_name", column_name="建设单位")
        kind = fields.Field(attribute="kind", column_name="建设性质", widget=KindWidget())
        total_investment = fields.Field(
            attribute="total_investment", column_name="总投资", widget=widgets.DecimalWidget()
        )
        leader_name = fields.Field(attribute="leader_name", column_name="包联领导")

        class Meta:
            model = Project
            fields = ("code", "name", "builder_name", "kind", "total_investment", "leader_name")
            import_id_fields = ("code",)
            clean_model_instances = True
            skip_unchanged = True

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.zone = zone  # set before full_clean, as jijuqu's default zone is

    with open(path, "rb") as f:
        dataset = tablib.Dataset().load(f.read(), format="xlsx")
    result = ProjectResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    return {"created": result.totals.get("new", 0)}


def fresh_database(pg: str | None, name: str) -> str | None:
    """A new, empty PostgreSQL database on the server of `pg` for one stage; its URL."""
    if not pg:
        return None
    import psycopg

    base = pg.rsplit("/", 1)[0]
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def run_stage(stage: str, path: str) -> dict:
    with tempfile.TemporaryDirectory() as db_dir:
        setup_django(db_dir)
        started, cpu = time.perf_counter(), time.process_time()
        figures = {"floor": stage_floor, "jijuqu": stage_jijuqu, "die": stage_die}[stage](path)
        figures["seconds"] = time.perf_counter() - started
        # The process's own CPU time: on a machine shared with other work, the wall times of stages run
        # one after the other see different loads; their CPU times do not.
        figures["cpu"] = round(time.process_time() - cpu, 2)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return figures


def child(stage: str, path: Path, database: str | None) -> dict:
    # The checkout this script is in, not whatever jijuqu is installed.
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, **LIMITS, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    if database:
        env["DATABASE_URL"] = database
    else:
        env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--file", str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    if out.returncode:
        raise SystemExit(f"{stage} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--die-rows", type=int, default=20_000, help="rows django-import-export imports")
    parser.add_argument("--pg", help="a PostgreSQL URL (its server gets a database per stage)")
    parser.add_argument("--file", help="an existing ledger built by this script, instead of building one")
    parser.add_argument("--stage", choices=["floor", "jijuqu", "die"], help=argparse.SUPPRESS)
    parser.add_argument("--skip-die", action="store_true", help="leave out django-import-export")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.file)))
        return
    with tempfile.TemporaryDirectory() as work:
        path = Path(args.file) if args.file else Path(work) / "ledger.xlsx"
        t = time.perf_counter()
        if not args.file:
            build(path, args.rows)
        small = Path(work) / "small.xlsx"
        die_rows = min(args.die_rows, args.rows)
        if not args.skip_die:
            build(small, die_rows)
        print(
            f"ledger: {args.rows:,} rows × {len(HEADER)} columns, {path.stat().st_size / 1e6:.1f} MB, "
            f"ready in {time.perf_counter() - t:.1f} s"
        )
        for db in ["sqlite"] + (["postgresql"] if args.pg else []):
            results = {}
            for stage in ["floor", "jijuqu"] + ([] if args.skip_die else ["die"]):
                database = fresh_database(args.pg, f"bench_{stage}") if db == "postgresql" else None
                results[stage] = r = child(stage, small if stage == "die" else path, database)
                print(
                    f"{db:>10} {stage:>6}: {r['seconds']:8.2f} s   peak {r['peak_mb']:6.0f} MB   "
                    f"{json.dumps(r, ensure_ascii=False)}",
                    flush=True,
                )
            floor, ours = results["floor"]["seconds"], results["jijuqu"]["seconds"]
            print(
                f"{db:>10}: {args.rows:,} rows in {ours:.1f} s, peak {results['jijuqu']['peak_mb']:.0f} MB "
                f"(target < 1024 MB); storage floor {floor:.1f} s; jijuqu / floor {ours / floor:.2f}× "
                f"(target ≤ 2×); in CPU time {results['jijuqu']['cpu']:.1f} s / {results['floor']['cpu']:.1f} s "
                f"= {results['jijuqu']['cpu'] / results['floor']['cpu']:.2f}×"
            )
            if "die" in results:
                per_row = (results["die"]["seconds"] / die_rows) / (ours / args.rows)
                print(
                    f"{db:>10}: django-import-export / jijuqu, per row ({die_rows:,} rows against "
                    f"{args.rows:,}): {per_row:.1f}×  (target ≥ 10×)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
