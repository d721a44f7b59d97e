"""The ledger's figures added up project by project in Python: the reference the database aggregates
(`analysis.total_of`, `breakdowns`) are tested against, figure for figure."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from jijuqu.projects.analysis import MILESTONES, ZERO, Group, Period, finish_group, schedule_ratio


def county_of(project) -> tuple[object, str]:
    region = project.zone.region
    if region.level != "county":
        return f"zone-{project.zone_id}", project.zone.name
    return region.code, region.name


def city_of(project) -> tuple[object, str]:
    region = project.zone.region
    directly_administered = region.parent_id and region.parent.code[2:4] == "90"  # 419000: 济源
    city = region.parent if region.level == "county" and not directly_administered else region
    return city.code, city.name


GROUPINGS = {
    "zone": lambda p: (p.zone_id, p.zone.name),
    "county": county_of,
    "city": city_of,
    "industry": lambda p: (p.industry_id, p.industry.name if p.industry_id else "未分类"),
    "leader": lambda p: (p.leader_id, p.leader.name if p.leader_id else "未明确"),
}


def reached(milestone, project, period: Period) -> bool:
    """Reached in the period's year, by its end."""
    day = getattr(project, milestone.date_field)
    return bool(day and day.year == period.year and day <= period.end)


def add_to_group(g: Group, p, period: Period) -> None:
    g.count += 1
    g.total_investment += p.total_investment
    g.plan += p.plan or ZERO
    g.ytd += p.ytd
    g.month_invested += p.month_invested
    for m in MILESTONES:
        done = reached(m, p, period)
        planned = bool(getattr(p, m.target))
        setattr(g, m.target, getattr(g, m.target) + planned)
        setattr(g, m.done, getattr(g, m.done) + (done and planned))
        setattr(g, m.unplanned, getattr(g, m.unplanned) + (done and not planned))


def aggregate(rows: Iterable, period: Period, by: str, schedule: Decimal | None = None) -> list[Group]:
    """`with_figures` rows grouped; groups ranked by completion rate (highest first)."""
    schedule = schedule_ratio(period) if schedule is None else schedule
    groups: dict[object, Group] = {}
    for p in rows:
        key, label = GROUPINGS[by](p)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key, label)
        add_to_group(g, p, period)
    for g in groups.values():
        finish_group(g, schedule)
    return sorted(groups.values(), key=lambda g: (g.rate is None, -(g.rate or 0), g.label))


def total(rows: Iterable, period: Period, schedule: Decimal | None = None) -> Group:
    schedule = schedule_ratio(period) if schedule is None else schedule
    g = Group("total", "合计")
    for p in rows:
        add_to_group(g, p, period)
    finish_group(g, schedule)
    return g
