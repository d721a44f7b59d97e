from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import ModelSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.core.api import Id, Pagination, ValidationFailed, save_form, scoped_get, scoped_list

from . import engine, services
from .filtersets import FrameworkFilterSet, IndicatorValueFilterSet
from .forms import FrameworkForm, IndicatorValueForm
from .models import Framework, Indicator, IndicatorGroup, IndicatorValue, validate_period

router = Router(tags=["集聚区考核"])


class IndicatorOut(ModelSchema):
    group_name: str

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit", "direction", "weight", "target", "low", "high", "order"]

    @staticmethod
    def resolve_group_name(obj):
        return obj.group.name


class GroupOut(ModelSchema):
    class Meta:
        model = IndicatorGroup
        fields = ["id", "name", "order"]


class FrameworkOut(ModelSchema):
    groups: list[GroupOut]
    indicators: list[IndicatorOut]

    class Meta:
        model = Framework
        fields = ["id", *FrameworkForm.Meta.fields]

    @staticmethod
    def resolve_groups(obj):
        return list(obj.groups.all())

    @staticmethod
    def resolve_indicators(obj):
        return services.indicators_of(obj)


class ValueOut(ModelSchema):
    zone_code: str

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "zone", "period", "value", "note"]

    @staticmethod
    def resolve_zone_code(obj):
        return obj.zone.code


class ValueIn(Schema):
    indicator: Id
    zone: Id
    period: str
    value: Decimal
    note: str = ""


class RankingQuery(Schema):
    period: str
    normalisation: str = ""
    weighting: str = ""
    aggregation: str = ""
    missing: str = ""
    runs: int = 0


@router.get("/assessment/frameworks/", response=list[FrameworkOut])
@paginate(Pagination)
def list_frameworks(request, q: str | None = None, year: int | None = None):
    return scoped_list(request, Framework, FrameworkFilterSet)


@router.get("/assessment/frameworks/{framework_id}/", response=FrameworkOut)
def get_framework(request, framework_id: int):
    return scoped_get(request, Framework, framework_id)


@router.get("/assessment/values/", response=list[ValueOut])
@paginate(Pagination)
def list_values(request, framework: int | None = None, zone: int | None = None, period: str | None = None):
    return scoped_list(request, IndicatorValue, IndicatorValueFilterSet).select_related("zone")


@router.post("/assessment/values/", response={200: ValueOut, 201: ValueOut})
def put_value(request, payload: ValueIn):
    """Create or replace one zone's value of an indicator for a period (keyed by the three)."""
    existing = IndicatorValue.objects.filter(
        indicator=payload.indicator, zone=payload.zone, period=payload.period
    ).first()
    if existing is not None:
        existing = scoped_get(request, IndicatorValue, existing.pk, "change")
    saved = save_form(request, IndicatorValueForm, payload.dict(), instance=existing)
    return Status(200 if existing else 201, saved)


@router.get("/assessment/frameworks/{framework_id}/ranking/")
def get_ranking(request, framework_id: int, query: Query[RankingQuery]):
    """Scores, ranks, stars and (with runs > 0, at most 5000) rank intervals for a period; only the
    zones the user sees are listed, ranked among all zones of the framework."""
    framework = scoped_get(request, Framework, framework_id)
    try:
        validate_period(query.period)
    except ValidationError as err:
        raise ValidationFailed({"period": err.messages}) from err
    if not 0 <= query.runs <= 5000:
        raise ValidationFailed({"runs": ["runs 应在0到5000之间"]})
    try:
        method = services.method_of(
            framework,
            normalisation=query.normalisation,
            weighting=query.weighting,
            aggregation=query.aggregation,
            missing=query.missing,
        )
        result = services.rank(framework, query.period, method, runs=query.runs)
    except engine.EngineError as err:
        raise HttpError(422, str(err)) from err
    return services.ranking_dict(result.part_for(request.user))
