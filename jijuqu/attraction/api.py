"""招商引资 API: every object listed, read, created and changed through the pages' forms and scope."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import ModelSchema, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.core.api import Id, Pagination, ValidationFailed, save_form, scoped_get, scoped_list
from jijuqu.core.money import MoneyIn
from jijuqu.core.periods import Period
from jijuqu.core.scope import CHANGE, VIEW

from . import services
from .filtersets import (
    ContactFilterSet,
    ContractFilterSet,
    EventFilterSet,
    FundsArrivalFilterSet,
    LeadFilterSet,
    TeamFilterSet,
    TeamTargetFilterSet,
)
from .forms import ContactForm, ContractForm, EventForm, FundsArrivalForm, LeadForm, TeamForm, TeamTargetForm
from .models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget

router = Router(tags=["招商引资"])


def crud(prefix: str, model, form, filterset, out, payload_in, name: str):
    """list / get / create / change of one object, as every other router writes them by hand."""

    @router.get(f"/attraction/{prefix}/", response=list[out], url_name=f"list_{name}s")
    @paginate(Pagination)
    def list_rows(request):
        return scoped_list(request, model, filterset)

    @router.get(f"/attraction/{prefix}/{{pk}}/", response=out, url_name=f"get_{name}")
    def get_row(request, pk: int):
        return scoped_get(request, model, pk)

    @router.post(f"/attraction/{prefix}/", response={201: out}, url_name=f"create_{name}")
    def create_row(request, payload: payload_in):
        return Status(201, save_form(request, form, payload.dict(exclude_unset=True)))

    @router.patch(f"/attraction/{prefix}/{{pk}}/", response=out, url_name=f"change_{name}")
    def change_row(request, pk: int, payload: payload_in):
        row = scoped_get(request, model, pk, CHANGE)
        return save_form(request, form, payload.dict(exclude_unset=True), instance=row)


class TeamOut(ModelSchema):
    class Meta:
        model = Team
        fields = ["id", "name", "kind", "region", "zone", "department", "members", "version"]


class TeamIn(Schema):
    name: str | None = None
    kind: str | None = None
    region: int | None = None
    zone: int | None = None
    department: int | None = None
    members: list[Id] | None = None


class TeamTargetOut(ModelSchema):
    class Meta:
        model = TeamTarget
        fields = ["id", "team", "year", "signed", "contract_amount", "funds_arrived", "started", "version"]


class TeamTargetIn(Schema):
    team: int | None = None
    year: int | None = None
    signed: int | None = None
    contract_amount: MoneyIn | None = None
    funds_arrived: MoneyIn | None = None
    started: int | None = None


class EventOut(ModelSchema):
    class Meta:
        model = Event
        fields = [
            "id",
            "name",
            "series",
            "chain",
            "date",
            "place",
            "online",
            "organiser",
            "region",
            "zone",
            "version",
        ]


class EventIn(Schema):
    name: str | None = None
    series: str | None = None
    chain: str | None = None
    date: dt.date | None = None
    place: str | None = None
    online: bool | None = None
    organiser: str | None = None
    region: int | None = None
    zone: int | None = None


class LeadOut(ModelSchema):
    light: str | None = None

    class Meta:
        model = Lead
        fields = [
            "id",
            "company_name",
            "credit_code",
            "headquarters",
            "enterprise",
            "industry",
            "chain_segment",
            "project_name",
            "intended_investment",
            "source",
            "team",
            "holder",
            "region",
            "zone",
            "stage",
            "abandon_reason",
            "recorded_on",
            "version",
        ]

    @staticmethod
    def resolve_light(obj):
        current = services.lead_light(obj)
        return None if current is None else current.value


class LeadIn(Schema):
    company_name: str | None = None
    credit_code: str | None = None
    headquarters: str | None = None
    project_name: str | None = None
    industry: int | None = None
    chain_segment: str | None = None
    intended_investment: MoneyIn | None = None
    source: str | None = None
    team: int | None = None
    holder: int | None = None
    zone: int | None = None
    recorded_on: dt.date | None = None
    record_anyway: bool | None = None


class StageIn(Schema):
    stage: str
    reason: str = ""


class ContactOut(ModelSchema):
    class Meta:
        model = Contact
        fields = ["id", "lead", "date", "kind", "note", "version"]


class ContactIn(Schema):
    lead: int | None = None
    date: dt.date | None = None
    kind: str | None = None
    note: str | None = None


class ContractOut(ModelSchema):
    class Meta:
        model = Contract
        fields = [
            "id",
            "name",
            "investor_name",
            "investor_credit_code",
            "investor",
            "amount",
            "signed_on",
            "agreed_start",
            "agreed_production",
            "zone",
            "industry",
            "event",
            "lead",
            "team",
            "registered_on",
            "site_secured_on",
            "started_on",
            "producing_on",
            "project",
            "version",
        ]


class ContractIn(Schema):
    name: str | None = None
    investor_name: str | None = None
    investor_credit_code: str | None = None
    amount: MoneyIn | None = None
    signed_on: dt.date | None = None
    agreed_start: dt.date | None = None
    agreed_production: dt.date | None = None
    zone: int | None = None
    industry: int | None = None
    event: int | None = None
    lead: int | None = None
    team: int | None = None
    registered_on: dt.date | None = None
    site_secured_on: dt.date | None = None
    producing_on: dt.date | None = None


class StartIn(Schema):
    date: dt.date


class FundsOut(ModelSchema):
    class Meta:
        model = FundsArrival
        fields = ["id", "contract", "year", "month", "domestic", "foreign_usd", "version"]


class FundsIn(Schema):
    contract: int | None = None
    year: int | None = None
    month: int | None = None
    domestic: MoneyIn | None = None
    foreign_usd: MoneyIn | None = None


crud("teams", Team, TeamForm, TeamFilterSet, TeamOut, TeamIn, "team")
crud("targets", TeamTarget, TeamTargetForm, TeamTargetFilterSet, TeamTargetOut, TeamTargetIn, "team_target")
crud("events", Event, EventForm, EventFilterSet, EventOut, EventIn, "event")
crud("leads", Lead, LeadForm, LeadFilterSet, LeadOut, LeadIn, "lead")
crud("contacts", Contact, ContactForm, ContactFilterSet, ContactOut, ContactIn, "contact")
crud("contracts", Contract, ContractForm, ContractFilterSet, ContractOut, ContractIn, "contract")
crud("funds", FundsArrival, FundsArrivalForm, FundsArrivalFilterSet, FundsOut, FundsIn, "funds_arrival")


@router.post("/attraction/leads/{pk}/stage/", response=LeadOut)
def lead_stage(request, pk: int, payload: StageIn):
    """Move a lead between 线索, 接洽 and 在谈, or abandon it with a reason (放弃)."""
    lead = scoped_get(request, Lead, pk, CHANGE)
    try:
        services.move_stage(lead, payload.stage, request.user, payload.reason)
    except (ValidationError, ValueError) as err:
        messages = err.messages if isinstance(err, ValidationError) else [f"无效的阶段“{payload.stage}”。"]
        raise ValidationFailed({"stage": messages}) from err
    return lead


@router.post("/attraction/contracts/{pk}/start/", response=ContractOut)
def contract_start(request, pk: int, payload: StartIn):
    """开工: the contract becomes a key project of the ledger (linked, one identity)."""
    contract = scoped_get(request, Contract, pk, CHANGE)
    try:
        services.start_contract(contract, payload.date, request.user)
    except ValidationError as err:
        raise ValidationFailed({"date": err.messages}) from err
    contract.refresh_from_db()
    return contract


@router.get("/attraction/figures/", url_name="attraction_figures")
def attraction_figures(request, region: str, year: int, month: int):
    """The 招商 figures of a region (6-digit code) or zone (zone code) for months 1..M of a year."""
    from jijuqu.core.scope import is_government

    from .report import area_contracts, find_area

    if not is_government(request.user):
        raise HttpError(403, "无权查看招商通报。")
    try:
        period = Period(year, month)
    except ValueError as err:
        raise HttpError(422, "月份应为1-12。") from err
    area = find_area(region, request.user)
    if area is None:
        raise HttpError(404, "未找到该地区或开发区，或不在您的数据范围内。")
    return services.figures(
        area_contracts(area, Contract.objects.restrict(request.user, VIEW)), period
    ).as_dict()
