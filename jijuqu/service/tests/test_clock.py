"""The 13710 clock on the calendar's boundaries, and escalation after each limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jijuqu.projects.choices import EscalationLevel
from jijuqu.service import clock, services
from jijuqu.service.choices import RequestStatus, StepKind
from jijuqu.service.testing import at, holidays_2024, make_request

pytestmark = pytest.mark.django_db

D = dt.date
ORD, DEPUTY, HEAD = EscalationLevel.DEPARTMENT, EscalationLevel.DEPUTY, EscalationLevel.HEAD


def test_request_raised_friday_evening_before_a_holiday_is_due_on_the_tiaoxiu_saturday(world):
    holidays_2024()
    # Friday 2024-09-13, 21:30; 中秋 is 15–17 September and Saturday the 14th is a worked day.
    r = make_request(world.enterprise_a, at(D(2024, 9, 13), 21, 30))
    assert r.assign_due == D(2024, 9, 14)
    assert r.respond_due == D(2024, 9, 19)  # 14, 18, 19
    assert r.close_due == D(2024, 9, 25)  # 14, 18, 19, 20, 23, 24, 25


def test_request_before_national_day_counts_over_the_holiday_and_both_tiaoxiu_days(world):
    holidays_2024()
    r = make_request(world.enterprise_a, at(D(2024, 9, 27), 18))  # Friday before 国庆
    assert r.assign_due == D(2024, 9, 29)  # Sunday worked (调休)
    assert r.respond_due == D(2024, 10, 8)  # 29, 30, 8
    assert r.close_due == D(2024, 10, 12)  # 29, 30, 8, 9, 10, 11, Saturday 12 worked


def test_major_request_is_closed_within_a_month_moved_to_the_next_working_day(world):
    holidays_2024()
    r = make_request(world.enterprise_a, at(D(2024, 9, 6)), kind="major")
    assert r.close_due == D(2024, 10, 8)  # 6 October is a holiday; the 8th is the next working day
    assert r.assign_due == D(2024, 9, 9) and r.respond_due == D(2024, 9, 11)
    jan = make_request(world.enterprise_a, at(D(2025, 1, 31)), kind="major")
    assert jan.close_due == D(2025, 2, 28)  # no 31 February


def test_each_step_is_timestamped_in_the_log(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    services.respond(r, None, at(D(2024, 5, 7), 10), "电话联系企业负责人")
    services.answer(r, None, at(D(2024, 5, 10), 16), "已协调供电公司增容")
    services.rate(r, None, "satisfied", at(D(2024, 5, 11)))
    assert r.status == RequestStatus.CLOSED and clock.closed_on_time(r) is True
    assert list(r.steps.values_list("kind", "at")) == [
        (StepKind.RAISE, at(D(2024, 5, 6))),
        (StepKind.ASSIGN, at(D(2024, 5, 6), 15)),
        (StepKind.RESPOND, at(D(2024, 5, 7), 10)),
        (StepKind.ANSWER, at(D(2024, 5, 10), 16)),
        (StepKind.RATE, at(D(2024, 5, 11))),
    ]


def levels_on(r, day):
    services.escalate_requests(at(day, 8))
    r.refresh_from_db()
    return r.level


def test_unreferred_request_escalates_after_one_working_day_then_to_the_principal_leader(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 10), 20))  # Friday evening: due Monday 13th
    assert levels_on(r, D(2024, 5, 13)) == ORD
    assert levels_on(r, D(2024, 5, 14)) == DEPUTY
    assert levels_on(r, D(2024, 5, 20)) == DEPUTY  # 7 days past
    assert levels_on(r, D(2024, 5, 21)) == HEAD
    escalations = r.steps.filter(kind=StepKind.ESCALATE)
    assert list(escalations.values_list("level", "at")) == [
        (DEPUTY, at(D(2024, 5, 14), 8)),
        (HEAD, at(D(2024, 5, 21), 8)),
    ]


def test_late_first_response_escalates_though_referral_was_on_time(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    assert levels_on(r, D(2024, 5, 9)) == ORD  # response due Thursday the 9th
    assert levels_on(r, D(2024, 5, 10)) == DEPUTY


def test_answer_past_the_seventh_working_day_escalates_and_counts_as_late(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    services.respond(r, None, at(D(2024, 5, 7)), "已联系")
    assert levels_on(r, D(2024, 5, 15)) == ORD  # close due Wednesday the 15th
    assert levels_on(r, D(2024, 5, 16)) == DEPUTY
    services.answer(r, None, at(D(2024, 5, 17)), "已办理")
    services.rate(r, None, "fairly", at(D(2024, 5, 18)))
    assert clock.closed_on_time(r) is False


def test_major_request_escalates_only_after_its_month(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)), kind="major")
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    services.respond(r, None, at(D(2024, 5, 7)), "已联系")
    assert levels_on(r, D(2024, 6, 6)) == ORD
    assert levels_on(r, D(2024, 6, 7)) == DEPUTY


def test_unsatisfied_rating_reopens_against_the_original_close_day(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    services.answer(r, None, at(D(2024, 5, 8)), "已答复")
    assert levels_on(r, D(2024, 5, 20)) == ORD  # answered in time; the enterprise's turn
    services.rate(r, None, "unsatisfied", at(D(2024, 5, 20)), "没有解决")
    assert r.status == RequestStatus.HANDLING and r.reopened == 1 and r.answered_at is None
    assert clock.current_step(r) == ("close", D(2024, 5, 15))
    assert levels_on(r, D(2024, 5, 21)) == DEPUTY
    with pytest.raises(ValidationError):
        services.rate(r, None, "satisfied")
    services.answer(r, None, at(D(2024, 5, 22)), "已解决")
    services.rate(r, None, "satisfied", at(D(2024, 5, 22)))
    assert r.status == RequestStatus.CLOSED and clock.closed_on_time(r) is False
    assert StepKind.REOPEN in r.steps.values_list("kind", flat=True)


def test_follow_up_call_is_logged_and_may_carry_the_rating(world):
    r = make_request(world.enterprise_a, at(D(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(D(2024, 5, 6), 15))
    services.answer(r, None, at(D(2024, 5, 8)), "已答复")
    services.call_back(r, world.user("zone_a"), at(D(2024, 5, 9)), "电话回访，企业表示满意", "satisfied")
    r.refresh_from_db()
    assert r.status == RequestStatus.CLOSED and r.rating == "satisfied"
    assert r.steps.filter(kind=StepKind.CALLBACK, user=world.user("zone_a")).count() == 1


def test_escalate_command_moves_problems_and_requests(world):
    from io import StringIO

    from django.core.management import call_command

    make_request(world.enterprise_a, at(D(2024, 5, 6)))
    out = StringIO()
    call_command("escalate", "--now", "2024-05-20T08:00", stdout=out)
    assert "0 个问题已升级督办层级。" in out.getvalue()
    assert "1 条企业诉求已升级督办层级。" in out.getvalue()
    assert timezone.now()  # the clock command itself is covered by projects' tests
