"""The rules of land and standard factory space, in plain functions the forms, API, importers and
pages call: when a plot is idle, what a zone has supplied, built, left idle and revived, how full a
park's standard factory space is, and how long companies take from signing to production."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jijuqu.core.scope import VIEW, can

from .choices import BUILT_STATUSES, SUPPLIED_STATUSES, BuildingStatus, PlotStatus
from .models import Building, Plot, PlotFollowUp, Tenancy, m2_to_mu

ZERO = Decimal(0)

# -- plots ---------------------------------------------------------------------------------------


def plot_errors(plot: Plot) -> dict[str, str]:
    """Why a plot cannot be saved as it stands (field → message); empty when it can."""
    errors = {}
    if plot.park_id and plot.zone_id and plot.park.zone_id != plot.zone_id:
        errors["park"] = _("The park does not belong to the zone.")
    if plot.enterprise_id and plot.zone_id and plot.enterprise.zone_id != plot.zone_id:
        errors["enterprise"] = _("The enterprise is not registered in the plot's zone.")
    if plot.project_id and plot.zone_id and plot.project.zone_id != plot.zone_id:
        errors["project"] = _("The project is not in the plot's zone.")
    if plot.status != PlotStatus.RESERVE:
        if plot.supplied_on is None:
            errors["supplied_on"] = _("A plot that left the reserve needs the date it was supplied.")
        if plot.enterprise_id is None and plot.project_id is None:
            errors["enterprise"] = _(
                "A supplied plot needs the enterprise or the project it was supplied to."
            )
    if plot.start_by and plot.supplied_on and plot.start_by < plot.supplied_on:
        errors["start_by"] = _("The contracted start of construction is before the supply date.")
    return errors


def is_idle(plot: Plot, on: dt.date) -> bool:
    """闲置: marked idle, or supplied and still not started the day after the contracted start date
    (on the start-by date itself the plot is not yet late)."""
    if plot.status == PlotStatus.IDLE:
        return True
    return plot.status == PlotStatus.SUPPLIED and plot.start_by is not None and on > plot.start_by


def idle_q(on: dt.date) -> Q:
    """The same rule as is_idle, as a filter."""
    return Q(status=PlotStatus.IDLE) | Q(status=PlotStatus.SUPPLIED, start_by__lt=on)


def to_revive(plots: QuerySet, on: dt.date) -> QuerySet:
    """盘活 list: idle and low-yield plots not yet revived."""
    return plots.filter(idle_q(on) | Q(status=PlotStatus.LOW), revived_on__isnull=True)


@transaction.atomic
def save_follow_up(step: PlotFollowUp, user=None) -> PlotFollowUp:
    """Save one step of the 盘活 log (the form, the API and the demo call this); a step that revives
    the plot dates the revival on the plot (the earliest such step counts)."""
    if step.pk is None and user is not None:
        step.user = user
    step.save()
    plot = Plot.objects.get(pk=step.plot_id)
    first = plot.follow_ups.filter(revived=True).order_by("date").values_list("date", flat=True).first()
    if plot.revived_on != first:
        plot.revived_on = first
        plot.save(update_fields=["revived_on", "updated", "version"])
    return step


@dataclass
class ZoneLand:
    zone: object
    plots: int = 0
    supplied: Decimal = ZERO  # 亩 handed over
    built: Decimal = ZERO  # 亩 under construction or built
    idle: Decimal = ZERO
    low: Decimal = ZERO
    revived: Decimal = ZERO


def zone_figures(plots: QuerySet, on: dt.date, year: int | None = None) -> list[ZoneLand]:
    """Per zone, in 亩: supplied, built, idle (by is_idle on `on`), low-yield, and revived (in `year`
    if given, else ever)."""
    rows: dict[int, ZoneLand] = {}
    for plot in plots.select_related("zone").order_by("zone__code", "number"):
        row = rows.setdefault(plot.zone_id, ZoneLand(plot.zone))
        row.plots += 1
        if plot.status in SUPPLIED_STATUSES:
            row.supplied += plot.area
        if plot.status in BUILT_STATUSES:
            row.built += plot.area
        if is_idle(plot, on):
            row.idle += plot.area
        if plot.status == PlotStatus.LOW:
            row.low += plot.area
        if plot.revived_on and (year is None or plot.revived_on.year == year):
            row.revived += plot.area
    return list(rows.values())


# -- standard factory space ------------------------------------------------------------------------


def active_on(on: dt.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def tenancy_errors(tenancy: Tenancy) -> dict[str, str]:
    """A lease must fit: the tenant of the building's zone, the end after the start, and the leases
    overlapping it no larger together than the building."""
    errors = {}
    if not (tenancy.building_id and tenancy.start and tenancy.area):
        return errors
    building = tenancy.building
    if tenancy.enterprise_id and tenancy.enterprise.zone_id != building.zone_id:
        errors["enterprise"] = _("The tenant is not registered in the building's zone.")
    if tenancy.end and tenancy.end < tenancy.start:
        errors["end"] = _("The lease ends before it starts.")
        return errors
    if building.status in (BuildingStatus.BUILDING, BuildingStatus.SOLD):
        errors["building"] = _("A building under construction or sold cannot be let.")
        return errors
    others = building.tenancies.exclude(pk=tenancy.pk)
    end = tenancy.end or dt.date.max
    overlapping = others.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=tenancy.start))
    # The peak of leased area within the new lease's term is reached at some lease's start.
    starts = {tenancy.start} | {t.start for t in overlapping if t.start > tenancy.start}
    for day in starts:
        taken = sum((t.area for t in overlapping.filter(active_on(day))), ZERO)
        if taken + tenancy.area > building.floor_area:
            free = max(building.floor_area - taken, ZERO)
            errors["area"] = _(
                "The building has %(free)s m² free on %(day)s; the lease asks for %(area)s m²."
            ) % {"free": f"{free:,}", "day": day.isoformat(), "area": f"{tenancy.area:,}"}
            break
    return errors


@dataclass
class Occupancy:
    park: str
    phase: str
    buildings: int = 0
    floor_area: Decimal = ZERO  # all buildings
    available: Decimal = ZERO  # finished buildings (not under construction)
    occupied: Decimal = ZERO  # sold, or let on the day
    building_ids: list[int] = field(default_factory=list)

    @property
    def vacant(self) -> Decimal:
        return self.available - self.occupied

    @property
    def rate(self) -> Decimal | None:
        """Occupied share of the finished space, in percent with one decimal (None: nothing finished)."""
        if not self.available:
            return None
        return (self.occupied * 100 / self.available).quantize(Decimal("0.1"))


NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def phase_key(phase: str) -> tuple:
    """一期 < 二期 < 三期 … < 十期 < 十一期 < 二十期 (then any other name by its text), not the
    code-point order 一 三 二 a plain sort gives."""
    digits = [c for c in phase if c in NUMERALS or c == "十"]
    if not digits:
        return (1, 0, phase)
    if "十" in digits:
        i = digits.index("十")
        tens = NUMERALS.get(digits[i - 1], 1) if i > 0 else 1
        units = NUMERALS.get(digits[i + 1], 0) if i + 1 < len(digits) else 0
        return (0, tens * 10 + units, phase)
    return (0, NUMERALS[digits[0]], phase)


def building_occupied(building: Building, on: dt.date) -> Decimal:
    if building.status == BuildingStatus.BUILDING:
        return ZERO
    if building.status == BuildingStatus.SOLD:
        return building.floor_area
    return sum(
        (t.area for t in building.tenancies.all() if t.start <= on and (t.end is None or t.end >= on)), ZERO
    )


def occupancy(buildings: QuerySet, on: dt.date) -> list[Occupancy]:
    """Occupancy by park and phase on a day: let or sold floor area over the finished floor area."""
    rows: dict[tuple[str, str], Occupancy] = {}
    for b in (
        buildings.select_related("park").prefetch_related("tenancies").order_by("park__name", "phase", "name")
    ):
        park = b.park.name if b.park_id else ""
        row = rows.setdefault((park, b.phase), Occupancy(park, b.phase))
        row.buildings += 1
        row.building_ids.append(b.pk)
        row.floor_area += b.floor_area
        if b.status != BuildingStatus.BUILDING:
            row.available += b.floor_area
            row.occupied += building_occupied(b, on)
    return sorted(rows.values(), key=lambda r: (r.park, phase_key(r.phase)))


@dataclass
class Vacancy:
    building: Building
    vacant: Decimal


def vacant_space(buildings: QuerySet, on: dt.date) -> list[Vacancy]:
    """What a 招商 team can offer today: each finished, unsold building with free floor area."""
    found = []
    for b in (
        buildings.exclude(status__in=[BuildingStatus.BUILDING, BuildingStatus.SOLD])
        .select_related("park", "zone")
        .prefetch_related("tenancies")
    ):
        free = b.floor_area - building_occupied(b, on)
        if free > 0:
            found.append(Vacancy(b, free))
    return found


def space_to_offer(user, zone, on: dt.date) -> list[Vacancy] | None:
    """The vacant standard factory space of a zone the user may see, for a 招商 lead or contract page:
    None when the user may not read buildings (an enterprise user) or no zone is known."""
    if zone is None or not can(user, VIEW, Building):
        return None
    return vacant_space(Building.objects.restrict(user, VIEW).filter(zone=zone), on)


def leased_land(enterprise_id: int, on: dt.date) -> Decimal:
    """The land (亩) a tenant's leases stand for: its floor area spread over the building's floors
    (the footprint it occupies), converted from m²."""
    total = ZERO
    for t in Tenancy.objects.filter(active_on(on), enterprise_id=enterprise_id).select_related("building"):
        total += m2_to_mu(t.area / t.building.floors)
    return total


# -- from signing to production ------------------------------------------------------------------


@dataclass
class Lead:
    project: object
    signed: dt.date
    producing: dt.date
    standard_space: bool

    @property
    def days(self) -> int:
        return (self.producing - self.signed).days


@dataclass
class SpeedGroup:
    standard_space: bool
    projects: list[Lead]

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def median_days(self) -> float | None:
        return median(p.days for p in self.projects) if self.projects else None

    @property
    def mean_days(self) -> Decimal | None:
        if not self.projects:
            return None
        return (Decimal(sum(p.days for p in self.projects)) / len(self.projects)).quantize(Decimal("0.1"))


def signing_to_production(projects: QuerySet) -> tuple[SpeedGroup, SpeedGroup]:
    """Days from signing to production, for companies that moved into standard factory space versus
    those that built their own. The signing date is the investment contract's (招商签约) when the
    project came from one, else the project's 签约 step in its lifecycle (StatusChange to 签约);
    production is its actual production date; a project with either missing is left out. A builder
    that held a tenancy starting on or before production counts as standard space."""
    from jijuqu.attraction.models import Contract
    from jijuqu.projects.choices import ProjectStatus
    from jijuqu.projects.models import StatusChange

    projects = projects.filter(actual_production__isnull=False, builder__isnull=False)
    first_signed: dict[int, dt.date] = {}
    for change in StatusChange.objects.filter(project__in=projects, to_status=ProjectStatus.SIGNED).order_by(
        "date"
    ):
        first_signed.setdefault(change.project_id, change.date)
    first_signed.update(Contract.objects.filter(project__in=projects).values_list("project_id", "signed_on"))
    tenancies: dict[int, list[dt.date]] = {}
    for enterprise_id, start in Tenancy.objects.filter(enterprise__in=projects.values("builder")).values_list(
        "enterprise_id", "start"
    ):
        tenancies.setdefault(enterprise_id, []).append(start)
    standard, own = SpeedGroup(True, []), SpeedGroup(False, [])
    for project in projects.select_related("builder"):
        day = first_signed.get(project.pk)
        if day is None or project.actual_production < day:
            continue
        in_space = any(s <= project.actual_production for s in tenancies.get(project.builder_id, []))
        lead = Lead(project, day, project.actual_production, in_space)
        (standard if in_space else own).projects.append(lead)
    return standard, own
