from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jijuqu.land import services
from jijuqu.land.models import Building, Tenancy
from jijuqu.land.testing import make_building, make_tenancy
from jijuqu.projects.models import Project, StatusChange
from jijuqu.projects.testing import make_project

pytestmark = pytest.mark.django_db

D = dt.date


def test_occupancy_by_park_and_phase_counts_leases_on_their_first_and_last_day(world):
    w = world
    one = make_building(w.zone_b, "1号楼", 1000, park=w.park_b, phase="一期")
    two = make_building(w.zone_b, "2号楼", 3000, park=w.park_b, phase="一期")
    make_building(w.zone_b, "3号楼", 500, park=w.park_b, phase="一期", status="sold")
    make_building(w.zone_b, "9号楼", 8000, park=w.park_b, phase="二期", status="building")
    make_tenancy(one, w.enterprise_b, 1000, D(2025, 1, 1), D(2025, 12, 31))
    make_tenancy(two, w.enterprise_b, 1500, D(2025, 3, 1))
    rows = {r.phase: r for r in services.occupancy(Building.objects.all(), D(2025, 12, 31))}
    first = rows["一期"]
    # finished 4500 m²; let 1000 + 1500, sold 500: 3000 / 4500 = 66.7 %
    assert (first.available, first.occupied, first.vacant, first.rate) == (4500, 3000, 1500, Decimal("66.7"))
    assert rows["二期"].rate is None and rows["二期"].floor_area == 8000
    # The day after the first lease ends, its 1000 m² are vacant again.
    after = {r.phase: r for r in services.occupancy(Building.objects.all(), D(2026, 1, 1))}["一期"]
    assert (after.occupied, after.rate) == (2000, Decimal("44.4"))
    # Before the second lease starts, only the first is counted.
    before = {r.phase: r for r in services.occupancy(Building.objects.all(), D(2025, 2, 28))}["一期"]
    assert before.occupied == 1500
    vacant = {v.building.name: v.vacant for v in services.vacant_space(Building.objects.all(), D(2025, 6, 1))}
    assert vacant == {"2号楼": 1500}


def test_a_lease_may_fill_a_building_exactly_but_not_one_square_metre_more(world):
    building = make_building(world.zone_b, "1号楼", 1000)
    make_tenancy(building, world.enterprise_b, "600", D(2025, 1, 1))
    make_tenancy(building, world.enterprise_b, "400", D(2025, 6, 1), D(2025, 12, 31))
    extra = Tenancy(
        building=building, enterprise=world.enterprise_b, area=Decimal("0.01"), start=D(2025, 12, 31)
    )
    with pytest.raises(ValidationError) as err:
        extra.full_clean()
    assert "0.00" in err.value.message_dict["area"][0]
    extra.start = D(2026, 1, 1)  # the 400 m² lease has ended
    extra.full_clean()


def test_a_lease_ending_before_it_starts_or_for_another_zones_company_is_refused(world):
    building = make_building(world.zone_b, "1号楼", 1000)
    with pytest.raises(ValidationError) as err:
        make_tenancy(building, world.enterprise_a, 10, D(2025, 1, 1), D(2024, 1, 1))
    assert set(err.value.message_dict) == {"enterprise", "end"}


def test_days_from_signing_to_production_standard_space_against_own_build(world):
    w = world
    building = make_building(w.zone_a, "1号楼", 1000)
    make_tenancy(building, w.enterprise_a, 500, D(2024, 2, 1))

    def project(name, builder, signed, producing):
        p = make_project(w.zone_a, name=name, builder=builder, builder_name=builder.name, plan="100")
        StatusChange.objects.create(project=p, from_status="planning", to_status="signed", date=signed)
        Project.objects.filter(pk=p.pk).update(actual_production=producing)
        return p

    project("标准厂房项目", w.enterprise_a, D(2024, 1, 1), D(2024, 5, 1))  # 121 days
    project("自建项目一", w.enterprise_a2, D(2023, 1, 1), D(2024, 1, 1))  # 365 days
    project("自建项目二", w.enterprise_a2, D(2023, 1, 1), D(2023, 12, 2))  # 335 days
    standard, own = services.signing_to_production(Project.objects.all())
    assert [lead.days for lead in standard.projects] == [121]
    assert sorted(lead.days for lead in own.projects) == [335, 365]
    assert (own.median_days, own.mean_days) == (350, Decimal("350.0"))


def test_signing_is_the_investment_contracts_date_when_the_project_came_from_one(world):
    """A contract signed on 2024-01-02 that became the project: 4 months to production counted from the
    contract, not from a 签约 step logged later in the project's lifecycle."""
    from jijuqu.attraction.models import Contract

    w = world
    p = make_project(
        w.zone_a, name="签约转项目", builder=w.enterprise_a2, builder_name=w.enterprise_a2.name, plan="1"
    )
    StatusChange.objects.create(project=p, from_status="planning", to_status="signed", date=D(2024, 3, 1))
    Project.objects.filter(pk=p.pk).update(actual_production=D(2024, 5, 2))
    contract = Contract.objects.create(
        name="签约转项目",
        investor_name=w.enterprise_a2.name,
        zone=w.zone_a,
        amount=Decimal("5000"),
        signed_on=D(2024, 1, 2),
    )
    Contract.objects.filter(pk=contract.pk).update(project=p)
    standard, own = services.signing_to_production(Project.objects.all())
    assert [(lead.signed, lead.days) for lead in own.projects] == [(D(2024, 1, 2), 121)]
    assert standard.projects == []


def test_phases_are_listed_in_their_numeral_order(world):
    for phase in ("三期", "一期", "十一期", "二期", "十期"):
        make_building(world.zone_b, "1号楼", 100, park=world.park_b, phase=phase)
    rows = services.occupancy(Building.objects.all(), D(2025, 1, 1))
    assert [r.phase for r in rows] == ["一期", "二期", "三期", "十期", "十一期"]
