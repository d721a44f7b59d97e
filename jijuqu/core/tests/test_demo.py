"""`jijuqu demo --no-serve` builds the demo; a second run changes nothing; the data passes validation."""

import pytest
from django.core.management import call_command

from jijuqu.core.models import User
from jijuqu.demo.build import ACCOUNTS, DEMO_PASSWORD
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.zones.models import Department, Official, Park, Region, Zone, ZoneYear
from jijuqu.zones.reference import region_tree

pytestmark = pytest.mark.django_db

MODELS = [Region, Zone, Park, Department, Official, Enterprise, EnterpriseYear, ZoneYear, User]


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def test_demo_twice_leaves_the_same_data_and_passes_validation(capsys):
    call_command("demo", "--no-serve")
    first = counts()
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out and DEMO_PASSWORD in out
    # The whole GB/T 2260 tree, as load_reference loads it; Henan's part is 1 + 18 + 157.
    assert Region.objects.count() == len(region_tree()) > 3000
    assert Region.objects.filter(code__startswith="41").count() == 1 + 18 + 157
    assert 150 <= Zone.objects.count() <= 200
    assert Enterprise.objects.count() >= 3000

    call_command("demo", "--no-serve")
    assert counts() == first
    assert "0 created, 0 updated" in capsys.readouterr().out

    # The same validation a form applies, uniqueness included.
    for model in (Region, Zone, Park, Department):
        for obj in model.objects.all():
            obj.full_clean()
    for obj in Enterprise.objects.select_related("zone", "park").order_by("pk")[:400]:
        obj.full_clean()


def test_demo_has_the_published_figures_and_an_account_per_role():
    call_command("demo", "--no-serve", verbosity=0)
    qinyang = Zone.objects.get(name="沁阳市产业集聚区")
    assert str(qinyang.planned_area) == "27.34"
    assert str(qinyang.years.get(year=2019).output_value) == "2952800.00"  # 295.28亿元
    assert Zone.objects.get(name="汝州市产业集聚区").planned_area == 28
    assert Zone.objects.filter(region__code__startswith="4108").count() == 9
    for name in (
        "广东兴发铝业（河南）有限公司",
        "河南超威电源有限公司",
        "昊华宇航化工有限责任公司",
        "河南恒一锂电科技有限公司",
        "河南润灵药业有限公司",
    ):
        assert Enterprise.objects.filter(name=name).exists(), name
    roles = set()
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        roles.add(user.role)
    assert roles == {"admin", "province", "city", "county", "zone", "department", "enterprise"}
