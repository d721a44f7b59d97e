"""The 合计 row, the home's groups and the 月通报's tables come from database aggregates (`total_of`,
`breakdowns`); they must equal, figure for figure, the figures added up project by project
over `with_figures` (tests/per_project.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal

import pytest

from jijuqu.core.archive import archive
from jijuqu.projects.analysis import (
    Group,
    Period,
    breakdowns,
    lagging_any_q,
    lagging_q,
    total_of,
    with_figures,
)
from jijuqu.projects.models import AnnualPlan, Project
from jijuqu.projects.testing import make_project, report
from jijuqu.projects.tests.per_project import aggregate, total
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Region, Zone

D = Decimal
FIGURES = [f.name for f in fields(Group)]


@pytest.fixture
def mixed(world):
    """Projects of every kind: planned milestones reached or not, unplanned ones, no plan, reports over
    two years, an archived report, a zone directly under a city (its own county line), a zone in a county
    the province administers directly (济源: its own city line), with and without an industry and a
    leader."""
    city_zone = Zone.objects.create(code="41080001", name="焦作示范区", region=world.jiaozuo)
    directly = Region.objects.create(
        code="419000", name="河南省直辖县级行政区划", level=RegionLevel.CITY, parent=world.jiaozuo.parent
    )
    jiyuan = Region.objects.create(code="419001", name="济源市", level=RegionLevel.COUNTY, parent=directly)
    jiyuan_zone = Zone.objects.create(code="41900101", name="济源产城融合示范区", region=jiyuan)
    zones = [world.zone_a, world.zone_b, world.zone_c, city_zone, jiyuan_zone]
    for i in range(12):
        zone = zones[i % 5]
        p = make_project(
            zone,
            f"项目{i}",
            total=f"{1000 + i * 137}.{i:02d}",
            status="planning" if i % 5 == 0 else "building",
            level=["province", "city", "county"][i % 3],
            industry=world.industry if i % 3 else None,
            leader=[world.official_a, world.official_b, None][i % 3],
            leader_name="" if i % 3 < 2 else "王局长",  # a name typed in the ledger groups as 未明确
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


@pytest.mark.parametrize("bys", [("city", "industry"), ("county", "leader"), ("zone",)])
def test_breakdowns_equal_the_per_project_total_and_aggregates(world, mixed, bys):
    period = Period(2024, 10)
    projects = Project.objects.select_related("zone__region__parent", "industry", "leader")
    rows = list(with_figures(projects, period))
    whole, groups = breakdowns(projects, period, bys)
    assert as_dict(whole) == as_dict(total(rows, period))
    for by in bys:
        old = aggregate(rows, period, by)
        assert [(g.key, g.label) for g in groups[by]] == [(g.key, g.label) for g in old], by
        assert [as_dict(g) for g in groups[by]] == [as_dict(g) for g in old], by
    if "city" in bys:  # 济源 stands as a city of its own, not as 河南省直辖县级行政区划
        assert {g.label for g in groups["city"]} == {"焦作市", "平顶山市", "济源市"}


def test_ledger_total_row_is_the_per_project_total(login, world, mixed):
    period = Period(2024, 10)
    response = login("city").get("/projects/", {"period": "2024-10"})
    expected = total(with_figures(Project.objects.restrict(world.user("city")), period), period)
    assert response.context["group"].count == expected.count == 7
    assert as_dict(response.context["group"]) == as_dict(expected)


def test_the_pages_filters_and_orders_have_indexes():
    from jijuqu.projects.models import ApprovalItem, MonthlyProgress, Problem

    def indexed(model):
        return {tuple(i.fields) for i in model._meta.indexes}

    assert ("zone", "code", "name", "id") in indexed(Project)
    # An enterprise's ledger: only projects naming a builder, so SQLite's statistics count them right.
    builders = next(i for i in Project._meta.indexes if i.fields[0] == "builder")
    assert builders.fields == ["builder", "zone", "code", "name", "id"]
    assert "builder__isnull" in str(builders.condition)
    assert Project._meta.ordering == ["zone_id", "code", "name"]  # no order through a join
    assert ("project", "year", "month", "invested") in indexed(MonthlyProgress)
    assert ("status", "deadline", "id") in indexed(Problem)
    assert {("due_on", "id"), ("completed_on", "due_on")} <= indexed(ApprovalItem)
    for model in (Project, MonthlyProgress, Problem, ApprovalItem):
        assert not any("__" in o for o in model._meta.ordering), model


def test_latest_period_probes_back_and_still_finds_an_old_ledger(world):
    from jijuqu.projects.analysis import latest_period

    p = make_project(world.zone_a, "老项目", year=2019)
    report(p, 2019, 5, "10.00")
    projects = Project.objects.all()
    assert latest_period(projects, up_to=Period(2024, 10)) == Period(2019, 5)  # beyond the probes
    report(p, 2024, 8, "10.00")
    report(p, 2024, 11, "10.00")  # after up_to: not the page's month
    assert latest_period(projects, up_to=Period(2024, 10)) == Period(2024, 8)
    assert latest_period(projects) == Period(2024, 11)
    assert latest_period(Project.objects.filter(zone=world.zone_b), up_to=Period(2024, 10)) is None


def test_latest_period_probes_only_months_someone_reported(world, django_assert_max_num_queries):
    """Two years nobody reported are skipped along the index, not probed month by month (a department's
    probe of an empty month read every project of its zones)."""
    from jijuqu.projects.analysis import latest_period

    mine = make_project(world.zone_a, "甲项目")
    other = make_project(world.zone_b, "乙项目")
    report(mine, 2022, 3, "10.00")
    report(other, 2022, 9, "10.00")  # another zone's later month: probed, not this zone's
    projects = Project.objects.filter(zone=world.zone_a)
    with django_assert_max_num_queries(6):
        assert latest_period(projects, up_to=Period(2024, 10)) == Period(2022, 3)
    assert latest_period(Project.objects.all(), up_to=Period(2024, 10)) == Period(2022, 9)
    assert latest_period(Project.objects.all(), up_to=Period(2022, 8)) == Period(2022, 3)
    assert latest_period(Project.objects.all(), up_to=Period(2022, 2)) is None


def test_the_department_ledger_is_ordered_along_its_own_index(world):
    """A department's ledger pages along (department, zone, code, name): the order it shows, and its
    key-paged slices equal the plain slices."""
    from jijuqu.projects import analysis

    assert ("department", "zone", "code", "name", "id") in {tuple(i.fields) for i in Project._meta.indexes}
    for i in range(14):
        zone = (world.zone_a, world.zone_b, world.zone_c)[i % 3]
        make_project(zone, f"项目{i:02d}", code=f"P{(i * 5) % 14:02d}", department=world.dept_city)
    make_project(world.zone_a, "别的部门的项目", department=world.dept_a)
    projects = Project.objects.restrict(world.user("department"))
    rows = analysis.with_figures(projects, Period(2024, 10))
    assert rows.count() == 14
    everything = [(p.zone_id, p.code, p.name) for p in rows]
    assert everything == sorted(everything)
    for page in (slice(0, 5), slice(5, 10), slice(10, 15)):
        assert [p.pk for p in rows.key_paged()[page]] == [p.pk for p in rows[page]]


def test_one_projects_latest_month_is_read_from_its_own_reports(world, django_assert_max_num_queries):
    """A project's page: after one probe its own reports are read whole, not probed for each month
    other projects reported (a project with an old ledger was probed a dozen times)."""
    from jijuqu.projects.analysis import latest_period

    mine = make_project(world.zone_a, "甲项目")
    other = make_project(world.zone_b, "乙项目")
    report(mine, 2021, 5, "10.00")
    for month in range(1, 13):
        report(other, 2022, month, "1.00")
    one = Project.objects.filter(pk=mine.pk)
    with django_assert_max_num_queries(5):
        assert latest_period(one, up_to=Period(2024, 10)) == Period(2021, 5)
    assert latest_period(one, up_to=Period(2021, 4)) is None
    assert latest_period(Project.objects.filter(pk=other.pk), up_to=Period(2022, 7)) == Period(2022, 7)


@pytest.mark.parametrize(
    "order, lagging, joined",
    [
        (("zone_id", "code", "name"), None, set()),
        (("-ytd", "pk"), None, {"year_reports"}),
        (("plan", "pk"), None, {"year_plan"}),
        (("zone_id", "code", "name"), "behind", {"year_plan", "year_reports"}),
    ],
)
def test_a_pages_keys_are_found_without_the_relations_they_do_not_read(world, mixed, order, lagging, joined):
    """Key paging (core.querysets) leaves out the plan's and kept reports' joins that neither the filter
    nor the order reads, and finds the very keys the whole query finds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = Period(2024, 10)
    rows = with_figures(Project.objects.all(), period).order_by(*order)
    if lagging:
        rows = rows.filter(lagging_q(period, lagging))
    expected = list(rows.values_list("pk", flat=True))
    assert len(expected) >= (3 if lagging else 12)
    for start in (0, 5):
        with CaptureQueriesContext(connection) as queries:
            page = rows.key_paged()[start : start + 5]
        assert [p.pk for p in page] == expected[start : start + 5]
        keys_sql = queries.captured_queries[0]["sql"]
        assert {alias for alias in ("year_plan", "year_reports") if f" {alias} ON" in keys_sql} == joined
