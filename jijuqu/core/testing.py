"""One shared world for tests: two cities, three zones, and a user of every role.

So that every test can ask "and the outsider?": 沁阳 (zone A) and 温县 (zone C) are in 焦作市;
汝州 (zone B) is in 平顶山市.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jijuqu.core.choices import Role
from jijuqu.core.models import User
from jijuqu.enterprises.credit_code import make_credit_code
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Department, Industry, Official, Park, Region, Zone

PASSWORD = "test-password-1"
# Workbooks the suite reads (copies of the ledgers offices sent us), kept in the repository.
SAMPLES = Path(__file__).resolve().parents[1] / "testdata"


@dataclass
class World:
    henan: Region
    jiaozuo: Region
    qinyang_county: Region
    wen_county: Region
    pingdingshan: Region
    ruzhou_county: Region
    zone_a: Zone
    zone_b: Zone
    zone_c: Zone
    park_a: Park
    park_b: Park
    industry: Industry
    dept_a: Department
    dept_city: Department
    dept_b: Department
    official_a: Official
    official_b: Official
    enterprise_a: Enterprise
    enterprise_a2: Enterprise
    enterprise_b: Enterprise
    enterprise_c: Enterprise
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def region(code, name, level, parent=None):
    return Region.objects.create(code=code, name=name, level=level, parent=parent)


def credit(region_code: str, n: int) -> str:
    return make_credit_code("9", "1", region_code, f"{n:08d}")


def make_user(username: str, role: str, **scope) -> User:
    user = User(username=username, role=role, first_name=username, **scope)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def build_world() -> World:
    henan = region("410000", "河南省", RegionLevel.PROVINCE)
    jiaozuo = region("410800", "焦作市", RegionLevel.CITY, henan)
    qinyang_county = region("410882", "沁阳市", RegionLevel.COUNTY, jiaozuo)
    wen_county = region("410825", "温县", RegionLevel.COUNTY, jiaozuo)
    pingdingshan = region("410400", "平顶山市", RegionLevel.CITY, henan)
    ruzhou_county = region("410482", "汝州市", RegionLevel.COUNTY, pingdingshan)
    industry = Industry.objects.create(name="有色金属", code="C32")
    zone_a = Zone.objects.create(
        code="41088201", name="沁阳市产业集聚区", region=qinyang_county, planned_area=Decimal("27.34")
    )
    zone_b = Zone.objects.create(
        code="41048201", name="汝州市产业集聚区", region=ruzhou_county, planned_area=Decimal("28.00")
    )
    zone_c = Zone.objects.create(code="41082501", name="温县产业集聚区", region=wen_county)
    park_a = Park.objects.create(zone=zone_a, name="沁北园区")
    park_b = Park.objects.create(zone=zone_b, name="汝绣产业园")
    dept_a = Department.objects.create(name="沁阳市产业集聚区管理委员会", region=qinyang_county, zone=zone_a)
    dept_city = Department.objects.create(name="焦作市自然资源和规划局", region=jiaozuo)
    dept_b = Department.objects.create(name="汝州市产业集聚区管理委员会", region=ruzhou_county, zone=zone_b)
    official_a = Official.objects.create(name="张伟", position="主任", department=dept_a)
    official_b = Official.objects.create(name="李强", position="主任", department=dept_b)
    enterprise_a = Enterprise.objects.create(
        name="广东兴发铝业（河南）有限公司",
        credit_code=credit("410882", 1),
        zone=zone_a,
        park=park_a,
        industry=industry,
        above_scale=True,
        registered_capital=Decimal("30000.00"),
    )
    enterprise_a2 = Enterprise.objects.create(
        name="河南超威电源有限公司",
        credit_code=credit("410882", 2),
        zone=zone_a,
        registered_capital=Decimal("20000.50"),
    )
    enterprise_b = Enterprise.objects.create(
        name="河南润灵药业有限公司",
        credit_code=credit("410482", 3),
        zone=zone_b,
        park=park_b,
        registered_capital=Decimal("8000.00"),
    )
    enterprise_c = Enterprise.objects.create(
        name="温县食品有限公司", credit_code=credit("410825", 4), zone=zone_c
    )
    for enterprise in (enterprise_a, enterprise_b):
        EnterpriseYear.objects.create(enterprise=enterprise, year=2024, output_value=Decimal("1000.00"))
    users = {
        "admin": make_user("admin", Role.ADMIN, is_superuser=True, is_staff=True),
        "province": make_user("province", Role.PROVINCE, region=henan),
        "city": make_user("city", Role.CITY, region=jiaozuo),
        "county": make_user("county", Role.COUNTY, region=qinyang_county),
        "zone_a": make_user("zone_a", Role.ZONE, zone=zone_a),
        "zone_b": make_user("zone_b", Role.ZONE, zone=zone_b),
        "department": make_user("department", Role.DEPARTMENT, department=dept_city),
        "enterprise": make_user("enterprise", Role.ENTERPRISE, enterprise=enterprise_a),
    }
    return World(
        henan,
        jiaozuo,
        qinyang_county,
        wen_county,
        pingdingshan,
        ruzhou_county,
        zone_a,
        zone_b,
        zone_c,
        park_a,
        park_b,
        industry,
        dept_a,
        dept_city,
        dept_b,
        official_a,
        official_b,
        enterprise_a,
        enterprise_a2,
        enterprise_b,
        enterprise_c,
        users,
    )


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def sqlite_plans(queries, table: str) -> list[str]:
    """The steps of SQLite's plans (EXPLAIN QUERY PLAN) of captured queries (CaptureQueriesContext)
    that read `table`: "SEARCH t USING INDEX i (a=?)", "SCAN t" …"""
    from django.db import connection

    steps = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            steps += [row[3] for row in cursor.fetchall() if f" {table} " in f"{row[3]} "]
    return steps
