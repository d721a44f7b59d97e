"""Import of the 签约项目台账 offices keep, through the import engine (all rows or none, the error
workbook): contracts matched by (zone, project name), so importing the same ledger twice changes nothing;
the month's 到位资金 (省外 万元, 外资 万美元) is recorded for the job's year and month.

Each row is checked by the contract's own rule (Contract.full_clean), as the form checks it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from jijuqu.core.scope import CHANGE
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import CellError, date, decimal, text
from jijuqu.zones.matching import ZoneMatcher, find_zone
from jijuqu.zones.models import Zone

from . import services
from .models import Contract, Event, FundsArrival, Team

SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("name", "项目名称", ("签约项目", "签约项目名称", "项目名称及建设内容")),
        FieldSpec("investor", "投资方", ("签约企业", "投资企业", "投资主体", "签约单位")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码")),
        FieldSpec("zone", "落地开发区", ("开发区", "所在开发区", "产业集聚区", "落地园区")),
        FieldSpec(
            "amount", "合同金额", ("签约金额", "合同引进资金", "投资额", "总投资", "合同投资额"), money=True
        ),
        FieldSpec("signed_on", "签约日期", ("签约时间",)),
        FieldSpec("agreed_start", "约定开工日期", ("约定开工时间", "计划开工时间")),
        FieldSpec("agreed_production", "约定投产日期", ("约定投产时间", "计划投产时间")),
        FieldSpec("event", "签约活动", ("招商活动", "签约平台")),
        FieldSpec("team", "招商团", ("责任招商团", "招商责任单位")),
        FieldSpec("registered_on", "注册日期", ("注册时间", "注册落地时间")),
        FieldSpec("site_secured_on", "落实用地日期", ("用地落实时间", "落实用地或厂房日期")),
        FieldSpec("funds", "本月到位资金", ("到位资金", "当月到位资金", "省外到位资金"), money=True),
        FieldSpec("funds_usd", "外资到位（万美元）", ("外资到位", "外资到位资金")),
    ]
)
DATES = ("signed_on", "agreed_start", "agreed_production", "registered_on", "site_secured_on")
EDITABLE = ("investor_name", "investor_credit_code", "amount", *DATES, "event_id", "team_id")


def import_job(analysis: Analysis, job, write: bool) -> Result:
    return import_contracts(analysis, job.year, job.month, user=job.user, default_zone=job.zone, write=write)


def import_contracts(  # noqa: C901 (one check per column, as the ledger has them)
    analysis: Analysis,
    year: int,
    month: int,
    *,
    user=None,
    default_zone: Zone | None = None,
    write: bool = True,
) -> Result:
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    zones = ZoneMatcher(user, Contract)
    teams = Team.objects.all() if user is None else Team.objects.restrict(user)
    team_names = dict(teams.values_list("name", "pk"))
    events = Event.objects.all() if user is None else Event.objects.restrict(user)
    event_names = dict(events.values_list("name", "pk"))
    existing = {(c.zone_id, c.name): c for c in Contract.objects.all()}
    editable = (
        None if user is None else set(Contract.objects.restrict(user, CHANGE).values_list("pk", flat=True))
    )
    plan, seen = [], {}
    for row in analysis.rows:
        before = len(result.errors)

        def fail(key, message, row=row):
            result.errors.append(row.issue(key, message))

        # A row whose zone is unknown or not the user's still has its other cells checked (every
        # mistake shown at once); what needs the zone (a duplicate name within it) is not.
        zone = find_zone(row, zones, default_zone)
        if isinstance(zone, str):
            fail("zone" if row.has("zone") else "name", zone)
            zone = None
        elif zones.writable is not None and zone.pk not in zones.writable:
            fail("name", f"您无权向“{zone.name}”导入签约项目")
            zone = None
        name = text(row.raw("name")) if row.has("name") else ""
        if not name:
            fail("name", "项目名称为空")
        elif zone is not None and (zone.pk, name) in seen:
            fail("name", f"与第{seen[zone.pk, name]}行的项目名称相同")
        elif zone is not None:
            seen[zone.pk, name] = row.number
        values = {"investor_name": text(row.raw("investor")) if row.has("investor") else ""}
        values["investor_credit_code"] = text(row.raw("credit_code")) if row.has("credit_code") else ""
        amount = row.money.get("amount")
        if isinstance(amount, CellError):
            fail("amount", str(amount))
        elif amount is None:
            fail("amount", "合同金额为空")
        else:
            values["amount"] = amount
        for key in DATES:
            values[key] = None
            if row.has(key):
                try:
                    values[key] = date(row.raw(key))
                except CellError as err:
                    fail(key, str(err))
        for key, names in (("team", team_names), ("event", event_names)):
            values[f"{key}_id"] = None
            if row.has(key):
                values[f"{key}_id"] = names.get(text(row.raw(key)))
                if values[f"{key}_id"] is None:
                    fail(
                        key, f"“{text(row.raw(key))}”不是您可见的{'招商团' if key == 'team' else '招商活动'}"
                    )
        funds = row.money.get("funds")
        if isinstance(funds, CellError):
            fail("funds", str(funds))
        usd = None
        if row.has("funds_usd"):
            try:
                usd = decimal(row.raw("funds_usd")).quantize(Decimal("0.01"))
            except (CellError, ArithmeticError) as err:
                fail("funds_usd", str(err))
        if len(result.errors) > before:
            continue
        contract = existing.get((zone.pk, name))
        if contract is not None and editable is not None and contract.pk not in editable:
            fail("name", "您无权修改该签约项目")
            continue
        target = contract or Contract(zone=zone, name=name)
        changed = [k for k in EDITABLE if getattr(target, k) != values.get(k)] if contract else list(EDITABLE)
        for k in EDITABLE:
            setattr(target, k, values.get(k))
        try:
            target.full_clean(exclude=["lead", "industry", "producing_on"])  # the contract's own rule
        except ValidationError as err:
            for field, messages in err.message_dict.items():
                key = {"investor_name": "investor", "signed_on": "signed_on"}.get(field, field)
                fail(key if key in SPEC.fields else "name", "；".join(messages))
            continue
        money = (funds or Decimal(0), usd or Decimal(0)) if (funds or usd) else None
        if contract is None:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
        plan.append((target, contract is None or bool(changed), money))
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    if write:
        with transaction.atomic():
            for contract, dirty, money in plan:
                if dirty:
                    services.link_investor(contract)
                    contract.save()
                if money is not None:
                    row, _ = FundsArrival.objects.get_or_create(
                        contract=contract,
                        year=year,
                        month=month,
                        defaults={"domestic": money[0], "foreign_usd": money[1]},
                    )
                    if (row.domestic, row.foreign_usd) != money:
                        row.domestic, row.foreign_usd = money
                        row.save()
    return result
