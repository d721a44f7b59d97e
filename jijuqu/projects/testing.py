"""Key projects for the shared test world."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jijuqu.core.computed import changed

from .models import AnnualPlan, MonthlyProgress, Project


def make_project(
    zone,
    name="广东兴发年产10万吨高档铝型材项目",
    total="100000.00",
    status="building",
    plan=None,
    year=2024,
    **fields,
) -> Project:
    project = Project.objects.create(
        zone=zone,
        name=name,
        builder_name=fields.pop("builder_name", "兴发铝业"),
        total_investment=Decimal(total),
        **fields,
    )
    if status != "planning":
        Project.objects.filter(pk=project.pk).update(
            status=status, actual_start=fields.get("actual_start") or dt.date(year - 1, 3, 1)
        )
        project.refresh_from_db()
        changed()  # past save(): kept figures of the old state must not be served
    if plan is not None:
        AnnualPlan.objects.create(project=project, year=year, planned_investment=Decimal(plan))
    return project


def report(project, year, month, invested, text="") -> MonthlyProgress:
    progress = MonthlyProgress(
        project=project, year=year, month=month, invested=Decimal(invested), progress_text=text
    )
    progress.full_clean()
    progress.save()
    return progress
