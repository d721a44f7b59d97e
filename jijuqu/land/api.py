from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import ModelSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.assessment import engine
from jijuqu.core.api import Id, Pagination, ValidationFailed, save_form, scoped_get, scoped_list
from jijuqu.core.money import MoneyIn
from jijuqu.core.scope import CHANGE

from . import evaluation, services
from .filtersets import BuildingFilterSet, PlotFilterSet
from .forms import PlotForm
from .models import Building, Plot, Scheme

router = Router(tags=["用地与厂房"])


class PlotOut(ModelSchema):
    area_m2: Decimal
    idle: bool

    class Meta:
        model = Plot
        fields = [
            "id",
            "zone",
            "park",
            "number",
            "area",
            "planned_use",
            "status",
            "enterprise",
            "project",
            "supplied_on",
            "price",
            "start_by",
            "revived_on",
            "longitude",
            "latitude",
            "note",
        ]

    @staticmethod
    def resolve_area_m2(obj):
        return obj.area_m2

    @staticmethod
    def resolve_idle(obj):
        return services.is_idle(obj, timezone.localdate())


class PlotIn(Schema):
    zone: Id | None = None
    park: Id | None = None
    number: str | None = None
    area: Decimal | None = None
    planned_use: str | None = None
    status: str | None = None
    enterprise: Id | None = None
    project: Id | None = None
    supplied_on: dt.date | None = None
    price: MoneyIn | None = None
    start_by: dt.date | None = None
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    note: str | None = None


class BuildingOut(ModelSchema):
    class Meta:
        model = Building
        fields = ["id", "zone", "park", "phase", "name", "floors", "floor_area", "status", "plot", "note"]


class OccupancyOut(Schema):
    park: str
    phase: str
    buildings: int
    floor_area: Decimal
    available: Decimal
    occupied: Decimal
    vacant: Decimal
    rate: Decimal | None


@router.get("/land/plots/", response=list[PlotOut])
@paginate(Pagination)
def list_plots(request, q: str | None = None, zone: int | None = None, status: str | None = None):
    return scoped_list(request, Plot, PlotFilterSet)


@router.get("/land/plots/{plot_id}/", response=PlotOut)
def get_plot(request, plot_id: int):
    return scoped_get(request, Plot, plot_id)


@router.post("/land/plots/", response={201: PlotOut})
def create_plot(request, payload: PlotIn):
    return Status(201, save_form(request, PlotForm, payload.dict(exclude_unset=True)))


@router.patch("/land/plots/{plot_id}/", response=PlotOut)
def change_plot(request, plot_id: int, payload: PlotIn):
    plot = scoped_get(request, Plot, plot_id, CHANGE)
    return save_form(request, PlotForm, payload.dict(exclude_unset=True), instance=plot)


@router.get("/land/buildings/", response=list[BuildingOut])
@paginate(Pagination)
def list_buildings(request, q: str | None = None, zone: int | None = None):
    return scoped_list(request, Building, BuildingFilterSet)


@router.get("/land/buildings/{building_id}/", response=BuildingOut)
def get_building(request, building_id: int):
    return scoped_get(request, Building, building_id)


@router.get("/land/occupancy/", response=list[OccupancyOut])
def get_occupancy(request, on: dt.date | None = None):
    """Standard factory occupancy by park and phase of the buildings the user sees, on a day (today)."""
    rows = services.occupancy(Building.objects.restrict(request.user), on or timezone.localdate())
    return [{**row.__dict__, "vacant": row.vacant, "rate": row.rate} for row in rows]


class EvaluationQuery(Schema):
    year: int


@router.get("/land/schemes/{scheme_id}/evaluation/")
def get_evaluation(request, scheme_id: int, query: Query[EvaluationQuery]):
    """Each enterprise's values, points, total, rank, class and policy for a year; only the enterprises
    whose figures the user reads are listed (an enterprise user: itself), ranked among all."""
    scheme = scoped_get(request, Scheme, scheme_id)
    if not 2000 <= query.year <= 2100:
        raise ValidationFailed({"year": ["year 应在2000到2100之间"]})
    try:
        result = evaluation.evaluate(scheme, query.year)
    except engine.EngineError as err:
        raise HttpError(422, str(err)) from err
    return evaluation.evaluation_dict(result.part_for(request.user))
