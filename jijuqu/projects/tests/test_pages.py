"""The ledger pages through Django's client: figures, scope, entry, status changes, boards."""

import datetime as dt
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from jijuqu.projects.choices import EscalationLevel
from jijuqu.projects.models import ApprovalItem, ApprovalItemType, MonthlyProgress, Problem, Project
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world):
    a = make_project(
        world.zone_a,
        "广东兴发年产10万吨高档铝型材项目",
        total="100000.00",
        plan="12000.00",
        code="JZ-001",
        department=world.dept_a,
    )
    report(a, 2024, 9, "8000.00")
    report(a, 2024, 10, "3000.00")
    c = make_project(world.zone_c, "温县食品项目", total="5000.00", plan="1200.00", code="JZ-002")
    report(c, 2024, 10, "100.00")
    b = make_project(
        world.zone_b,
        "汝绣产业园三期",
        total="30000.00",
        plan="6000.00",
        code="PDS-001",
        department=world.dept_b,
    )
    report(b, 2024, 10, "5000.00")
    return a, b, c


def test_ledger_shows_the_periods_figures_and_flags_lagging(login, world, ledger):
    response = login("city").get("/projects/", {"period": "2024-10"})
    html = response.content.decode()
    rows = {p.name: p for p in response.context["table"].data}
    assert set(rows) == {"广东兴发年产10万吨高档铝型材项目", "温县食品项目"}
    assert rows["广东兴发年产10万吨高档铝型材项目"].ytd == Decimal("11000.00")
    # 11,100 of 13,200 = 84.1% against 83.3% elapsed.
    assert (
        "2024年1-10月，2个项目总投资10.5亿元，累计完成投资1.1亿元，占年度投资计划的84.1%，超过时序进度0.8个百分点。"
        in html
    )
    assert html.count('class="table-warning lagging') == 1  # 温县: 100 of 1,200


def test_ledger_default_period_is_the_latest_reported_month(login, world, ledger):
    response = login("zone_a").get("/projects/")
    assert str(response.context["period"]) == "2024-10"


def test_ledger_filters_lagging_and_exports_with_total(login, world, ledger):
    client = login("province")
    response = client.get("/projects/", {"period": "2024-10", "lagging": "behind"})
    assert [p.name for p in response.context["table"].data] == ["温县食品项目"]
    response = client.get("/projects/", {"period": "2024-10", "export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "重点项目2024年1-10月投资进度表"
    header = rows[2]
    ytd = header.index("本年累计完成投资（万元）")
    assert rows[-1][0] == "合计" and Decimal(str(rows[-1][ytd])) == Decimal("16100.00")
    assert len(rows) == 3 + 3 + 1


def test_the_ledgers_filter_choices_are_read_without_a_server_side_cursor(login, world, ledger):
    """On PostgreSQL a form's choices (.iterator()) were each a server-side cursor: three round trips."""
    with CaptureQueriesContext(connection) as queries:
        assert login("city").get("/projects/").status_code == 200
    assert not [q for q in queries.captured_queries if "DECLARE" in q["sql"] or "CURSOR" in q["sql"]]
    assert any("zones_zone" in q["sql"] for q in queries.captured_queries)  # the zone choices were read


def test_bad_period_is_reported_not_ignored(login, world, ledger):
    response = login("province").get("/projects/", {"period": "2024-13"})
    assert "YYYY-MM" in response.content.decode() or "年-月" in response.content.decode()
    assert list(response.context["table"].data) == []


def test_zone_user_sees_only_own_projects_everywhere(login, world, ledger):
    a, b, _ = ledger
    client = login("zone_a")
    assert [p.name for p in client.get("/projects/", {"period": "2024-10"}).context["table"].data] == [a.name]
    for url in (f"/projects/{b.pk}/", f"/projects/{b.pk}/edit/", f"/progress/{b.progress.get().pk}/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/projects/{b.pk}/status/", {"to_status": "completed", "date": "2024-10-01"})
    assert response.status_code == 404
    exported = client.get("/progress/", {"export": "xlsx"})
    names = {
        r[1] for r in load_workbook(BytesIO(exported.content)).active.iter_rows(min_row=4, values_only=True)
    }
    assert b.name not in names and a.name in names


def test_department_user_reads_assigned_projects_but_cannot_edit_them(login, world, ledger):
    a, b, _ = ledger
    world.user("department").department = world.dept_a
    world.user("department").save()
    client = login("department")
    assert client.get(f"/projects/{a.pk}/").status_code == 200
    assert client.get(f"/projects/{a.pk}/edit/").status_code == 403
    assert client.get(f"/projects/{b.pk}/").status_code == 404
    assert client.get("/progress/add/").status_code == 403


def test_monthly_progress_entry_updates_the_ledger(login, world, ledger):
    a, _, _ = ledger
    client = login("zone_a")
    response = client.post(
        "/progress/add/", {"project": a.pk, "year": 2024, "month": 11, "invested": "约1000"}
    )
    # A guessed amount is refused, naming the field; thousands separators are read exactly.
    html = response.content.decode()
    assert response.status_code == 200 and "本月完成投资（万元）：“约1000”不是有效的金额" in html
    response = client.post(
        "/progress/add/",
        {"project": a.pk, "year": 2024, "month": 11, "invested": "1,000.50", "progress_text": "主体封顶"},
    )
    assert response.status_code == 302 and response["Location"] == f"/projects/{a.pk}/"
    ledger_row = client.get("/projects/", {"period": "2024-11"}).context["table"].data[0]
    assert ledger_row.ytd == Decimal("12000.50")


def test_second_report_for_a_month_is_refused_with_a_message(login, world, ledger):
    a, _, _ = ledger
    response = login("zone_a").post(
        "/progress/add/", {"project": a.pk, "year": 2024, "month": 10, "invested": "5.00"}
    )
    assert "该项目本月进度已填报" in response.content.decode()
    assert MonthlyProgress.objects.filter(project=a, year=2024, month=10).get().invested == Decimal("3000.00")


def test_month_13_is_refused_once_not_also_as_a_month_to_come(login, world, ledger):
    a, _, _ = ledger
    response = login("zone_a").post(
        "/progress/add/", {"project": a.pk, "year": 2026, "month": 13, "invested": "5.00"}
    )
    html = response.content.decode()
    assert "确保该值小于或等于12" in html
    assert "尚未到来" not in html and "13月" not in html
    assert not MonthlyProgress.objects.filter(project=a, month=13).exists()


def test_a_duplicate_project_code_is_refused_in_plain_chinese(login, world, ledger):
    a, _, _ = ledger
    client = login("zone_a")
    page = client.get("/projects/add/").content.decode()
    response = client.post(
        "/projects/add/",
        {
            "code": "JZ-001",
            "name": "另一个项目",
            "zone": world.zone_a.pk,
            "builder_name": "某公司",
            "total_investment": "100.00",
            "form_token": "x" * 32,
        },
    )
    html = response.content.decode()
    assert page and "已有重点项目使用该项目编号" in html
    assert "具有 " not in html
    assert Project.objects.filter(code="JZ-001").count() == 1


def test_report_over_total_investment_is_refused_in_chinese(login, world, ledger):
    a, _, _ = ledger
    response = login("zone_a").post(
        "/progress/add/", {"project": a.pk, "year": 2024, "month": 11, "invested": "90000.00"}
    )
    html = response.content.decode()
    assert "本月完成投资（万元）：" in html and "超过项目总投资100000.00万元" in html
    assert not MonthlyProgress.objects.filter(project=a, year=2024, month=11).exists()


def test_correcting_a_report_keeps_history(login, world, ledger):
    a, _, _ = ledger
    progress = a.progress.get(year=2024, month=10)
    client = login("zone_a")
    response = client.post(
        f"/progress/{progress.pk}/edit/", {"project": a.pk, "year": 2024, "month": 10, "invested": "3500.00"}
    )
    assert response.status_code == 302
    old, new = progress.history.order_by("history_id").values_list("invested", flat=True)
    assert (old, new) == (Decimal("3000.00"), Decimal("3500.00"))


def test_status_change_through_the_page(login, world, ledger):
    a, _, _ = ledger
    client = login("zone_a")
    response = client.post(
        f"/projects/{a.pk}/status/", {"to_status": "completed", "date": "2024-10-20"}, follow=True
    )
    assert "状态已变更为竣工" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "completed" and a.actual_completion == dt.date(2024, 10, 20)
    response = client.post(
        f"/projects/{a.pk}/status/", {"to_status": "building", "date": "2024-10-21"}, follow=True
    )
    assert "不能变更为" in response.content.decode() or "选择一个有效的选项" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "completed"


def test_project_page_shows_the_timeline_and_offers_the_next_steps_to_its_zone_only(login, world, ledger):
    a, _, _ = ledger
    client = login("zone_a")
    client.post(f"/projects/{a.pk}/status/", {"to_status": "completed", "date": "2024-10-20"})
    page = client.get(f"/projects/{a.pk}/")
    assert [c.to_status for c in page.context["timeline"]] == ["completed"]
    assert 'id="timeline"' in page.content.decode() and "竣工" in page.content.decode()
    choices = [value for value, _ in page.context["status_form"].fields["to_status"].choices]
    assert choices == ["producing"] and page.context["can_report"]
    # The city analyst reads the same timeline; another zone's staff do not see the project at all.
    city = login("city").get(f"/projects/{a.pk}/")
    assert [c.to_status for c in city.context["timeline"]] == ["completed"]
    assert login("zone_b").get(f"/projects/{a.pk}/").status_code == 404


def test_problem_climbs_by_the_clock_and_the_board_shows_it(login, world, ledger):
    a, _, _ = ledger
    today = timezone.localdate()
    problem = Problem.objects.create(
        title="用地指标未落实",
        project=a,
        department=world.dept_a,
        raised_on=today - dt.timedelta(days=20),
        deadline=today - dt.timedelta(days=2),
    )
    client = login("zone_a")
    board = client.get("/problems/board/").context["columns"]
    assert [p.title for p, _ in board[0][2]] == ["用地指标未落实"]
    call_command("escalate", stdout=StringIO())  # what cron / `jijuqu clock` runs; nobody touched it
    problem.refresh_from_db()
    assert problem.level == EscalationLevel.DEPUTY
    response = client.get("/problems/board/")
    columns = response.context["columns"]
    assert columns[0][2] == [] and [(p.title, days) for p, days in columns[1][2]] == [("用地指标未落实", 2)]
    assert "2 days overdue" in response.content.decode() or "超期2天" in response.content.decode()


def test_the_board_shows_the_most_pressing_cards_and_counts_the_rest(login, world, ledger, monkeypatch):
    monkeypatch.setattr("jijuqu.projects.views.BOARD_CARDS", 2)
    a, _, _ = ledger
    today = timezone.localdate()
    for days in (5, 1, 9):
        Problem.objects.create(
            title=f"超期{days}天的问题",
            project=a,
            department=world.dept_a,
            raised_on=today - dt.timedelta(days=30),
            deadline=today - dt.timedelta(days=days),
        )
    response = login("zone_a").get("/problems/board/")
    label, _colour, cards, count, more, link = response.context["columns"][0]
    assert [p.title for p, _ in cards] == ["超期9天的问题", "超期5天的问题"] and (count, more) == (3, 1)
    assert link == "/problems/?status=open&level=1"
    assert "另有1个，见问题台账" in response.content.decode()


def test_department_user_works_own_problems_only(login, world, ledger):
    a, b, _ = ledger
    mine = Problem.objects.create(
        title="环评手续办理滞后",
        project=a,
        department=world.dept_city,
        raised_on=dt.date(2024, 10, 1),
        deadline=dt.date(2024, 10, 30),
    )
    other = Problem.objects.create(
        title="资金缺口",
        project=b,
        department=world.dept_b,
        raised_on=dt.date(2024, 10, 1),
        deadline=dt.date(2024, 10, 30),
    )
    client = login("department")
    assert client.get(f"/problems/{other.pk}/").status_code == 404
    response = client.post(
        f"/problems/{mine.pk}/edit/",
        {
            "title": mine.title,
            "category": mine.category,
            "project": a.pk,
            "department": world.dept_city.pk,
            "raised_on": "2024-10-01",
            "deadline": "2024-10-30",
            "status": "resolved",
            "resolution": "已完成专家评审",
            "resolved_on": "2024-10-25",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "resolved"


def test_overdue_approvals_are_listed_for_supervision(login, world, ledger):
    a, _, _ = ledger
    kind = ApprovalItemType.objects.create(name="环境影响评价审批", time_limit=30)
    today = timezone.localdate()
    late = ApprovalItem.objects.create(
        project=a,
        item_type=kind,
        department=world.dept_city,
        submitted_on=today - dt.timedelta(days=90),
        time_limit=30,
    )
    ApprovalItem.objects.create(
        project=a,
        item_type=ApprovalItemType.objects.create(name="节能审查"),
        department=world.dept_city,
        submitted_on=today,
        time_limit=15,
    )
    response = login("zone_a").get("/approvals/", {"overdue": "true"})
    items = list(response.context["table"].data)
    assert items == [late]
    assert response.context["overdue_count"] == 1
    assert "超期未办结" in response.content.decode()


def test_ledger_query_count_does_not_grow_with_rows(login, world, ledger, django_assert_max_num_queries):
    for i in range(30):
        make_project(world.zone_a, f"批量项目{i}", plan="100.00")
    client = login("zone_a")
    # The 合计 row is one aggregate query rather than reading every row; each read of a year's kept
    # reports checks once that the year has been carried into (the first time, two more to mark it);
    # the total and the count are each looked up and kept for the data's state (core.computed).
    with django_assert_max_num_queries(26):
        client.get("/projects/", {"period": "2024-10"})


def test_project_form_refuses_park_of_other_zone(login, world):
    response = login("admin").post(
        "/projects/add/",
        {
            "name": "测试项目",
            "zone": world.zone_a.pk,
            "park": world.park_b.pk,
            "builder_name": "某公司",
            "level": "city",
            "kind": "new",
            "total_investment": "100",
        },
    )
    assert "所选园区不属于该项目所在开发区" in response.content.decode()
    assert not Project.objects.filter(name="测试项目").exists()


def test_project_page_sums_up_cumulative_share_of_plan_and_schedule(login, world, ledger):
    a, *_ = ledger
    html = login("zone_a").get(f"/projects/{a.pk}/").content.decode()
    # 2024-10 is the project's latest report: 8000 + 3000 of a 12000 plan (91.7%) against 83.3% elapsed.
    assert (
        "截至2024年10月底，累计完成投资11000.00万元（占总投资的11.0%）；"
        "2024年1-10月完成11000.00万元，占年度投资计划的91.7%，超过时序进度8.3个百分点。"
    ) in html


def test_ledger_offers_entry_and_import_only_to_who_may_use_them(login, world, ledger):
    assert "/imports/projects/" in login("zone_a").get("/projects/").content.decode()
    for role in ("department", "enterprise"):
        html = login(role).get("/projects/").content.decode()
        assert "/imports/projects/" not in html and "/progress/add/" not in html, role


def test_ledger_month_field_shows_the_month_in_use(login, world, ledger):
    for query in ({}, {"q": "项目"}):
        html = login("zone_a").get("/projects/", query).content.decode()
        assert 'name="period" value="2024-10"' in html, query


def test_the_boards_and_approval_lists_counts_are_kept_for_the_datas_state(login, world, ledger):
    """The board's counts in one aggregate and the approval list's overdue count, counted once for a
    state of the data (a province's each joined its 100,000 projects) and again after a change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b, _ = ledger
    today = timezone.localdate()
    for project, days in ((a, 5), (a, -3), (b, 2)):
        Problem.objects.create(
            title=f"问题{project.pk}{days}",
            project=project,
            department=world.dept_a,
            raised_on=today - dt.timedelta(days=30),
            deadline=today - dt.timedelta(days=days),
        )
    client = login("province")
    first = client.get("/problems/board/").context
    assert (first["counts"]["open"], first["counts"]["overdue"], first["columns"][0][3]) == (3, 2, 3)
    client.get("/approvals/")
    for url in ("/problems/board/", "/approvals/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]], url
    Problem.objects.filter(deadline__gt=today).update(deadline=today - dt.timedelta(days=1))
    again = client.get("/problems/board/").context
    assert (again["counts"]["open"], again["counts"]["overdue"]) == (3, 3)
    assert login("zone_a").get("/problems/board/").context["counts"]["open"] == 2
