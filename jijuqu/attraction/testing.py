"""Teams, leads and contracts on the shared test world (core.testing): two teams of 沁阳 (a town team
hosted by a town government, a park team of zone A) with a member login each, and a park team of 汝州."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jijuqu.core.choices import Role
from jijuqu.core.testing import make_user
from jijuqu.zones.models import Department, Official

from .choices import TeamKind
from .models import Contract, Lead, Team


@dataclass
class Teams:
    town: Team
    park: Team
    team_b: Team
    town_member: object
    park_member: object


def make_teams(w) -> Teams:
    town_gov = Department.objects.create(name="沁阳市紫陵镇人民政府", region=w.qinyang_county)
    town_user = make_user("town_member", Role.DEPARTMENT, department=town_gov)
    park_user = make_user("park_member", Role.ZONE, zone=w.zone_a)
    town_official = Official.objects.create(name="王芳", position="镇长", department=town_gov, user=town_user)
    park_official = Official.objects.create(
        name="刘洋", position="招商科长", department=w.dept_a, user=park_user
    )
    town = Team.objects.create(
        name="紫陵镇招商团", kind=TeamKind.TOWN, region=w.qinyang_county, department=town_gov
    )
    town.members.add(town_official)
    park = Team.objects.create(
        name="沁北园区招商团", kind=TeamKind.PARK, region=w.qinyang_county, zone=w.zone_a
    )
    park.members.add(park_official)
    team_b = Team.objects.create(
        name="汝绣园招商团", kind=TeamKind.PARK, region=w.ruzhou_county, zone=w.zone_b
    )
    team_b.members.add(w.official_b)
    w.users["town_member"], w.users["park_member"] = town_user, park_user
    return Teams(town, park, team_b, town_user, park_user)


def make_lead(
    team, company="江苏某新材料有限公司", zone=None, recorded_on=dt.date(2024, 1, 15), **fields
) -> Lead:
    lead = Lead(team=team, company_name=company, zone=zone or team.zone, recorded_on=recorded_on, **fields)
    lead.full_clean()
    lead.save()
    return lead


def make_contract(zone, name, amount, signed_on, **fields) -> Contract:
    contract = Contract(
        zone=zone,
        name=name,
        investor_name=fields.pop("investor_name", name[:6] + "有限公司"),
        amount=Decimal(amount),
        signed_on=signed_on,
        **fields,
    )
    contract.full_clean()
    contract.save()
    return contract
