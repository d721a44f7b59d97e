from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jijuqu.core.numbers import percent, round1, yi
from jijuqu.projects.analysis import (
    Period,
    breakdowns,
    completion_rate,
    gap_phrase,
    lagging_q,
    progress_phrase,
    schedule_gap,
    schedule_ratio,
    total_of,
    with_figures,
)
from jijuqu.projects.models import Project
from jijuqu.projects.testing import make_project, report

D = Decimal


def test_the_published_example_reads_as_in_print():
    # 1-10月 629.0亿元 of a 647.1亿元 annual plan: 97.20% − 10/12 = 13.87 → 13.9.
    assert (
        progress_phrase(D("6290000"), D("6471000"), Period(2024, 10))
        == "占年度投资计划的97.2%，超过时序进度13.9个百分点"
    )


def test_behind_schedule_and_level_phrases():
    assert gap_phrase(D("-4.26")) == "滞后时序进度4.3个百分点"
    assert gap_phrase(D("0.04")) == "与时序进度持平"
    assert progress_phrase(D("100"), None, Period(2024, 5)) == "未下达年度投资计划"


def test_schedule_by_month_and_by_day():
    assert schedule_ratio(Period(2024, 10)) == D(10) / D(12)
    # 2024 is a leap year: 1 Jan – 31 Oct is 305 days of 366.
    assert schedule_ratio(Period(2024, 10), by="day") == D(305) / D(366)
    assert schedule_ratio(Period(2023, 12), by="day") == 1
    with pytest.raises(ValueError):
        schedule_ratio(Period(2024, 1), by="week")


def test_rounding_is_half_up_as_in_print():
    assert round1(D("13.85")) == D("13.9") and round1(D("0.05")) == D("0.1")
    assert yi(D("6290000")) == "629.0" and yi(D("1234")) == "0.1"
    assert percent(D("0.97203")) == "97.2%"


def test_period_arithmetic():
    assert Period(2024, 2).months_back(3) == Period(2023, 11)
    assert Period(2024, 10).label == "1-10月" and str(Period(2024, 3)) == "2024-03"
    with pytest.raises(ValueError):
        Period(2024, 13)


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=1, max_value=10**9, places=2),
    st.integers(min_value=1, max_value=12),
)
def test_gap_sign_matches_comparison_with_schedule(done, plan, month):
    period = Period(2024, month)
    gap = schedule_gap(completion_rate(done, plan), schedule_ratio(period))
    assert (gap > 0) == (done / plan > D(month) / 12)


@pytest.mark.django_db
class TestLedgerFigures:
    def test_ytd_and_since_start_are_derived_from_monthly_reports(self, world):
        p = make_project(world.zone_a, plan="12000.00")
        report(p, 2023, 12, "5000.00")
        for month in (1, 2, 3):
            report(p, 2024, month, "1000.50")
        row = with_figures(Project.objects.all(), Period(2024, 2)).get()
        assert (row.ytd, row.cumulative, row.plan, row.reported) == (
            D("2001.00"),
            D("7001.00"),
            D("12000.00"),
            True,
        )
        row = with_figures(Project.objects.all(), Period(2024, 4)).get()
        assert row.ytd == D("3001.50") and row.reported is False

    def test_lagging_lists(self, world):
        period = Period(2024, 6)
        behind = make_project(world.zone_a, "落后项目", plan="1200.00")
        report(behind, 2024, 6, "100.00")  # 100 of 1200 by June: 8.3% < 50%
        ahead = make_project(world.zone_a, "领先项目", plan="1200.00")
        report(ahead, 2024, 6, "700.00")
        silent = make_project(world.zone_a, "未填报项目", plan="1200.00")
        report(silent, 2024, 2, "700.00")
        waiting = make_project(
            world.zone_a,
            "计划开工项目",
            status="signed",
            plan="500.00",
            planned_start=period.end.replace(day=1),
        )
        waiting.annual_plans.update(target_start=True)
        rows = with_figures(Project.objects.all(), period)

        def names(kind):
            return sorted(p.name for p in rows.filter(lagging_q(period, kind)))

        # 700 of 1,200 by February is ahead of June's 50%; the signed project has invested nothing.
        assert names("behind") == sorted(["落后项目", "计划开工项目"])
        assert "领先项目" not in names("behind")
        assert names("no_report") == ["未填报项目"]
        assert names("not_started") == ["计划开工项目"]
        assert names("stalled") == ["未填报项目"]  # last investment in February, none March–June

    def test_aggregation_by_zone_city_and_county_ranks_by_rate(self, world):
        period = Period(2024, 10)
        a = make_project(world.zone_a, "沁阳项目", plan="1000.00")
        report(a, 2024, 10, "900.00")
        c = make_project(world.zone_c, "温县项目", plan="1000.00")
        report(c, 2024, 10, "500.00")
        b = make_project(world.zone_b, "汝州项目", plan="2000.00")
        report(b, 2024, 10, "1000.00")
        projects = Project.objects.all()
        whole, groups = breakdowns(projects, period, ("zone", "city", "county"))
        by_zone = groups["zone"]
        assert [g.label for g in by_zone] == ["沁阳市产业集聚区", "汝州市产业集聚区", "温县产业集聚区"]
        assert by_zone[0].rate == D("0.9")
        by_city = {g.label: g for g in groups["city"]}
        assert by_city["焦作市"].ytd == D("1400.00") and by_city["焦作市"].plan == D("2000.00")
        assert [g.label for g in groups["county"]][0] == "沁阳市"
        assert whole.ytd == D("2400.00") and whole.count == 3
        assert whole.ytd == sum(g.ytd for g in by_zone)


@pytest.mark.django_db
def test_start_rate_counts_only_planned_starts_and_names_unplanned_ones_apart(world):
    """焦作 2026-10: 9 projects planned to start, none started; 2 others started outside the plan."""
    import datetime as dt

    from jijuqu.projects.analysis import milestones_sentence
    from jijuqu.projects.models import AnnualPlan

    for i in range(9):
        waiting = make_project(world.zone_a, f"计划开工{i}", status="planning", plan="100.00", year=2026)
        AnnualPlan.objects.filter(project=waiting).update(target_start=True)
    for i in range(2):
        make_project(world.zone_a, f"计划外{i}", plan="100.00", year=2026, actual_start=dt.date(2026, 4, 1))
    period = Period(2026, 10)
    g = total_of(Project.objects.all(), period)
    assert (g.target_start, g.started, g.started_unplanned) == (9, 0, 2)
    assert milestones_sentence(g) == "计划开工项目9个，年内已开工0个，开工率0.0%，另有计划外开工2个"


@pytest.mark.django_db
def test_an_unplanned_start_alone_does_not_read_as_a_plan(world):
    """沁阳 used to read "计划开工项目0个，年内已开工1个"."""
    import datetime as dt

    from jijuqu.projects.analysis import milestones_sentence

    make_project(world.zone_a, "计划外项目", plan="100.00", year=2026, actual_start=dt.date(2026, 2, 1))
    period = Period(2026, 10)
    g = total_of(Project.objects.all(), period)
    assert milestones_sentence(g) == "计划外开工1个"


@pytest.mark.django_db
def test_label_expressions_print_leader_and_department_as_the_properties_do(world):
    """An official or department picked from the list wins over a name typed in the ledger; the typed
    name is printed when nothing was picked (the database's version of leader_label/department_label)."""
    for i, (leader, department) in enumerate(
        [(world.official_a, world.dept_a), (None, None), (world.official_b, None), (None, world.dept_b)]
    ):
        make_project(
            world.zone_a,
            f"项目{i}",
            code=f"L{i}",
            leader=leader,
            leader_name="王局长",
            department=department,
            department_name="某某局",
        )
    projects = Project.objects.order_by("code")
    printed = list(
        projects.annotate(**Project.label_expressions()).values_list("printed_leader", "printed_department")
    )
    assert printed == [(p.leader_label, p.department_label) for p in projects]
    assert printed == [
        ("张伟", world.dept_a.name),
        ("王局长", "某某局"),
        ("李强", "某某局"),
        ("王局长", world.dept_b.name),
    ]
