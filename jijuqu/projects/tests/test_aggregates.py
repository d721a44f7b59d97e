"""The 合计 row and the home's groups come from database aggregates (`total_of`, `groups_of`); they must
equal, figure for figure, the per-project computation (`total`, `aggregate` over `with_figures`) that
the 月通报 still uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal

import pytest

from jijuqu.core.archive import archive
from jijuqu.projects.analysis import (
    Group,
    Period,
    aggregate,
    groups_of,
    lagging_any_q,
    lagging_q,
    total,
    total_of,
    with_figures,
)
from jijuqu.projects.models import AnnualPlan, Project
from jijuqu.projects.testing import make_project, report
from jijuqu.zones.models import Zone

D = Decimal
FIGURES = [f.name for f in fields(Group) if f.name not in ("members",)]


@pytest.fixture
def mixed(world):
    """Projects of every kind: planned milestones reached or not, unplanned ones, no plan, reports over
    two years, an archived report, a zone directly under a city (its own county line)."""
    city_zone = Zone.objects.create(code="41080001", name="焦作示范区", region=world.jiaozuo)
    zones = [world.zone_a, world.zone_b, world.zone_c, city_zone]
    for i in range(12):
        zone = zones[i % 4]
        p = make_project(
            zone,
            f"项目{i}",
            total=f"{1000 + i * 137}.{i:02d}",
            status="planning" if i % 5 == 0 else "building",
            level=["province", "city", "county"][i % 3],
        )
        if i % 4 != 3:
            AnnualPlan.objects.create(
                project=p,
                year=2024,
                planned_investment=D(f"{300 + i * 11}.35"),
                target_start=i % 2 == 0,
                target_completion=i % 3 == 0,
                target_production=i % 4 == 0,
            )
        Project.objects.filter(pk=p.pk).update(
            actual_start=dt.date(2024, 1 + i % 12, 5) if i % 2 else dt.date(2023, 6, 1),
            actual_completion=dt.date(2024, 9, 30) if i % 3 == 0 else None,
            actual_production=dt.date(2024, 11, 1) if i % 4 == 0 else None,
        )
        if i % 5 == 0:
            continue  # 谋划: nothing reported
        for month in range(1, 11):
            if (i + month) % 4:
                report(p, 2024, month, f"{(i + 1) * month}.{month:02d}")
        report(p, 2023, 12, "50.50")
    archive(Project.objects.get(name="项目2").progress.get(year=2024, month=3), world.user("admin"))
    return zones


def as_dict(g: Group) -> dict:
    return {name: getattr(g, name) for name in FIGURES if name not in ("key", "label")}


@pytest.mark.parametrize("period", [Period(2024, 10), Period(2024, 9), Period(2024, 1), Period(2025, 3)])
def test_total_of_equals_the_per_project_total(world, mixed, period):
    projects = Project.objects.all()
    rows = with_figures(projects, period)
    filters = [
        ("all", {}),
        ("province level", {"level": "province"}),
        ("zone a", {"zone": world.zone_a}),
        ("none", {"pk__in": []}),
    ]
    for name, f in filters:
        assert as_dict(total_of(rows.filter(**f), period)) == as_dict(total(rows.filter(**f), period)), name
    for q in [lagging_any_q(period), lagging_q(period, "behind"), lagging_q(period, "no_report")]:
        assert as_dict(total_of(rows.filter(q), period)) == as_dict(total(rows.filter(q), period))


@pytest.mark.parametrize("by", ["zone", "city", "county"])
def test_groups_of_equals_the_per_project_aggregate(world, mixed, by):
    period = Period(2024, 10)
    projects = Project.objects.select_related("zone__region__parent")
    old = aggregate(with_figures(projects, period), period, by)
    new = groups_of(projects, period, by)
    assert [(g.key, g.label) for g in new] == [(g.key, g.label) for g in old]
    assert [as_dict(g) for g in new] == [as_dict(g) for g in old]


def test_ledger_total_row_is_the_per_project_total(login, world, mixed):
    period = Period(2024, 10)
    response = login("city").get("/projects/", {"period": "2024-10"})
    expected = total(with_figures(Project.objects.restrict(world.user("city")), period), period)
    assert response.context["group"].count == expected.count == 9
    assert as_dict(response.context["group"]) == as_dict(expected)
