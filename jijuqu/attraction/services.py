"""Rules of investment attraction as plain functions: staleness lights, collisions (撞单), the stages of a
lead, contacts, the follow-through of a contract (履约, 开工 → key project, 投产) and the figures of the
招商通报. Forms, the API, the importer and the reports call these, never their own copies."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jijuqu.core.choices import REGION_ROLES
from jijuqu.core.numbers import rate
from jijuqu.core.periods import Period
from jijuqu.core.scope import CHANGE, VIEW, UserScope
from jijuqu.enterprises.credit_code import normalize
from jijuqu.enterprises.models import Enterprise
from jijuqu.zones.matching import clean_name

from .choices import Light, Stage
from .models import Contact, Contract, FundsArrival, Lead

ZERO = Decimal("0")
CENT = Decimal("0.01")

# -- staleness -------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (negative: earlier), clamped to the month's last day: 31 Jan + 1 → 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def light_months() -> tuple[int, int, int]:
    """Months without contact after which a lead turns yellow, red, and is archived (dormant)."""
    return (
        int(getattr(settings, "JIJUQU_LEAD_YELLOW_MONTHS", 2)),
        int(getattr(settings, "JIJUQU_LEAD_RED_MONTHS", 3)),
        int(getattr(settings, "JIJUQU_LEAD_ARCHIVE_MONTHS", 6)),
    )


def light(last_contact: dt.date, today: dt.date | None = None) -> Light:
    """Green until `yellow` months have passed since the last contact; on the day exactly 2 months
    later (15 Jan → 15 Mar) the lead is yellow, exactly 3 months later red, 6 months later dormant."""
    today = today or timezone.localdate()
    yellow, red, dormant = light_months()
    if today >= add_months(last_contact, dormant):
        return Light.ARCHIVED
    if today >= add_months(last_contact, red):
        return Light.RED
    if today >= add_months(last_contact, yellow):
        return Light.YELLOW
    return Light.GREEN


def with_last_contact(leads):
    """Leads annotated with `last_contact`: the latest contact's date, or the day the lead was recorded."""
    return leads.annotate(last_contact=Coalesce(Max("contacts__date"), "recorded_on"))


def lead_light(lead, today: dt.date | None = None) -> Light | None:
    """A lead's light; settled leads (signed or later, abandoned) need no follow-up and have none."""
    if lead.stage not in ACTIVE_STAGES:
        return None
    last = getattr(lead, "last_contact", None)
    if last is None:
        last = max([lead.recorded_on, *lead.contacts.values_list("date", flat=True)])
    return light(last, today)


ACTIVE_STAGES = (Stage.LEAD, Stage.CONTACTED, Stage.NEGOTIATING)


def light_counts(leads, today: dt.date | None = None) -> dict[str, int]:
    counts = {value: 0 for value in Light.values}
    for lead in with_last_contact(leads.filter(stage__in=ACTIVE_STAGES)):
        counts[light(lead.last_contact, today)] += 1
    return counts


# -- collisions (撞单) ------------------------------------------------------------------------------

BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})


def company_key(name: str) -> str:
    """A company's name reduced for comparison: full-width folded (ＡＢＣ → ABC), brackets made one
    kind, spaces and punctuation other than brackets dropped, letters lower-cased.
    "广东兴发铝业（河南）有限公司" and "广东兴发铝业(河南) 有限公司" have the same key."""
    text = unicodedata.normalize("NFKC", clean_name(name)).translate(BRACKETS).lower()
    return re.sub(r"[^\w()]", "", text)


def collisions(company_name: str, credit_code: str = "", team=None, exclude_pk=None):
    """Active leads of *other* teams naming the same company: the same credit code, or the same
    normalised name. Not scoped: a team must be told that someone holds the company, and who."""
    q = Q(company_key=company_key(company_name)) if company_name.strip() else Q(pk__in=[])
    code = normalize(credit_code or "")
    if code:
        q |= Q(credit_code=code)
    rows = Lead.objects.filter(q).exclude(stage=Stage.ABANDONED)
    if team is not None:
        rows = rows.exclude(team=team)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.select_related("team", "holder").order_by("recorded_on", "pk")


def collision_holders(held) -> str:
    """Who holds a company: each team with its person in charge and the date it recorded the lead."""
    return "；".join(
        f"{lead.team.name}（{lead.holder.name if lead.holder_id else _('no person named')}，"
        f"{_('recorded on')} {lead.recorded_on:%Y-%m-%d}）"
        for lead in held
    )


def collision_message(held) -> str:
    holders = collision_holders(held)
    return _(
        "This company is already held by another team: %(holders)s. Tick “record it anyway” to enter "
        "it all the same; a supervisor then decides which team keeps it."
    ) % {"holders": holders}


def colliding_groups(leads) -> list[list[Lead]]:
    """Groups (two or more) of active leads of different teams naming the same company, among `leads`."""
    active = list(leads.exclude(stage=Stage.ABANDONED).select_related("team", "holder", "region"))
    groups: dict[str, list[Lead]] = {}
    seen: dict[str, str] = {}
    for lead in active:
        keys = [f"n:{lead.company_key}"] + ([f"c:{lead.credit_code}"] if lead.credit_code else [])
        root = next((seen[k] for k in keys if k in seen), keys[0])
        for k in keys:
            seen.setdefault(k, root)
        groups.setdefault(root, []).append(lead)
    return [g for g in groups.values() if len({lead.team_id for lead in g}) > 1]


@transaction.atomic
def award_lead(lead: Lead, user, today: dt.date | None = None) -> list[Lead]:
    """A supervisor decides a collision: `lead` keeps the company, the other teams' leads are abandoned
    with the reason. Only analysts (the level above the teams) and administrators decide."""
    us = UserScope.of(user)
    if not (us.is_admin or us.role in REGION_ROLES):
        raise PermissionDenied
    if not Lead.objects.restrict(user, CHANGE).filter(pk=lead.pk).exists():
        raise PermissionDenied
    others = list(collisions(lead.company_name, lead.credit_code, lead.team, lead.pk))
    reason = _("Collision decided: %(team)s keeps this company.") % {"team": lead.team.name}
    for other in others:
        move_stage(other, Stage.ABANDONED, user, reason=reason)
    return others


# -- stages ----------------------------------------------------------------------------------------


def move_stage(lead: Lead, stage: str, user=None, reason: str = "") -> None:
    """Move a lead by hand between 线索, 接洽 and 在谈, or abandon it (放弃, with a reason), or reopen an
    abandoned one. Stages from 签约 on follow the lead's contract (follow_contract), never chosen by hand."""
    stage = check_stage(lead, stage, reason)
    lead.stage = stage
    lead.abandon_reason = reason.strip() if stage == Stage.ABANDONED else ""
    lead.save()


def check_stage(lead: Lead, stage: str, reason: str = "") -> Stage:
    """The stage a lead may be moved to by hand (form, API, import), or ValidationError saying why not."""
    stage = Stage(stage)
    if lead.pk is not None and Contract.objects.filter(lead=lead).exists():
        raise ValidationError(_("The lead is signed; its stage follows its contract."))
    if stage == Stage.ABANDONED:
        if not reason.strip():
            raise ValidationError({"abandon_reason": _("Give the reason for abandoning the lead.")})
    elif stage not in ACTIVE_STAGES:
        raise ValidationError(
            _("Record the signed contract to move the lead to %(stage)s.") % {"stage": stage.label}
        )
    return stage


def follow_contract(lead: Lead | None, contract: Contract) -> None:
    """A signed lead's stage is the furthest its contract has reached."""
    if lead is None:
        return
    if contract.producing_on:
        stage = Stage.PRODUCING
    elif contract.started_on:
        stage = Stage.STARTED
    elif contract.registered_on:
        stage = Stage.REGISTERED
    else:
        stage = Stage.SIGNED
    if lead.stage != stage:
        lead.stage = stage
        lead.abandon_reason = ""
        lead.save()


def contact_logged(lead: Lead) -> None:
    """After a contact is recorded (form, API): a lead still at 线索 moves to 接洽."""
    lead = Lead.objects.get(pk=lead.pk)
    if lead.stage == Stage.LEAD:
        lead.stage = Stage.CONTACTED
        lead.save()


def log_contact(lead: Lead, date: dt.date, kind: str, note: str = "", user=None) -> Contact:
    """Record a contact outside a form (the demo, scripts)."""
    contact = Contact(lead=lead, date=date, kind=kind, note=note, user=user)
    contact.full_clean()
    with transaction.atomic():
        contact.save()
        contact_logged(lead)
    lead.refresh_from_db()
    return contact


def link_lead_enterprise(lead: Lead) -> None:
    """A lead whose company is registered points at its Enterprise, found by credit code."""
    code = normalize(lead.credit_code or "")
    lead.enterprise_id = (
        Enterprise.objects.filter(credit_code=code).values_list("pk", flat=True).first() if code else None
    )


# -- contracts -------------------------------------------------------------------------------------


def link_investor(contract: Contract) -> None:
    """The investor's Enterprise, once registered: by credit code, else by exact name in the zone."""
    from jijuqu.enterprises.services import BuilderMatcher

    contract.investor_id = BuilderMatcher().find(
        contract.zone_id, contract.investor_name, contract.investor_credit_code
    )


def contract_saved(contract: Contract) -> None:
    """After any save of a contract (form, API, import): its lead follows it."""
    if contract.lead_id:
        follow_contract(Lead.objects.get(pk=contract.lead_id), contract)


def contract_produced(contract: Contract, date: dt.date) -> None:
    """投产 of the key project a contract became (projects.services.change_status calls this): the
    contract's production date is the project's, with history, and its lead follows."""
    if contract.producing_on != date:
        contract.producing_on = date
        contract.save()
        contract_saved(contract)


@transaction.atomic
def start_contract(contract: Contract, date: dt.date, user):
    """开工: the contract becomes a key project of the ledger, the same identity, linked, not copied.

    The project is made through the ledger's own form and save (ProjectForm, save_in_scope: the one way
    a project is created, with its checks, scope and history) and moved to 开工 by its lifecycle rule
    (change_status). A project of the same name already in the zone's ledger is linked instead of made
    twice.
    """
    from jijuqu.core.forms import form_errors
    from jijuqu.core.services import save_in_scope
    from jijuqu.projects.choices import ProjectLevel, ProjectStatus
    from jijuqu.projects.forms import ProjectForm
    from jijuqu.projects.models import Project
    from jijuqu.projects.services import change_status

    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.started_on:
        raise ValidationError(_("This contract has already started."))
    if date < contract.signed_on:
        raise ValidationError(_("The start is dated before the signing."))
    project = contract.project or Project.objects.filter(zone=contract.zone, name=contract.name).first()
    if project is None:
        blank = ProjectForm(instance=Project(), user=user)
        data = {name: blank[name].value() for name in blank.fields}
        data.update(
            name=contract.name,
            zone=contract.zone_id,
            builder_name=contract.investor_name,
            builder_credit_code=contract.investor_credit_code,
            industry=contract.industry_id or "",
            total_investment=contract.amount,
            planned_start=contract.agreed_start or date,
            planned_production=contract.agreed_production or "",
            content=_("Signed on %(date)s (investment attraction).") % {"date": contract.signed_on},
            # A started 招商 project enters the county's list of key projects; making it a city or
            # provincial key project is the 发改委's later decision, not the contract's.
            level=ProjectLevel.COUNTY,
        )
        for key in ("leader", "department", "park", "code", "builder"):
            data[key] = data.get(key) or ""
        form = ProjectForm(data, instance=Project(), user=user)
        project = save_in_scope(form, user) if form.is_valid() else None
        if project is None:
            errors = "；".join(m for ms in form_errors(form).values() for m in ms)
            raise ValidationError(_("The key project could not be made: %(errors)s") % {"errors": errors})
    if project.status in (ProjectStatus.PLANNING, ProjectStatus.SIGNED):
        change_status(
            project, ProjectStatus.STARTED, date, user=user, note=_("Started from a signed contract.")
        )
    contract.project = project
    contract.started_on = date
    contract.save()
    contract_saved(contract)
    return project


def honoured_rule() -> tuple[str, ...]:
    """What makes a contract 履约: any of "registered", "site", "funds" (all listed must hold)."""
    raw = getattr(settings, "JIJUQU_CONTRACT_HONOURED", "registered,site,funds")
    parts = tuple(p.strip() for p in str(raw).split(",") if p.strip())
    return parts or ("registered",)


def first_funds(contract_ids) -> dict[int, dt.date]:
    """The last day of the month each contract's first funds arrived."""
    firsts: dict[int, dt.date] = {}
    rows = (
        FundsArrival.objects.filter(contract_id__in=contract_ids)
        .filter(Q(domestic__gt=0) | Q(foreign_usd__gt=0))
        .values_list("contract_id", "year", "month")
        .order_by("year", "month")
    )
    for cid, year, month in rows:
        firsts.setdefault(cid, Period(year, month).end)
    return firsts


def honoured_on(contract: Contract, first_funds_on: dt.date | None) -> dt.date | None:
    """The day the contract counts as honoured (履约): the latest of the required steps, or None."""
    dates = {"registered": contract.registered_on, "site": contract.site_secured_on, "funds": first_funds_on}
    needed = [dates.get(name) for name in honoured_rule()]
    if any(d is None for d in needed):
        return None
    return max(needed)


def overdue_months() -> int:
    return int(getattr(settings, "JIJUQU_CONTRACT_START_MONTHS", 6))


def overdue_contracts(contracts, day: dt.date):
    """Contracts signed more than N months before `day` and not started by it (超时限未开工)."""
    cutoff = add_months(day, -overdue_months())
    return (
        contracts.filter(signed_on__lt=cutoff)
        .filter(Q(started_on__isnull=True) | Q(started_on__gt=day))
        .select_related("zone", "team")
        .order_by("signed_on", "name")
    )


# -- figures ---------------------------------------------------------------------------------------


@dataclass
class Figures:
    """The 招商 figures of some contracts for the months 1..M of a year."""

    signed: int = 0
    contract_amount: Decimal = ZERO
    honoured: int = 0
    started: int = 0
    in_production: int = 0
    funds_arrived: Decimal = ZERO
    funds_arrived_usd: Decimal = ZERO
    overdue: int = 0
    names: list[str] = field(default_factory=list)

    @property
    def honoured_rate(self):
        return rate(self.honoured, self.signed)

    @property
    def started_rate(self):
        return rate(self.started, self.signed)

    @property
    def production_rate(self):
        return rate(self.in_production, self.signed)

    @property
    def funds_rate(self):
        return rate(self.funds_arrived, self.contract_amount)

    def as_dict(self) -> dict:
        return {
            "signed": self.signed,
            "contract_amount": str(self.contract_amount),
            "honoured": self.honoured,
            "started": self.started,
            "in_production": self.in_production,
            "funds_arrived": str(self.funds_arrived),
            "funds_arrived_usd": str(self.funds_arrived_usd),
            "honoured_rate": _str(self.honoured_rate),
            "started_rate": _str(self.started_rate),
            "funds_rate": _str(self.funds_rate),
            "production_rate": _str(self.production_rate),
            "overdue": self.overdue,
        }


def _str(value):
    return None if value is None else str(value)


def figures(contracts, period: Period) -> Figures:
    """Figures of the contracts signed in months 1..M of the period's year: how many and for how much,
    how many honoured, started and producing by the month's end, and the funds arrived on them up to
    that month (省外 in 万元; foreign in 万美元, apart). 资金到位率 is 省外 funds / contract amount."""
    end = period.end
    signed = list(
        contracts.filter(signed_on__gte=dt.date(period.year, 1, 1), signed_on__lte=end).only(
            "pk", "amount", "registered_on", "site_secured_on", "started_on", "producing_on", "signed_on"
        )
    )
    ids = [c.pk for c in signed]
    firsts = {cid: d for cid, d in first_funds(ids).items() if d <= end}
    arrived = FundsArrival.objects.filter(contract_id__in=ids).filter(
        Q(year__lt=period.year) | Q(year=period.year, month__lte=period.month)
    )
    sums = arrived.aggregate(d=Sum("domestic"), f=Sum("foreign_usd"))
    result = Figures(
        signed=len(signed),
        contract_amount=sum((c.amount for c in signed), ZERO),
        # Sums over SQLite lose the column's scale; amounts always carry two decimals.
        funds_arrived=Decimal(sums["d"] or ZERO).quantize(CENT),
        funds_arrived_usd=Decimal(sums["f"] or ZERO).quantize(CENT),
    )
    for c in signed:
        done = honoured_on(c, firsts.get(c.pk))
        result.honoured += done is not None and done <= end
        result.started += c.started_on is not None and c.started_on <= end
        result.in_production += c.producing_on is not None and c.producing_on <= end
    result.overdue = overdue_contracts(contracts, end).count()
    return result


def visible_contracts(user):
    return Contract.objects.restrict(user, VIEW)


def yi2(wan: Decimal) -> str:
    """万元 in 亿元 with two decimals, as event figures are published: 2704800 → "270.48"."""
    from decimal import ROUND_HALF_UP

    return f"{(Decimal(wan or 0) / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def event_sentence(events, user, series: str = "") -> str:
    """ "10场专题招商活动，共签约项目75个，总投资金额270.48亿元" for some events (contracts the user sees)."""
    n = events.count()
    totals = (
        Contract.objects.restrict(user, VIEW)
        .filter(event__in=events)
        .aggregate(n=Count("pk"), amount=Sum("amount"))
    )
    lead = f"{series}：" if series else ""
    return f"{lead}{n}场招商活动，共签约项目{totals['n']}个，总投资金额{yi2(totals['amount'] or ZERO)}亿元。"
