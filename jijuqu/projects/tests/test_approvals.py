"""Approval items worked by actions, time limits kept by the supervising office, due dates that follow
the calendar; problems that follow their project; inspection snapshots (issue 10, items 7, 9, 13)."""

import ast
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jijuqu.core.api import create_token
from jijuqu.core.history import history_entries
from jijuqu.projects.choices import ApprovalStatus
from jijuqu.projects.models import (
    ApprovalAction,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    Problem,
)
from jijuqu.projects.services import act_on_approval, set_time_limit
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


def call(client, world, user, method, url, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user(user), 't')}"}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def working_days_ago(n: int) -> dt.date:
    day, left = timezone.localdate(), n
    while left:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@pytest.fixture
def item(world):
    """An 环评 item of a 沁阳 project, handled by 焦作市自然资源和规划局 (the `department` user), long
    overdue: submitted 60 working days ago with a 20-day limit."""
    project = make_project(world.zone_a, "沁阳铝材项目")
    kind = ApprovalItemType.objects.create(name="环境影响评价审批", time_limit=20)
    return ApprovalItem.objects.create(
        project=project, item_type=kind, department=world.dept_city, submitted_on=working_days_ago(60)
    )


def overdue_ids(client, world, user):
    body = call(client, world, user, "get", "/api/approvals/?overdue=true").json()
    return [i["id"] for i in body["items"]]


# -- item 9: a department cannot clear its own 督办 ----------------------------------------------------


def test_time_limit_comes_from_the_item_type(world, item):
    assert item.time_limit == 20 and item.status == ApprovalStatus.SUBMITTED
    assert item.due_on < timezone.localdate()


def test_department_cannot_raise_its_time_limit_through_the_api(client, world, item):
    assert overdue_ids(client, world, "department") == [item.pk]
    response = call(client, world, "department", "patch", f"/api/approvals/{item.pk}/", {"time_limit": 999})
    assert response.status_code == 422
    assert "督办单位" in json.dumps(response.json(), ensure_ascii=False)
    response = call(
        client,
        world,
        "department",
        "post",
        f"/api/approvals/{item.pk}/time-limit/",
        {"time_limit": 999, "reason": "x"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.time_limit == 20
    assert overdue_ids(client, world, "department") == [item.pk]


def test_department_cannot_raise_its_time_limit_through_the_edit_page(login, world, item):
    client = login("department")
    response = client.post(
        f"/approvals/{item.pk}/edit/",
        {
            "project": item.project_id,
            "item_type": item.item_type_id,
            "department": item.department_id,
            "submitted_on": item.submitted_on.isoformat(),
            "time_limit": "999",
        },
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.time_limit == 20 and item.due_on < timezone.localdate()


def test_zone_cannot_set_a_limit_when_entering_an_item(client, world, item):
    kind = ApprovalItemType.objects.create(name="施工许可", time_limit=7)
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/approvals/",
        {
            "project": item.project_id,
            "item_type": kind.pk,
            "department": world.dept_city.pk,
            "submitted_on": "2024-10-08",
            "time_limit": 999,
        },
    )
    assert response.status_code == 422
    assert ApprovalItem.objects.filter(item_type=kind).count() == 0


def test_zone_and_department_cannot_change_a_limit_only_the_supervising_office(world, item):
    for name in ("zone_a", "department", "zone_b", "enterprise"):
        with pytest.raises(PermissionDenied):
            set_time_limit(item, world.user(name), 999, "来不及")
    item.refresh_from_db()
    assert item.time_limit == 20


def test_supervising_office_changes_a_limit_with_a_reason_kept_in_log_and_history(client, world, item):
    with pytest.raises(ValidationError) as err:
        set_time_limit(item, world.user("city"), 80, "  ")
    assert "理由" in str(err.value)
    old_due = item.due_on
    set_time_limit(item, world.user("city"), 80, "涉及生态红线调整，需省厅论证")
    item.refresh_from_db()
    assert item.time_limit == 80 and item.due_on > old_due
    step = item.actions.get()
    assert (step.kind, step.old_time_limit, step.new_time_limit, step.user) == (
        "limit",
        20,
        80,
        world.user("city"),
    )
    assert step.text == "涉及生态红线调整，需省厅论证"
    assert item.history.first().history_change_reason == "涉及生态红线调整，需省厅论证"
    label = ApprovalItem._meta.get_field("time_limit").verbose_name
    assert (label, 20, 80) in history_entries(item)[0].changes
    # The county analyst above the project is the supervising office too; the other city's is not.
    set_time_limit(item, world.user("county"), 90, "补充材料")
    assert call(
        client,
        world,
        "zone_b",
        "post",
        f"/api/approvals/{item.pk}/time-limit/",
        {"time_limit": 9, "reason": "x"},
    ).status_code in (403, 404)


def test_completion_date_cannot_be_in_the_future(client, world, item):
    act_on_approval(item, world.user("department"), "accept")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = call(
        client,
        world,
        "department",
        "post",
        f"/api/approvals/{item.pk}/actions/",
        {"action": "complete", "completed_on": tomorrow.isoformat()},
    )
    assert response.status_code == 422
    assert "晚于今天" in json.dumps(response.json(), ensure_ascii=False)
    response = call(
        client, world, "zone_a", "patch", f"/api/approvals/{item.pk}/", {"completed_on": tomorrow.isoformat()}
    )
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.completed_on is None and item.status == ApprovalStatus.ACCEPTED


# -- item 13: handled with actions, each logged ---------------------------------------------------------


def test_actions_in_order_are_logged_with_who_and_when(world, item):
    dept = world.user("department")
    with pytest.raises(ValidationError, match="不能执行"):
        act_on_approval(item, dept, "complete")
    act_on_approval(item, dept, "accept")
    act_on_approval(item, dept, "comment", "请补充水土保持方案")
    with pytest.raises(ValidationError, match="意见"):
        act_on_approval(item, dept, "comment", "")
    act_on_approval(item, dept, "complete", "准予批复", timezone.localdate())
    item.refresh_from_db()
    assert item.status == ApprovalStatus.COMPLETED and item.completed_on == timezone.localdate()
    steps = list(item.actions.order_by("at", "pk").values_list("kind", "user", "text"))
    assert steps == [
        ("accept", dept.pk, ""),
        ("comment", dept.pk, "请补充水土保持方案"),
        ("complete", dept.pk, "准予批复"),
    ]
    assert all(a.at is not None for a in item.actions.all())
    with pytest.raises(ValidationError):
        act_on_approval(item, dept, "comment", "办结之后")
    with pytest.raises(ValidationError):
        set_time_limit(item, world.user("city"), 30, "办结后调整")


def test_only_the_handling_department_acts(world, item):
    for name in ("zone_a", "city", "zone_b", "enterprise"):
        with pytest.raises(PermissionDenied):
            act_on_approval(item, world.user(name), "accept")
    assert not item.actions.exists()


def backdate(step, day):
    ApprovalAction.objects.filter(pk=step.pk).update(
        at=timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    )


def test_return_for_correction_stops_the_clock_until_accepted_again(world, item):
    dept = world.user("department")
    due = item.due_on  # submitted 60 working days ago, 20 days' limit: 40 working days ago
    assert due == working_days_ago(40)
    backdate(act_on_approval(item, dept, "accept"), working_days_ago(55))
    with pytest.raises(ValidationError, match="补正"):
        act_on_approval(item, dept, "return", "")
    returned = act_on_approval(item, dept, "return", "缺少环评报告书")
    item.refresh_from_db()
    assert item.status == ApprovalStatus.RETURNED and item.due_on is None
    assert not ApprovalItem.objects.filter(pk=item.pk, due_on__lt=timezone.localdate()).exists()
    with pytest.raises(ValidationError):
        act_on_approval(item, dept, "complete")
    # Returned 50 working days ago, the corrected file accepted 35 working days ago: those 15
    # working days were the applicant's and do not count.
    backdate(returned, working_days_ago(50))
    backdate(act_on_approval(item, dept, "accept"), working_days_ago(35))
    item.save()
    item.refresh_from_db()
    assert item.status == ApprovalStatus.ACCEPTED
    assert item.due_on == working_days_ago(25)


def test_zone_sees_the_log_and_cannot_edit_an_accepted_item(client, login, world, item):
    act_on_approval(item, world.user("department"), "accept")
    act_on_approval(item, world.user("department"), "return", "缺少用地预审意见")
    page = login("zone_a").get(f"/approvals/{item.pk}/").content.decode()
    assert "缺少用地预审意见" in page and "退回补正" in page
    assert 'id="action-form"' not in page and 'id="limit-form"' not in page
    assert f"/approvals/{item.pk}/edit/" not in page
    assert f"/approvals/{item.pk}/delete/" not in page  # the log keeps the item
    assert login("zone_a").get(f"/approvals/{item.pk}/edit/").status_code == 403
    body = call(client, world, "zone_a", "get", f"/api/approvals/{item.pk}/actions/").json()
    assert [a["kind"] for a in body] == ["accept", "return"]
    assert call(client, world, "zone_b", "get", f"/api/approvals/{item.pk}/actions/").status_code == 404


def test_department_works_an_item_with_the_pages_buttons(login, world, item):
    client = login("department")
    page = client.get(f"/approvals/{item.pk}/").content.decode()
    assert 'id="action-accept"' in page and 'id="action-complete"' not in page
    assert 'id="limit-form"' not in page
    client.post(f"/approvals/{item.pk}/act/", {"action": "accept"})
    client.post(f"/approvals/{item.pk}/act/", {"action": "comment", "text": "已组织专家评审"})
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/approvals/{item.pk}/act/", {"action": "complete", "completed_on": tomorrow}, follow=True
    )
    assert "晚于今天" in response.content.decode()
    client.post(
        f"/approvals/{item.pk}/act/", {"action": "complete", "completed_on": timezone.localdate().isoformat()}
    )
    item.refresh_from_db()
    assert item.status == ApprovalStatus.COMPLETED
    assert list(item.actions.values_list("kind", flat=True)) == ["accept", "comment", "complete"]
    city = login("city")
    assert 'id="limit-form"' not in city.get(f"/approvals/{item.pk}/").content.decode()


def test_city_changes_a_limit_on_the_page(login, world, item):
    client = login("city")
    assert 'id="limit-form"' in client.get(f"/approvals/{item.pk}/").content.decode()
    response = client.post(
        f"/approvals/{item.pk}/time-limit/", {"time_limit": "30", "reason": ""}, follow=True
    )
    item.refresh_from_db()
    assert item.time_limit == 20 and "理由" in response.content.decode()
    client.post(f"/approvals/{item.pk}/time-limit/", {"time_limit": "30", "reason": "跨部门会审"})
    item.refresh_from_db()
    assert item.time_limit == 30


def test_the_log_is_append_only(world, item):
    step = act_on_approval(item, world.user("department"), "accept")
    step.text = "改写"
    with pytest.raises(ValueError):
        step.save()
    with pytest.raises(ValueError):
        step.delete()


# -- item 7: due dates follow the calendar; snapshots stay --------------------------------------------------


def test_due_dates_of_open_items_follow_the_working_day_calendar(world):
    project = make_project(world.zone_a)
    kind = ApprovalItemType.objects.create(name="规划许可", time_limit=5)
    # Mon 2024-09-23 + 5 working days = Mon 2024-09-30.
    open_item = ApprovalItem.objects.create(
        project=project, item_type=kind, department=world.dept_city, submitted_on=dt.date(2024, 9, 23)
    )
    done = ApprovalItem.objects.create(
        project=make_project(world.zone_a, "另一项目"),
        item_type=kind,
        department=world.dept_city,
        submitted_on=dt.date(2024, 9, 23),
        status=ApprovalStatus.COMPLETED,
        completed_on=dt.date(2024, 9, 30),
    )
    assert open_item.due_on == done.due_on == dt.date(2024, 9, 30)
    holiday = CalendarDay.objects.create(date=dt.date(2024, 9, 27), workday=False, name="调休放假")
    open_item.refresh_from_db()
    done.refresh_from_db()
    assert open_item.due_on == dt.date(2024, 10, 1)
    assert done.due_on == dt.date(2024, 9, 30)  # judged against the calendar it was completed under
    holiday.date = dt.date(2024, 9, 26)
    holiday.save()
    open_item.refresh_from_db()
    assert open_item.due_on == dt.date(2024, 10, 1)
    holiday.delete()
    open_item.refresh_from_db()
    assert open_item.due_on == dt.date(2024, 9, 30)
    CalendarDay.objects.create(date=dt.date(2024, 9, 28), workday=True, name="调休上班")
    open_item.refresh_from_db()
    assert open_item.due_on == dt.date(2024, 9, 28)


def test_inspection_keeps_the_reported_investment_it_was_made_against(world):
    p = make_project(world.zone_a)
    report(p, 2024, 1, "300.00")
    inspection = Inspection.objects.create(
        project=p, date=dt.date(2024, 4, 10), inspectors="张伟", verified_investment=Decimal("280.00")
    )
    assert inspection.reported_investment == Decimal("300.00")
    report(p, 2024, 3, "200.00")  # reported late, after the inspection
    inspection.findings = "部分设备款未支付"
    inspection.save()
    inspection.refresh_from_db()
    assert inspection.reported_investment == Decimal("300.00")


# -- item 7: a problem follows its project ---------------------------------------------------------------


def test_problem_moves_with_its_project_to_another_zone(client, login, world):
    project = make_project(world.zone_a, "沁阳转汝州项目")
    problem = Problem.objects.create(
        title="用地指标未落实",
        project=project,
        department=world.dept_a,
        raised_on=dt.date(2024, 5, 1),
        deadline=dt.date(2024, 5, 31),
    )
    project.zone = world.zone_b
    project.save()

    def visible(user):
        return Problem.objects.restrict(world.user(user)).filter(pk=problem.pk).exists()

    assert visible("zone_b") and not visible("zone_a")
    assert not visible("city") and not visible("county")
    assert problem.zone == world.zone_b
    assert [p.pk for p in login("zone_b").get("/problems/").context["table"].data] == [problem.pk]
    assert list(login("zone_a").get("/problems/").context["table"].data) == []
    body = call(client, world, "zone_b", "get", "/api/problems/").json()
    assert [(p["id"], p["zone"]) for p in body["items"]] == [(problem.pk, world.zone_b.pk)]
    # The board and the zone filter read the same relation.
    assert (
        login("province").get("/problems/", {"zone": world.zone_b.pk}).context["table"].data.data.count() == 1
    )


def test_problem_of_an_enterprise_follows_the_enterprise(world):
    problem = Problem.objects.create(
        title="融资难",
        enterprise=world.enterprise_a2,
        department=world.dept_a,
        raised_on=dt.date(2024, 5, 1),
        deadline=dt.date(2024, 5, 31),
    )
    assert Problem.objects.restrict(world.user("zone_a")).filter(pk=problem.pk).exists()
    world.enterprise_a2.zone = world.zone_b
    world.enterprise_a2.save()
    assert not Problem.objects.restrict(world.user("zone_a")).filter(pk=problem.pk).exists()
    assert Problem.objects.restrict(world.user("zone_b")).filter(pk=problem.pk).exists()


def test_enterprise_user_reads_only_its_own_problems(world):
    mine = make_project(world.zone_a, "兴发项目", builder=world.enterprise_a)
    other = make_project(world.zone_a, "超威项目", builder=world.enterprise_a2)
    kwargs = {"department": world.dept_a, "raised_on": dt.date(2024, 5, 1), "deadline": dt.date(2024, 5, 31)}
    on_mine = Problem.objects.create(title="a", project=mine, **kwargs)
    Problem.objects.create(title="b", project=other, **kwargs)
    about_me = Problem.objects.create(title="c", enterprise=world.enterprise_a, **kwargs)
    Problem.objects.create(title="d", enterprise=world.enterprise_a2, **kwargs)
    user = world.user("enterprise")
    assert set(Problem.objects.restrict(user)) == {on_mine, about_me}
    assert not Problem.objects.restrict(user, "change").exists()


# -- design: models and services no longer import each other ---------------------------------------------


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_models_import_rules_not_services_and_rules_import_no_models():
    here = Path(__file__).resolve().parents[1]
    models = imported_modules(here / "models.py")
    assert ".services" not in models and ".workdays" not in models and ".rules" not in models
    assert "." in models  # `from . import rules`
    for below in ("rules.py", "workdays.py"):
        assert not {".models", "jijuqu.projects.models", ".services"} & imported_modules(here / below)
