"""Benchmark: importing a 100,000-row key-project ledger.

Measured side by side in one run, each stage in its own process on a fresh SQLite database so
that peak memory is its own:
  floor   a bare python-calamine read of the file;
  jijuqu  jijuqu's import (projects, annual plans and monthly reports, with history);
  die     django-import-export 4.x importing the same file into Project (projects only, with
          full_clean as jijuqu validates; no plans, no reports).

    pip install -e ".[bench]" && python benchmarks/import_ledger.py [--rows 100000]
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
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    rows = sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)
    return {"rows_read": rows}


def stage_jijuqu(path: str) -> dict:
    from jijuqu.imports.engine import analyse, read_workbook
    from jijuqu.projects.importers import SPEC, Context, import_ledger
    from jijuqu.zones.models import Zone

    t0 = time.perf_counter()
    workbook = read_workbook(path)
    t1 = time.perf_counter()
    analysis = analyse(workbook, SPEC)
    t2 = time.perf_counter()
    result = import_ledger(analysis, Context(2024, 10, default_zone=Zone.objects.get()))
    t3 = time.perf_counter()
    assert not result.errors, result.errors[:3]
    # Where the time goes: reading the file, finding the table and classifying rows, then
    # checking every row and writing (projects, plans, reports, lifecycle steps, history).
    return {
        "created": result.created,
        "read": round(t1 - t0, 2),
        "analyse": round(t2 - t1, 2),
        "check_and_write": round(t3 - t2, 2),
    }


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


def run_stage(stage: str, path: str) -> dict:
    with tempfile.TemporaryDirectory() as db_dir:
        if stage != "floor":
            setup_django(db_dir)
        started = time.perf_counter()
        figures = {"floor": stage_floor, "jijuqu": stage_jijuqu, "die": stage_die}[stage](path)
        figures["seconds"] = time.perf_counter() - started
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--stage", choices=["floor", "jijuqu", "die"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--skip-die", action="store_true", help="leave out django-import-export")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.file)))
        return
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "ledger.xlsx"
        t = time.perf_counter()
        build(path, args.rows)
        print(
            f"ledger: {args.rows:,} rows × {len(HEADER)} columns, {path.stat().st_size / 1e6:.1f} MB, "
            f"built in {time.perf_counter() - t:.1f} s"
        )
        results = {}
        for stage in ["floor", "jijuqu"] + ([] if args.skip_die else ["die"]):
            out = subprocess.run(
                [sys.executable, __file__, "--stage", stage, "--file", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[stage] = json.loads(out.stdout.strip().splitlines()[-1])
            r = results[stage]
            print(
                f"{stage:>7}: {r['seconds']:8.2f} s   peak {r['peak_mb']:7.0f} MB   {json.dumps(r, ensure_ascii=False)}"
            )
        floor, ours = results["floor"]["seconds"], results["jijuqu"]["seconds"]
        print(f"jijuqu / bare calamine read: {ours / floor:.1f}×  (target ≤ 2×)")
        if "die" in results:
            print(f"django-import-export / jijuqu: {results['die']['seconds'] / ours:.1f}×  (target ≥ 10×)")


if __name__ == "__main__":
    main()
