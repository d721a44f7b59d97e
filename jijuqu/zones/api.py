from ninja import ModelSchema, Query, Router, Schema
from ninja.pagination import paginate

from jijuqu.core.api import Pagination, save_form, scoped_get, scoped_list
from jijuqu.core.scope import CHANGE

from .filtersets import ZoneFilterSet
from .forms import ZoneForm
from .models import Zone

router = Router(tags=["开发区"])


class ZoneOut(ModelSchema):
    region_code: str
    region_name: str
    industries: list[str]

    class Meta:
        model = Zone
        fields = [
            "id",
            "code",
            "name",
            "level",
            "kind",
            "planned_area",
            "built_area",
            "established",
            "address",
            "description",
        ]

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_industries(obj):
        return [i.name for i in obj.industries.all()]


class ZoneFilters(Schema):
    q: str | None = None
    level: str | None = None
    kind: str | None = None


class ZoneChange(Schema):
    name: str | None = None
    planned_area: str | None = None
    built_area: str | None = None
    address: str | None = None
    description: str | None = None


@router.get("/zones/", response=list[ZoneOut])
@paginate(Pagination)
def list_zones(request, filters: Query[ZoneFilters]):
    return scoped_list(request, Zone, ZoneFilterSet).select_related("region").prefetch_related("industries")


@router.get("/zones/{zone_id}/", response=ZoneOut)
def get_zone(request, zone_id: int):
    return scoped_get(request, Zone, zone_id)


@router.patch("/zones/{zone_id}/", response=ZoneOut)
def change_zone(request, zone_id: int, payload: ZoneChange):
    zone = scoped_get(request, Zone, zone_id, CHANGE)
    return save_form(request, ZoneForm, payload.dict(exclude_unset=True), instance=zone)
