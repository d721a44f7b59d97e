"""The assessment pages through Django's client: ranking, drill-down, export, data entry, scope."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jijuqu.assessment.models import IndicatorValue
from jijuqu.assessment.testing import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(world):
    return make_framework(world)


def test_ranking_page_shows_each_user_their_part(world, framework, login):
    url = f"/assessment/frameworks/{framework.pk}/ranking/?period=2024"
    page = login("province").get(url)
    assert page.status_code == 200
    names = [r.zone.name for r, _ in page.context["rows"]]
    assert names == ["温县产业集聚区", "沁阳市产业集聚区", "汝州市产业集聚区"]
    assert [(n, r.zone.name) for n, r in page.context["ten_fast"]] == [(1, "温县产业集聚区")]
    assert all(r.interval is not None for r, _ in page.context["rows"])
    own = login("zone_a").get(url)
    assert [r.zone.name for r, _ in own.context["rows"]] == ["沁阳市产业集聚区"]
    assert own.context["rows"][0][0].rank == 2  # the rank among all three, not among what is shown
    assert "汝州市产业集聚区" not in own.content.decode()
    # 沁阳 is second of the 十强 for everyone, and not renumbered first for its own staff.
    assert [(n, r.zone.name) for n, r in own.context["ten_strong"]] == [(2, "沁阳市产业集聚区")]
    assert own.context["ten_fast"] == [] and own.context["has_previous"]


def test_export_holds_only_the_users_zones(world, framework, login):
    url = f"/assessment/frameworks/{framework.pk}/ranking/?period=2024&export=xlsx"
    ws = load_workbook(BytesIO(login("city").get(url).content))["综合排名"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True)]
    assert [(r[0], r[1]) for r in rows] == [(1, "温县产业集聚区"), (2, "沁阳市产业集聚区")]
    assert Decimal(str(rows[0][2])) == Decimal("97.06")


def test_export_and_page_name_the_method_in_words_not_codes(world, framework, login):
    url = f"/assessment/frameworks/{framework.pk}/ranking/?period=2024"
    client = login("province")
    note = load_workbook(BytesIO(client.get(url + "&export=xlsx").content))["综合排名"]["A2"].value
    words = "标准化方法：极差标准化，赋权方法：固定权重（专家赋权），合成方法：加权算术平均，缺失值处理：不参与排名"
    assert words in note
    assert "minmax" not in note and "arithmetic" not in note
    assert words in client.get(url).content.decode()


def test_method_choice_and_comparison(world, framework, login):
    client = login("province")
    page = client.get(f"/assessment/frameworks/{framework.pk}/ranking/?period=2024&compare_weighting=equal")
    assert page.context["comparing"]
    assert all(other is not None for _, other in page.context["rows"])
    bad = client.get(f"/assessment/frameworks/{framework.pk}/ranking/?period=2024&normalisation=target")
    assert "按目标值标准化需要每个指标都有大于0的目标值" in bad.content.decode()


def test_drill_down_shows_contributions_and_phrases(world, framework, login):
    page = login("zone_a").get(
        f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_a.pk}/?period=2024"
    )
    text = page.content.decode()
    assert "增速9.0%，低于全省平均水平0.3个百分点，居全省第2位" in text
    assert sum(row["points"] for row in page.context["rows"]) == page.context["own"].base
    assert (
        login("zone_a").get(f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_b.pk}/").status_code
        == 404
    )


def test_entry_grid_saves_all_or_nothing_with_history(world, framework, login):
    client = login("zone_a")
    url = f"/assessment/frameworks/{framework.pk}/entry/?period=2025"
    page = client.get(url)
    assert [zone for zone, _ in page.context["grid"]] == [world.zone_a]  # only the user's zone
    names = [name for _, name, _ in page.context["grid"][0][1]]
    bad = client.post(url, {"period": "2025", names[0]: "1,234.5", names[1]: "约8", names[2]: "0.4"})
    assert "沁阳市产业集聚区“增速”：“约8”不是有效的数字" in bad.content.decode()
    assert not IndicatorValue.objects.filter(period="2025").exists()
    ok = client.post(
        url, {"period": "2025", names[0]: "1,234.5", names[1]: "8", names[2]: "0.4"}, follow=True
    )
    assert ok.status_code == 200
    saved = IndicatorValue.objects.get(period="2025", indicator__code="A1")
    assert saved.value == Decimal("1234.5") and saved.history.first().history_user == world.user("zone_a")
    # A cell of another zone, forged into the form, is refused and nothing is written.
    other = f"v-{world.zone_b.pk}-{saved.indicator_id}"
    forged = client.post(url, {"period": "2025", names[0]: "999", other: "1"})
    assert "不在您可以填报的范围内" in forged.content.decode()
    assert IndicatorValue.objects.get(period="2025", indicator__code="A1").value == Decimal("1234.5")
    assert not IndicatorValue.objects.filter(zone=world.zone_b, period="2025").exists()


def test_zone_staff_read_frameworks_but_do_not_change_them(world, framework, login):
    client = login("zone_a")
    page = client.get(f"/assessment/frameworks/{framework.pk}/")
    assert page.status_code == 200 and page.context["periods"] == ["2024", "2023"]
    assert page.context["can_enter"] and not page.context["can_edit_framework"]
    assert "新增指标" not in page.content.decode() and 'id="open-entry"' in page.content.decode()
    assert client.get(f"/assessment/frameworks/{framework.pk}/edit/").status_code in (403, 404)
    assert login("city").get(f"/assessment/frameworks/{framework.pk}/edit/").status_code in (403, 404)
    assert login("province").get(f"/assessment/frameworks/{framework.pk}/edit/").status_code == 200
    assert login("province").get(f"/assessment/frameworks/{framework.pk}/").context["can_edit_framework"]
    assert (
        login("zone_b").get(f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_a.pk}/").status_code
        == 404
    )


def test_api_frameworks_values_and_ranking_in_scope(world, framework, login):
    client = login("city")
    listed = client.get("/api/assessment/frameworks/").json()
    assert [f["name"] for f in listed["items"]] == ["产业集聚区考核"]
    assert len(listed["items"][0]["indicators"]) == 3
    ranking = client.get(f"/api/assessment/frameworks/{framework.pk}/ranking/?period=2024&runs=100").json()
    assert ranking["ranked"] == 3
    assert [(r["zone_name"], r["rank"], r["score"]) for r in ranking["results"]] == [
        ("温县产业集聚区", 1, "97.06"),
        ("沁阳市产业集聚区", 2, "70.30"),
    ]
    assert ranking["results"][0]["interval"]["low"] >= 1
    values = client.get("/api/assessment/values/?period=2024").json()["items"]
    assert {v["zone_code"] for v in values} == {"41088201", "41082501"}  # not 汝州's

    zone = login("zone_a")
    indicator = framework.groups.first().indicators.first()
    own = zone.post(
        "/api/assessment/values/",
        {"indicator": indicator.pk, "zone": world.zone_a.pk, "period": "2024", "value": "330.5"},
        content_type="application/json",
    )
    assert own.status_code == 200 and Decimal(own.json()["value"]) == Decimal("330.5")
    other = zone.post(
        "/api/assessment/values/",
        {"indicator": indicator.pk, "zone": world.zone_b.pk, "period": "2025", "value": "1"},
        content_type="application/json",
    )
    assert other.status_code == 422 and not IndicatorValue.objects.filter(period="2025").exists()
    bad = client.get(f"/api/assessment/frameworks/{framework.pk}/ranking/?period=2024-13")
    assert bad.status_code == 422


def test_rank_command_prints_a_table_or_json(world, framework, capsys):
    import json

    from django.core.management import CommandError, call_command

    call_command("rank", "--framework", str(framework.pk), "--period", "2024", "--runs", "0")
    out = capsys.readouterr().out
    assert "3个集聚区参评" in out and "温县产业集聚区" in out.splitlines()[1]
    call_command("rank", "--framework", str(framework.pk), "--period", "2024", "--json", "--runs", "50")
    data = json.loads(capsys.readouterr().out)
    assert [r["zone"] for r in data["results"]] == ["41082501", "41088201", "41048201"]
    assert data["results"][0]["rank_change"] == 2 and data["weights"] == {
        "A1": "0.5000",
        "A2": "0.3000",
        "B1": "0.2000",
    }
    with pytest.raises(CommandError, match="期间请写作|Write the period"):
        call_command("rank", "--framework", str(framework.pk), "--period", "24")
    with pytest.raises(CommandError, match="没有编号为999的指标体系"):
        call_command("rank", "--framework", "999", "--period", "2024")


def test_entry_with_a_bad_period_saves_nothing_and_drill_down_without_data_explains(world, framework, login):
    client = login("zone_a")
    indicator = framework.groups.first().indicators.first()
    page = client.post(
        f"/assessment/frameworks/{framework.pk}/entry/",
        {"period": "2025年", f"v-{world.zone_a.pk}-{indicator.pk}": "9"},
    )
    assert "未保存" in page.content.decode() or "Nothing was saved" in page.content.decode()
    assert IndicatorValue.objects.filter(zone=world.zone_a).count() == 6  # only the fixture's two years
    empty = client.get(
        f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_a.pk}/?period=2030", follow=True
    )
    assert empty.status_code == 200 and "没有数据完整的参评单位" in empty.content.decode()


def test_writing_a_value_for_an_out_of_scope_zone_answers_the_same_whether_one_exists(
    world, framework, login
):
    # Issue 11 item 12: 404 when a value existed, 422 when not, told zone A's user what zone B has.
    indicator = framework.groups.first().indicators.first()
    client = login("zone_a")

    def put(period):
        return client.post(
            "/api/assessment/values/",
            {"indicator": indicator.pk, "zone": world.zone_b.pk, "period": period, "value": "1"},
            content_type="application/json",
        )

    existing, missing = put("2024"), put("2030")
    assert IndicatorValue.objects.filter(zone=world.zone_b, period="2024").exists()
    assert (existing.status_code, existing.json()) == (missing.status_code, missing.json())
    assert existing.status_code == 422
    assert IndicatorValue.objects.get(zone=world.zone_b, period="2024", indicator=indicator).value == Decimal(
        "150"
    )


def test_framework_page_lists_only_adjustments_of_zones_in_scope(world, framework, login):
    # Issue 11 item 6: the page listed every zone's veto and bonus.
    from jijuqu.assessment.models import Adjustment

    Adjustment.objects.create(
        framework=framework, zone=world.zone_a, period="2024", points=2, reason="招商加分"
    )
    Adjustment.objects.create(
        framework=framework, zone=world.zone_b, period="2024", veto=True, reason="安全事故否决"
    )
    page = login("zone_a").get(f"/assessment/frameworks/{framework.pk}/").content.decode()
    assert "招商加分" in page and "安全事故否决" not in page
    assert "安全事故否决" in login("province").get(f"/assessment/frameworks/{framework.pk}/").content.decode()


def test_drill_down_compares_with_the_city_within_the_city(world, framework, login):
    """沁阳 and 温县 are 焦作's two ranked zones: 增速 9 and 15, city mean 12 — not the province's 9.3."""
    page = login("city").get(f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_c.pk}/?period=2024")
    phrases = {row["indicator"].code: row["city_phrase"] for row in page.context["rows"]}
    assert phrases["A2"] == "增速15.0%，高于焦作市平均水平3.0个百分点，居焦作市第1位"


def test_a_comparison_that_cannot_be_made_keeps_the_ranking(world, framework, login):
    """Comparing with a framework that has no data for the period used to replace the whole page
    with "没有数据完整的参评单位"."""
    from jijuqu.assessment.models import Framework

    other = Framework.objects.create(name="旧指标体系", year=2017, region=world.henan)
    from jijuqu.assessment.models import Indicator, IndicatorGroup

    Indicator.objects.create(
        group=IndicatorGroup.objects.create(framework=other, name="总量", order=1),
        code="X1",
        name="收入",
        unit="亿元",
        weight=Decimal("100"),
    )
    page = login("province").get(
        f"/assessment/frameworks/{framework.pk}/ranking/?period=2024&compare={other.pk}"
    )
    html = page.content.decode()
    assert len(page.context["rows"]) == 3 and "ranking-error" not in html
    assert "无法与“旧指标体系”2024年对比：没有数据完整的参评单位" in html
    page = login("province").get(
        f"/assessment/frameworks/{framework.pk}/ranking/?period=2024&compare_weighting=ahp"
    )
    assert len(page.context["rows"]) == 3 and "层次分析法需要判断矩阵" in page.content.decode()


def test_drill_down_prints_counts_whole(world, framework, login):
    """A count indicator printed "7.0 个"."""
    from jijuqu.assessment.models import Indicator

    Indicator.objects.filter(code="A1").update(name="高新技术企业数", unit="个")
    page = login("zone_a").get(
        f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_a.pk}/?period=2024"
    )
    html = page.content.decode()
    assert "<td>320个</td>" in html and "320.0 个" not in html


def test_star_rules_read_as_star_levels(world, framework, login):
    from jijuqu.assessment.models import Indicator, StarRule

    StarRule.objects.create(
        framework=framework, stars=5, indicator=Indicator.objects.get(code="A1"), threshold=1
    )
    html = login("province").get("/assessment/star-rules/").content.decode()
    assert "五星级" in html and "<td>5</td>" not in html


def test_ranking_page_with_a_vetoed_zone_shows_no_interval_for_it(world, framework, login):
    from jijuqu.assessment.models import Adjustment

    Adjustment.objects.create(
        framework=framework,
        zone=world.zone_a,
        period="2024",
        points=Decimal("0"),
        veto=True,
        reason="重大事故",
    )
    page = login("province").get(f"/assessment/frameworks/{framework.pk}/ranking/?period=2024")
    assert page.status_code == 200
    assert world.zone_a.name not in page.context["chart"]["names"]
    vetoed = next(r for r, _ in page.context["rows"] if r.zone == world.zone_a)
    assert vetoed.vetoed and vetoed.interval is None


def test_framework_zone_kinds_read_and_are_chosen_as_labels(world, framework, login):
    """The framework page printed "cluster"."""
    framework.zone_kinds = "cluster"
    framework.save()
    client = login("province")
    html = client.get(f"/assessment/frameworks/{framework.pk}/").content.decode()
    assert "<td>产业集聚区</td>" in html and ">cluster<" not in html
    form = client.get(f"/assessment/frameworks/{framework.pk}/edit/").content.decode()
    assert 'type="checkbox" name="zone_kinds" value="cluster"' in form and "checked" in form


def test_weights_and_thresholds_print_without_padding_zeros(world, framework, login):
    from jijuqu.assessment.models import Indicator, StarRule

    a1 = Indicator.objects.get(code="A1")
    rule = StarRule.objects.create(framework=framework, stars=5, indicator=a1, threshold=Decimal("1000"))
    client = login("province")
    listing = client.get("/assessment/indicators/").content.decode()
    assert "<td >50</td>" in listing and "50.0000" not in listing
    detail = client.get(f"/assessment/indicators/{a1.pk}/").content.decode()
    assert "50.0000" not in detail and "50" in detail
    rules = client.get("/assessment/star-rules/").content.decode()
    assert "<td >1,000</td>" in rules and "1000.0000" not in rules
    assert "1,000.0000" not in client.get(f"/assessment/star-rules/{rule.pk}/").content.decode()
    drill = client.get(f"/assessment/frameworks/{framework.pk}/ranking/{world.zone_a.pk}/?period=2024")
    weights = [row["weight"] for row in drill.context["rows"]]
    html = drill.content.decode()
    assert f"<td>{weights[0].normalize()}</td>" in html and "0.5000" not in html
