"""产业链 API: chains, segments, target companies and visits listed, read, created and changed through the
pages' forms and scope; a target turned into a lead (services.target_to_lead); a chain's report figures."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import ModelSchema, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.attraction.api import LeadOut
from jijuqu.attraction.models import Team
from jijuqu.core.api import Id, Pagination, ValidationFailed, save_form, scoped_get, scoped_list

from . import services
from .filtersets import ChainFilterSet, ChainVisitFilterSet, SegmentFilterSet, TargetCompanyFilterSet
from .forms import ChainForm, ChainVisitForm, SegmentForm, TargetCompanyForm
from .models import Chain, ChainVisit, Segment, TargetCompany

router = Router(tags=["产业链"])


def crud(prefix: str, model, form, filterset, out, payload_in, name: str):
    @router.get(f"/chains/{prefix}", response=list[out], url_name=f"list_{name}s")
    @paginate(Pagination)
    def list_rows(request):
        return scoped_list(request, model, filterset)

    @router.get(f"/chains/{prefix}{{pk}}/", response=out, url_name=f"get_{name}")
    def get_row(request, pk: int):
        return scoped_get(request, model, pk)

    @router.post(f"/chains/{prefix}", response={201: out}, url_name=f"create_{name}")
    def create_row(request, payload: payload_in):
        return Status(201, save_form(request, form, payload.dict(exclude_unset=True)))

    @router.patch(f"/chains/{prefix}{{pk}}/", response=out, url_name=f"change_{name}")
    def change_row(request, pk: int, payload: payload_in):
        from jijuqu.core.scope import CHANGE

        row = scoped_get(request, model, pk, CHANGE)
        return save_form(request, form, payload.dict(exclude_unset=True), instance=row)


class ChainOut(ModelSchema):
    class Meta:
        model = Chain
        fields = [
            "id",
            "name",
            "region",
            "zone",
            "industry",
            "chief",
            "deputy",
            "leading_enterprises",
            "note",
            "version",
        ]


class ChainIn(Schema):
    name: str | None = None
    region: Id | None = None
    zone: Id | None = None
    industry: Id | None = None
    chief: Id | None = None
    deputy: Id | None = None
    leading_enterprises: list[Id] | None = None
    note: str | None = None


class SegmentOut(ModelSchema):
    class Meta:
        model = Segment
        fields = ["id", "chain", "parent", "stage", "name", "kind", "order", "note", "version"]


class SegmentIn(Schema):
    chain: Id | None = None
    parent: Id | None = None
    stage: str | None = None
    name: str | None = None
    kind: str | None = None
    order: int | None = None
    note: str | None = None


class TargetOut(ModelSchema):
    class Meta:
        model = TargetCompany
        fields = [
            "id",
            "chain",
            "segment",
            "name",
            "credit_code",
            "province",
            "city",
            "size",
            "products",
            "note",
            "lead",
            "version",
        ]


class TargetIn(Schema):
    chain: Id | None = None
    segment: Id | None = None
    name: str | None = None
    credit_code: str | None = None
    province: Id | None = None
    city: Id | None = None
    size: str | None = None
    products: str | None = None
    note: str | None = None


class VisitOut(ModelSchema):
    class Meta:
        model = ChainVisit
        fields = [
            "id",
            "chain",
            "kind",
            "date",
            "enterprise",
            "counterpart",
            "visitors",
            "outcome",
            "lead",
            "problem",
            "result",
            "version",
        ]


class VisitIn(Schema):
    chain: Id | None = None
    kind: str | None = None
    date: dt.date | None = None
    enterprise: Id | None = None
    counterpart: str | None = None
    visitors: str | None = None
    outcome: str | None = None
    lead: Id | None = None
    problem: Id | None = None
    result: str | None = None


class TurnIn(Schema):
    team: Id


crud("segments/", Segment, SegmentForm, SegmentFilterSet, SegmentOut, SegmentIn, "segment")
crud("companies/", TargetCompany, TargetCompanyForm, TargetCompanyFilterSet, TargetOut, TargetIn, "target")
crud("visits/", ChainVisit, ChainVisitForm, ChainVisitFilterSet, VisitOut, VisitIn, "chain_visit")
# Last: its "/chains/{pk}/" would otherwise take "/chains/segments/".
crud("", Chain, ChainForm, ChainFilterSet, ChainOut, ChainIn, "chain")


@router.post("/chains/companies/{pk}/turn/", response={201: LeadOut}, url_name="turn_target")
def turn_target(request, pk: int, payload: TurnIn):
    """转为线索: the target company becomes a lead of the team (one the user sees), carrying its segment."""
    from jijuqu.core.scope import CHANGE, VIEW

    target = scoped_get(request, TargetCompany, pk, CHANGE)
    team = Team.objects.restrict(request.user, VIEW).filter(pk=payload.team).first()
    if team is None:
        raise ValidationFailed({"team": ["招商团：未找到该招商团，或不在您的数据范围内。"]})
    try:
        lead = services.target_to_lead(target, team, request.user)
    except ValidationError as err:
        raise ValidationFailed({"team": err.messages}) from err
    return Status(201, lead)


@router.get("/chains/{pk}/report/", url_name="chain_report")
def chain_report(request, pk: int, year: int | None = None):
    """The chain report's figures of a year: per segment enterprises, output, growth, coverage, projects,
    targets, leads and contracts; 配套率."""
    from .report import build
    from .views import default_year

    chain = scoped_get(request, Chain, pk)
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(422, "年份应在2000至2100之间。")
    return build(chain, year or default_year(chain), request.user).as_dict()
