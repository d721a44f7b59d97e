from ninja import ModelSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from jijuqu.core.api import Pagination, save_form, scoped_get, scoped_list
from jijuqu.core.money import MoneyIn
from jijuqu.core.scope import CHANGE

from .filtersets import EnterpriseFilterSet
from .forms import EnterpriseForm
from .models import Enterprise

router = Router(tags=["企业"])


class EnterpriseOut(ModelSchema):
    zone_name: str

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "zone",
            "park",
            "industry",
            "above_scale",
            "high_tech",
            "legal_representative",
            "contact",
            "phone",
            "address",
            "established",
            "registered_capital",
        ]

    @staticmethod
    def resolve_zone_name(obj):
        return obj.zone.name


class EnterpriseFilters(Schema):
    q: str | None = None
    zone: int | None = None
    industry: int | None = None
    above_scale: bool | None = None
    high_tech: bool | None = None


class EnterpriseIn(Schema):
    name: str | None = None
    credit_code: str | None = None
    zone: int | None = None
    park: int | None = None
    industry: int | None = None
    above_scale: bool | None = None
    high_tech: bool | None = None
    legal_representative: str | None = None
    contact: str | None = None
    phone: str | None = None
    address: str | None = None
    established: str | None = None
    registered_capital: MoneyIn | None = None


@router.get("/enterprises/", response=list[EnterpriseOut])
@paginate(Pagination)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    return scoped_list(request, Enterprise, EnterpriseFilterSet).select_related("zone")


@router.get("/enterprises/{enterprise_id}/", response=EnterpriseOut)
def get_enterprise(request, enterprise_id: int):
    return scoped_get(request, Enterprise, enterprise_id)


@router.post("/enterprises/", response={201: EnterpriseOut})
def create_enterprise(request, payload: EnterpriseIn):
    return Status(201, save_form(request, EnterpriseForm, payload.dict(exclude_unset=True)))


@router.patch("/enterprises/{enterprise_id}/", response=EnterpriseOut)
def change_enterprise(request, enterprise_id: int, payload: EnterpriseIn):
    enterprise = scoped_get(request, Enterprise, enterprise_id, CHANGE)
    return save_form(request, EnterpriseForm, payload.dict(exclude_unset=True), instance=enterprise)
