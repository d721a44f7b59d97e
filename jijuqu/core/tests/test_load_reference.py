"""`jijuqu load_reference`: what a fresh install needs (the GB/T 2260 tree of all China, the official
holidays and 调休 days, the standard approval item types), loaded again without duplicates."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jijuqu.core.models import User
from jijuqu.projects.models import ApprovalItemType, CalendarDay
from jijuqu.projects.reference import APPROVAL_TYPES, covered_years, years_without_holidays
from jijuqu.zones.models import Region, Zone
from jijuqu.zones.reference import region_tree

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        m.__name__: (m.objects.count(), m.history.count()) for m in (Region, CalendarDay, ApprovalItemType)
    }


def test_twice_loads_the_same_rows_and_a_renamed_region_is_updated():
    load("--years", "2024-2026")
    first = counts()
    assert first["Region"][0] == len(region_tree()) > 3000
    assert first["ApprovalItemType"][0] == len(APPROVAL_TYPES)
    # A region renamed since (here: by hand, as the package's next release would rename it).
    Region.objects.filter(code="410882").update(name="沁阳县")
    out = load("--years", "2024-2026")
    assert Region.objects.get(code="410882").name == "沁阳市"
    assert "1 updated" in out
    second = counts()
    assert {k: v[0] for k, v in second.items()} == {k: v[0] for k, v in first.items()}
    assert second["Region"][1] == first["Region"][1] + 1  # the rename is in the history
    assert load("--years", "2024-2026").count("0 created, 0 updated") == 3


def test_the_tree_has_three_levels_everywhere():
    load("--years", "2026")
    jiyuan = Region.objects.get(code="419001")
    assert (jiyuan.parent.code, jiyuan.parent.level, jiyuan.parent.parent.code) == (
        "419000",
        "city",
        "410000",
    )
    haidian = Region.objects.get(code="110108")
    assert (haidian.name, haidian.parent.name, haidian.parent.parent.name) == (
        "海淀区",
        "北京市辖区",
        "北京市",
    )
    assert Region.objects.get(code="320582").parent.name == "苏州市"
    for region in Region.objects.filter(code__in=["419001", "110108", "659001", "500229", "441900"]):
        region.full_clean()


def test_holidays_and_adjusted_workdays_come_from_chinese_calendar():
    load("--years", "2025")
    assert CalendarDay.objects.get(date=dt.date(2025, 1, 29)).name == "春节"
    worked = CalendarDay.objects.get(date=dt.date(2025, 1, 26))
    assert worked.workday and worked.name == "春节调休"
    assert not CalendarDay.objects.filter(date__year=2024).exists()


def test_years_the_package_lacks_are_named():
    last = covered_years().stop - 1
    out = load("--years", f"{last}-{last + 1}")
    assert "Not in chinese-calendar" in out and str(last + 1) in out
    assert not CalendarDay.objects.filter(date__year=last + 1).exists()
    assert years_without_holidays(dt.date(last + 1, 3, 1)) == [last + 1]
    assert years_without_holidays(dt.date(last, 11, 1)) == [last + 1]
    assert years_without_holidays(dt.date(last, 10, 31)) == []


@pytest.mark.parametrize("years", ["20x5", "2026-2024"])
def test_bad_years_are_refused(years):
    with pytest.raises(CommandError, match="--years"):
        load("--years", years)


def test_an_office_changed_time_limit_is_kept():
    load("--years", "2026")
    ApprovalItemType.objects.filter(name="环境影响评价审批").update(time_limit=25)
    load("--years", "2026")
    assert ApprovalItemType.objects.get(name="环境影响评价审批").time_limit == 25


def test_a_fresh_install_can_create_a_zone(client, monkeypatch):
    """migrate (the test database) + load_reference + createsuperuser, then a zone through the page."""
    load()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-fresh-password-2026")
    call_command(
        "createsuperuser", interactive=False, username="root", email="root@example.cn", stdout=StringIO()
    )
    assert User.objects.get(username="root").role == "admin"  # not the model's default, a zone user
    assert client.login(username="root", password="a-long-fresh-password-2026")
    county = Region.objects.get(code="320582")  # 张家港市: any county of China, not only Henan
    response = client.post(
        "/zones/add/",
        {
            "code": "32058201",
            "name": "张家港经济技术开发区",
            "region": county.pk,
            "level": "national",
            "kind": "economic",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    zone = Zone.objects.get(code="32058201")
    assert zone.region == county and zone.history.first().history_user == User.objects.get(username="root")


def missing_alert(page) -> str:
    text = page.content.decode()
    marker = 'id="calendar-missing-years"'
    return text.split(marker, 1)[1].split("</div>", 1)[0] if marker in text else ""


def test_the_calendar_page_names_the_years_still_to_enter(login, world):
    this_year = timezone.localdate().year
    CalendarDay.objects.filter(date__year=this_year).delete()
    client = login("city")
    page = client.get("/calendar/")
    assert str(this_year) in missing_alert(page) and "chinese-calendar" in page.content.decode()
    CalendarDay.objects.create(date=dt.date(this_year, 1, 1), name="元旦")
    assert str(this_year) not in missing_alert(client.get("/calendar/"))
