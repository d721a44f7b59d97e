"""Benchmark: the monthly report (月通报) for 10,000 key projects with a year of monthly data.

Builds a fresh SQLite database (a province of 5 cities, 20 counties, 40 zones; 10,000 projects with
annual plans, 12 monthly reports each, problems and approval items), then times, in one run, the
report's computation and both files, for the province and for one city:

    pip install -e . && python benchmarks/monthly_report.py [--projects 10000]

Target: the whole report (figures + .xlsx + .docx) for 10,000 projects in under 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import tempfile
import time
from decimal import Decimal


def setup(db_dir: str) -> None:
    os.environ["JIJUQU_DATA_DIR"] = db_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijuqu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(projects: int, seed: int = 7) -> None:
    from django.db import transaction

    from jijuqu.core.fastinsert import insert
    from jijuqu.projects.models import (
        AnnualPlan,
        ApprovalItem,
        ApprovalItemType,
        MonthlyProgress,
        Problem,
        Project,
    )
    from jijuqu.zones.models import Department, Industry, Official, Region, Zone

    rng = random.Random(seed)
    province = Region.objects.create(code="410000", name="河南省", level="province")
    zones, departments, officials = [], [], []
    for c in range(5):
        city = Region.objects.create(
            code=f"41{c + 1:02d}00", name=f"基准市{c + 1}", level="city", parent=province
        )
        for k in range(4):
            county = Region.objects.create(
                code=f"41{c + 1:02d}{k + 1:02d}", name=f"基准县{c + 1}-{k + 1}", level="county", parent=city
            )
            dept = Department.objects.create(name=f"{county.name}发展改革委", region=county)
            departments.append(dept)
            officials.append(Official.objects.create(name=f"领导{c}{k}", position="副县长", department=dept))
            for z in range(2):
                zones.append(
                    Zone.objects.create(
                        code=f"{county.code}{z + 1:02d}", name=f"{county.name}集聚区{z + 1}", region=county
                    )
                )
    industries = [Industry.objects.create(name=f"行业{i}", code=f"C{i:02d}") for i in range(10)]
    item_type = ApprovalItemType.objects.create(name="施工许可", time_limit=10)
    with transaction.atomic():
        rows = []
        for i in range(projects):
            zone = zones[i % len(zones)]
            total = Decimal(rng.randrange(5_000, 500_000))
            rows.append(
                {
                    "code": f"BM{i:06d}",
                    "name": f"基准项目{i:06d}",
                    "zone_id": zone.pk,
                    "builder_name": f"基准企业{i:05d}",
                    "total_investment": total,
                    "industry_id": industries[i % 10].pk,
                    "level": ["province", "city", "county"][i % 3],
                    "status": "building" if i % 10 else "planning",
                    "planned_start": dt.date(2024, 1 + i % 12, 1),
                    "actual_start": dt.date(2023, 1 + i % 12, 1) if i % 10 else None,
                    "leader_id": officials[i % len(officials)].pk,
                    "department_id": departments[i % len(departments)].pk,
                }
            )
        insert(Project, rows)
        ids = list(Project.objects.values_list("pk", flat=True))
        plans, reports = [], []
        for pk, row in zip(ids, rows, strict=True):
            plan = (row["total_investment"] * Decimal("0.3")).quantize(Decimal("0.01"))
            plans.append(
                {
                    "project_id": pk,
                    "year": 2024,
                    "planned_investment": plan,
                    "target_start": row["status"] == "planning",
                }
            )
            if row["status"] == "planning":
                continue
            pace = Decimal(rng.randrange(80, 130)) / 100  # about 40% behind, as in the demo
            for month in range(1, 13):
                if rng.random() < 0.03:
                    continue  # a month not reported
                reports.append(
                    {
                        "project_id": pk,
                        "year": 2024,
                        "month": month,
                        "invested": (plan * pace / 12).quantize(Decimal("0.01")),
                        "progress_text": "主体施工",
                    }
                )
        insert(AnnualPlan, plans)
        insert(MonthlyProgress, reports)
        insert(
            Problem,
            [
                {
                    "title": f"问题{i}",
                    "project_id": ids[i * 20],
                    "zone_id": rows[i * 20]["zone_id"],
                    "department_id": departments[i % len(departments)].pk,
                    "raised_on": dt.date(2024, 6, 1),
                    "deadline": dt.date(2024, 9, 1 + i % 28),
                }
                for i in range(projects // 20)
            ],
        )
        insert(
            ApprovalItem,
            [
                {
                    "project_id": ids[i * 10],
                    "item_type_id": item_type.pk,
                    "department_id": departments[i % len(departments)].pk,
                    "submitted_on": dt.date(2024, 10, 1),
                    "time_limit": 10,
                    "due_on": dt.date(2024, 10, 15),
                }
                for i in range(projects // 10)
            ],
        )


def time_report(code: str, period) -> dict:
    from jijuqu.reports.builder import Area, build
    from jijuqu.reports.document import report_docx
    from jijuqu.reports.workbook import report_xlsx

    area = Area.from_code(code)
    t0 = time.perf_counter()
    report = build(area, period)
    t1 = time.perf_counter()
    xlsx = report_xlsx(report)
    t2 = time.perf_counter()
    docx = report_docx(report)
    t3 = time.perf_counter()
    return {
        "area": area.name,
        "projects": report.total.count,
        "lagging": len(report.lagging),
        "figures": t1 - t0,
        "xlsx": t2 - t1,
        "docx": t3 - t2,
        "total": t3 - t0,
        "xlsx_kb": len(xlsx) // 1024,
        "docx_kb": len(docx) // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as db_dir:
        setup(db_dir)
        t = time.perf_counter()
        populate(args.projects)
        print(
            f"data: {args.projects:,} projects, a year of monthly reports, built in {time.perf_counter() - t:.1f} s"
        )
        from jijuqu.projects.analysis import Period
        from jijuqu.reports.charts import cjk_font

        cjk_font()  # matplotlib's font cache is built once per machine, not per report
        period = Period(2024, 12)
        time_report("410100", period)  # warm imports (matplotlib, python-docx) outside the figures
        for code in ("410000", "410100"):
            r = time_report(code, period)
            print(
                f"{r['area']:>6}: {r['projects']:>6,} projects ({r['lagging']:,} lagging)   figures {r['figures']:.2f} s"
                f"   xlsx {r['xlsx']:.2f} s ({r['xlsx_kb']} KB)   docx {r['docx']:.2f} s ({r['docx_kb']} KB)"
                f"   total {r['total']:.2f} s"
            )
            if code == "410000":
                province = r
        print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print(f"province report / 3 s target: {province['total'] / 3:.2f}  (target < 1)")


if __name__ == "__main__":
    main()
