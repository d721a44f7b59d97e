import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jijuqu.projects.choices import EscalationLevel, ProjectStatus
from jijuqu.projects.models import ApprovalItem, ApprovalItemType, CalendarDay, Inspection, Problem
from jijuqu.projects.services import allowed_transitions, change_status, escalate_overdue
from jijuqu.projects.testing import make_project, report
from jijuqu.projects.workdays import add_working_days

pytestmark = pytest.mark.django_db
S = ProjectStatus


def test_lifecycle_in_order_sets_actual_dates(world):
    p = make_project(world.zone_a, status="planning")
    change_status(p, S.SIGNED, dt.date(2024, 1, 5))
    change_status(p, S.STARTED, dt.date(2024, 3, 1))
    change_status(p, S.BUILDING, dt.date(2024, 3, 2))
    change_status(p, S.COMPLETED, dt.date(2024, 9, 30))
    change_status(p, S.PRODUCING, dt.date(2024, 10, 8))
    p.refresh_from_db()
    assert p.status == S.PRODUCING
    assert (p.actual_start, p.actual_completion, p.actual_production) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 9, 30),
        dt.date(2024, 10, 8),
    )
    assert [c.to_status for c in p.status_changes.all()] == [
        S.SIGNED,
        S.STARTED,
        S.BUILDING,
        S.COMPLETED,
        S.PRODUCING,
    ]


@pytest.mark.parametrize(
    "start, target",
    [
        (S.PLANNING, S.COMPLETED),
        (S.PLANNING, S.PRODUCING),
        (S.SIGNED, S.BUILDING),
        (S.BUILDING, S.PRODUCING),
        (S.PRODUCING, S.BUILDING),
        (S.TERMINATED, S.BUILDING),
        (S.COMPLETED, S.SUSPENDED),
        (S.BUILDING, S.PLANNING),
    ],
)
def test_refused_transitions(world, start, target):
    p = make_project(world.zone_a, status=start)
    with pytest.raises(ValidationError) as err:
        change_status(p, target, dt.date(2024, 5, 1))
    assert "不能变更为" in err.value.messages[0]
    p.refresh_from_db()
    assert p.status == start and not p.status_changes.exists()


def test_suspended_project_resumes_only_where_it_stopped(world):
    p = make_project(world.zone_a, status="planning")
    change_status(p, S.STARTED, dt.date(2024, 2, 1))
    change_status(p, S.SUSPENDED, dt.date(2024, 4, 1))
    assert allowed_transitions(p) == [S.STARTED, S.TERMINATED]
    with pytest.raises(ValidationError):
        change_status(p, S.BUILDING, dt.date(2024, 5, 1))
    change_status(p, S.STARTED, dt.date(2024, 5, 1))


def test_transition_dates_must_not_go_backwards_or_into_the_future(world):
    p = make_project(world.zone_a, status="planning")
    change_status(p, S.SIGNED, dt.date(2024, 3, 1))
    with pytest.raises(ValidationError, match="之前"):
        change_status(p, S.STARTED, dt.date(2024, 2, 1))
    with pytest.raises(ValidationError, match="未来"):
        change_status(p, S.STARTED, timezone.localdate() + dt.timedelta(days=1))


def test_month_reported_twice_is_refused(world):
    p = make_project(world.zone_a)
    report(p, 2024, 3, "10.00")
    with pytest.raises(ValidationError) as err:
        report(p, 2024, 3, "20.00")
    assert "已填报" in str(err.value)


def test_total_above_total_investment_is_refused_with_the_figures(world):
    p = make_project(world.zone_a, total="1000.00")
    report(p, 2023, 12, "600.00")
    report(p, 2024, 1, "300.00")
    with pytest.raises(ValidationError) as err:
        report(p, 2024, 2, "100.01")
    message = err.value.message_dict["invested"][0]
    assert "1000.01" in message and "400.01" in message and "1000.00" in message
    report(p, 2024, 2, "100.00")  # exactly the total is fine


def test_future_month_is_refused(world):
    p = make_project(world.zone_a)
    today = timezone.localdate()
    nxt = today.replace(day=28) + dt.timedelta(days=7)
    with pytest.raises(ValidationError):
        report(p, nxt.year, nxt.month, "1.00")


def test_problem_escalates_with_the_clock(world):
    p = make_project(world.zone_a)
    problem = Problem.objects.create(
        title="用地指标未落实",
        project=p,
        department=world.dept_a,
        raised_on=dt.date(2024, 5, 1),
        deadline=dt.date(2024, 5, 31),
    )
    assert problem.zone == world.zone_a and problem.level == EscalationLevel.DEPARTMENT

    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))

    assert escalate_overdue(at(dt.date(2024, 5, 31))) == 0
    assert escalate_overdue(at(dt.date(2024, 6, 1))) == 1
    problem.refresh_from_db()
    assert problem.level == EscalationLevel.DEPUTY
    assert escalate_overdue(at(dt.date(2024, 6, 5))) == 0
    assert escalate_overdue(at(dt.date(2024, 6, 8))) == 1
    problem.refresh_from_db()
    assert problem.level == EscalationLevel.HEAD
    times = list(problem.escalations.values_list("level", "at"))
    assert [level for level, _ in times] == [1, 2, 3]
    assert times[1][1] == at(dt.date(2024, 6, 1)) and times[2][1] == at(dt.date(2024, 6, 8))


def test_resolved_problem_does_not_escalate(world):
    p = make_project(world.zone_a)
    Problem.objects.create(
        title="资金缺口",
        project=p,
        department=world.dept_a,
        raised_on=dt.date(2024, 5, 1),
        deadline=dt.date(2024, 5, 2),
        status="resolved",
        resolution="已协调贷款",
        resolved_on=dt.date(2024, 5, 2),
    )
    assert escalate_overdue(timezone.make_aware(dt.datetime(2024, 7, 1))) == 0


def test_problem_needs_a_subject_and_a_resolution(world):
    problem = Problem(
        title="x",
        department=world.dept_a,
        raised_on=dt.date(2024, 5, 1),
        deadline=dt.date(2024, 5, 2),
        status="resolved",
    )
    with pytest.raises(ValidationError) as err:
        problem.full_clean()
    assert {"project", "resolution", "resolved_on"} <= set(err.value.message_dict)


def test_working_days_skip_weekends_and_holidays_and_count_adjusted_workdays():
    # Fri 2024-09-27 + 3 working days: Mon 30 Sep, then 1–7 Oct holiday, Sat 12 Oct worked (调休).
    exceptions = {dt.date(2024, 10, d): False for d in range(1, 8)}
    exceptions[dt.date(2024, 10, 12)] = True
    assert add_working_days(dt.date(2024, 9, 27), 1, exceptions) == dt.date(2024, 9, 30)
    assert add_working_days(dt.date(2024, 9, 27), 2, exceptions) == dt.date(2024, 10, 8)
    assert add_working_days(dt.date(2024, 10, 10), 2, exceptions) == dt.date(2024, 10, 12)


def test_approval_due_date_is_derived_from_the_calendar(world):
    CalendarDay.objects.create(date=dt.date(2024, 10, 1), workday=False, name="国庆节")
    kind = ApprovalItemType.objects.create(name="环评", time_limit=20)
    p = make_project(world.zone_a)
    item = ApprovalItem.objects.create(
        project=p, item_type=kind, department=world.dept_city, submitted_on=dt.date(2024, 9, 30), time_limit=1
    )
    assert item.due_on == dt.date(2024, 10, 2)


def test_inspection_reads_reported_investment_from_the_reports(world):
    p = make_project(world.zone_a)
    report(p, 2024, 1, "300.00")
    report(p, 2024, 3, "200.00")
    report(p, 2024, 5, "999.00")
    inspection = Inspection.objects.create(
        project=p, date=dt.date(2024, 4, 10), inspectors="张伟、李强", verified_investment=Decimal("450.00")
    )
    assert inspection.reported_investment == Decimal("500.00")


def test_refusal_prints_amounts_with_two_decimals_not_the_databases_sum():
    """SQLite sums decimals to "48786.4300000000"; the message said "…48786.4300000000万元…"."""
    from jijuqu.core.numbers import wan

    assert wan(Decimal("48786.4300000000")) == "48786.43"
    assert wan(Decimal("1E+3")) == "1000.00" and wan(None) == "0.00"


def test_total_above_total_investment_shows_no_long_decimals(world):
    p = make_project(world.zone_a, total="50000.00")
    report(p, 2023, 12, "48000.43")
    report(p, 2024, 1, "786.00")
    with pytest.raises(ValidationError) as err:
        report(p, 2024, 2, "2000.00")
    message = err.value.message_dict["invested"][0]
    assert "50786.43" in message and "50786.430" not in message and "50000.00" in message
