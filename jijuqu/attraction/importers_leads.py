"""Import of the lead lists offices keep (招商线索 / 在谈项目), through the import engine (all rows or none,
the error workbook), as the 签约项目台账 is imported (importers.py).

Every row goes through the lead's own rules, as the lead form: the collision check (services.collisions:
a company another team holds is an error naming the holder), the stages one may set by hand
(services.check_stage), the amounts (the engine's money columns, parse_money), Lead.full_clean. A lead is
matched within its team by credit code or normalised name (services.company_key), so importing the same
list twice changes nothing. A 最近对接日期 later than the lead's last contact is logged as a contact."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jijuqu.core.scope import ADD, CHANGE, can
from jijuqu.enterprises.credit_code import normalize
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import CellError, date, text
from jijuqu.zones.matching import ZoneMatcher, clean_name
from jijuqu.zones.models import Industry, Zone

from . import services
from .choices import ContactKind, LeadSource, Stage
from .models import Contact, Lead, Team, member_teams

SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("company", "企业名称", ("目标企业", "客商名称", "投资方", "企业", "意向企业")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码")),
        FieldSpec("headquarters", "总部所在地", ("企业所在地", "总部", "客商所在地", "来源地")),
        FieldSpec("project", "项目名称", ("意向项目", "拟投资项目", "项目")),
        FieldSpec("industry", "行业", ("所属行业", "产业", "所属产业")),
        FieldSpec("chain_segment", "产业链环节", ("链条环节", "产业链")),
        FieldSpec(
            "investment", "意向投资额", ("拟投资额", "投资额", "计划总投资", "意向投资", "总投资"), money=True
        ),
        FieldSpec("source", "来源", ("招商方式", "线索来源", "信息来源")),
        FieldSpec("team", "招商团", ("责任招商团", "招商责任单位", "跟进单位")),
        FieldSpec("holder", "责任人", ("跟进人", "联系人", "对接人", "负责人")),
        FieldSpec("zone", "意向落地开发区", ("意向开发区", "落地开发区", "拟落地园区")),
        FieldSpec("stage", "阶段", ("进展阶段", "项目阶段", "推进阶段", "状态")),
        FieldSpec("abandon_reason", "放弃原因", ("原因",)),
        FieldSpec("recorded_on", "录入日期", ("登记日期", "获取线索日期", "录入时间")),
        FieldSpec("last_contact", "最近对接日期", ("最近对接时间", "最近联系日期", "最后对接日期")),
    ]
)

# How offices write the sources, besides the choices' own (translated) labels.
SOURCE_WORDS = {
    "以商招商": LeadSource.BUSINESS,
    "亲情招商": LeadSource.KINSHIP,
    "乡情招商": LeadSource.KINSHIP,
    "招商大使": LeadSource.AMBASSADOR,
    "飞地招商": LeadSource.ENCLAVE,
    "云招商": LeadSource.CLOUD,
    "云拜访": LeadSource.CLOUD,
    "云洽谈": LeadSource.CLOUD,
    "云签约": LeadSource.CLOUD,
    "专题招商会": LeadSource.EVENT,
    "招商活动": LeadSource.EVENT,
    "其他": LeadSource.OTHER,
}
STAGE_WORDS = {
    "线索": Stage.LEAD,
    "接洽": Stage.CONTACTED,
    "在谈": Stage.NEGOTIATING,
    "放弃": Stage.ABANDONED,
}
EDITABLE = (
    "company_name",
    "credit_code",
    "headquarters",
    "project_name",
    "industry_id",
    "chain_segment",
    "intended_investment",
    "source",
    "holder_id",
    "zone_id",
)
# Lead.full_clean's fields → the list's columns, for the error workbook.
COLUMNS = {
    "company_name": "company",
    "credit_code": "credit_code",
    "headquarters": "headquarters",
    "project_name": "project",
    "industry": "industry",
    "chain_segment": "chain_segment",
    "intended_investment": "investment",
    "source": "source",
    "holder": "holder",
    "zone": "zone",
    "recorded_on": "recorded_on",
    "abandon_reason": "abandon_reason",
}


def choice_words(choices, words) -> dict[str, str]:
    """{how it is written: value}: the offices' words, the values and the labels in Chinese."""
    with translation.override("zh-hans"):
        found = {clean_name(str(c.label)): c.value for c in choices}
    found.update({c.value: c.value for c in choices})
    found.update({clean_name(k): v for k, v in words.items()})
    return found


def importable_teams(user):
    """The teams whose lists `user` may import: any (the operator's command), else those whose leads the
    user may change — the teams of their scope, and the teams they are a member of."""
    if user is None:
        return Team.objects.all()
    if not can(user, ADD, Lead):
        return Team.objects.none()
    return Team.all_objects.filter(
        pk__in=Team.objects.restrict(user, CHANGE).values("pk")
    ) | Team.all_objects.filter(pk__in=member_teams(_user_scope(user)))


def _user_scope(user):
    from jijuqu.core.scope import UserScope

    return UserScope.of(user)


def team_fields(user) -> dict:
    """What an upload of a lead list also asks for: the team it belongs to (rows may name another)."""
    from django import forms

    return {
        "team": forms.ModelChoiceField(
            label=_("investment team"),
            queryset=importable_teams(user).order_by("region__code", "name"),
            required=False,
            help_text=_("For rows whose 招商团 column is empty."),
        )
    }


def import_job(analysis: Analysis, job, write: bool) -> Result:
    team_id = (job.options or {}).get("team")
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    return import_leads(analysis, team=team, zone=job.zone, user=job.user, write=write)


def import_leads(  # noqa: C901 (one check per column, as the list has them)
    analysis: Analysis,
    *,
    team: Team | None = None,
    zone: Zone | None = None,
    user=None,
    write: bool = True,
) -> Result:
    """Import a lead list. `team`: for rows that name none; `zone`: rows' teams are those of the zone
    (its only team for rows that name none)."""
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    teams = importable_teams(user).select_related("region", "zone")
    if zone is not None:
        teams = teams.filter(zone=zone)
    team_by_name = {t.name: t for t in teams}
    if team is None and zone is not None and len(team_by_name) == 1:
        team = next(iter(team_by_name.values()))
    if team is not None and team.name not in team_by_name:
        result.errors.append(_sheet_issue(analysis, f"您无权向招商团“{team.name}”导入线索"))
        return result
    zones = ZoneMatcher(user)
    industries = {clean_name(n): pk for pk, n in Industry.objects.values_list("pk", "name")}
    sources = choice_words(LeadSource, SOURCE_WORDS)
    stages = choice_words(Stage, STAGE_WORDS)
    plan, seen = [], {}
    for row in analysis.rows:
        before = len(result.errors)

        def fail(key, message, row=row):
            result.errors.append(row.issue(key, message))

        def cell(key, row=row):
            return text(row.raw(key)) if row.has(key) else ""

        name = cell("company")
        if not name:
            fail("company", "企业名称为空")
            continue
        row_team = team
        if cell("team"):
            row_team = team_by_name.get(cell("team"))
            if row_team is None:  # the row's other cells are still checked, so all its errors show
                fail("team", f"“{cell('team')}”不是您可以导入线索的招商团")
        elif row_team is None:
            fail("team", "未指明招商团：请在表中填写“招商团”列，或在导入时选择招商团")
        if row_team is None:
            row_team = Team(zone=None)
        code = normalize(cell("credit_code"))
        key = services.company_key(name)
        twin = seen.get((row_team.pk, key)) or (code and seen.get((row_team.pk, code)))
        if twin:
            fail("company", f"与第{twin}行是同一企业")
            continue
        seen[row_team.pk, key] = row.number
        if code:
            seen[row_team.pk, code] = row.number
        lead = _match(row_team, key, code) if row_team.pk else None
        values = {
            "company_name": name,
            "credit_code": code,
            "headquarters": cell("headquarters"),
            "project_name": cell("project"),
            "chain_segment": cell("chain_segment"),
            "industry_id": lead.industry_id if lead and not row.has("industry") else None,
            "intended_investment": lead.intended_investment if lead and not row.has("investment") else 0,
            "source": lead.source if lead and not row.has("source") else LeadSource.OTHER,
            "holder_id": lead.holder_id if lead and not row.has("holder") else None,
            "zone_id": lead.zone_id if lead else row_team.zone_id,
        }
        if cell("industry"):
            values["industry_id"] = industries.get(clean_name(cell("industry")))
            if values["industry_id"] is None:
                fail("industry", f"没有名为“{cell('industry')}”的产业")
        amount = row.money.get("investment")
        if isinstance(amount, CellError):
            fail("investment", str(amount))
        elif amount is not None:
            values["intended_investment"] = amount
        if cell("source"):
            values["source"] = sources.get(clean_name(cell("source")))
            if values["source"] is None:
                fail(
                    "source",
                    f"“{cell('source')}”不是可选的来源（如以商招商、亲情招商、招商大使、飞地招商、云招商）",
                )
        if cell("holder") and row_team.pk:
            values["holder_id"] = (
                row_team.members.filter(name=cell("holder")).values_list("pk", flat=True).first()
            )
            if values["holder_id"] is None:
                fail("holder", f"“{cell('holder')}”不是{row_team.name}的成员")
        if cell("zone"):
            found = zones.find(cell("zone"))
            if isinstance(found, str):
                fail("zone", found)
            else:
                values["zone_id"] = found.pk
        dates = {}
        for date_key in ("recorded_on", "last_contact"):
            if cell(date_key):
                try:
                    dates[date_key] = date(row.raw(date_key))
                except CellError as err:
                    fail(date_key, str(err))
        if len(result.errors) > before:
            continue
        held = list(services.collisions(name, code, row_team, lead.pk if lead else None))
        if held:
            fail("company", f"该企业已由其他招商团跟进：{services.collision_holders(held)}")
            continue
        target = lead or Lead(team=row_team)
        changed = [k for k in EDITABLE if getattr(target, k) != values[k]]
        for k in EDITABLE:
            setattr(target, k, values[k])
        if "recorded_on" in dates and dates["recorded_on"] != target.recorded_on:
            target.recorded_on = dates["recorded_on"]
            changed.append("recorded_on")
        reason = cell("abandon_reason")
        try:
            if cell("stage"):
                stage = stages.get(clean_name(cell("stage")))
                if stage is None:
                    fail("stage", f"“{cell('stage')}”不是可选的阶段（线索、接洽、在谈、放弃）")
                    continue
                if stage != target.stage or (stage == Stage.ABANDONED and reason != target.abandon_reason):
                    target.stage = services.check_stage(target, stage, reason)  # the stage's own rule
                    target.abandon_reason = reason.strip() if stage == Stage.ABANDONED else ""
                    changed.append("stage")
            target.full_clean(exclude=["team", "region"])  # the lead's own rule, as the form checks it
        except ValidationError as err:
            for field, messages in err.update_error_dict({}).items():
                messages = [m for e in messages for m in ValidationError(e).messages]
                fail(COLUMNS.get(field, "stage" if field == "__all__" else "company"), "；".join(messages))
            continue
        contact = dates.get("last_contact")
        if contact is not None:
            last = target.contacts.order_by("-date").values_list("date", flat=True).first() if lead else None
            if last is not None and contact <= last:
                contact = None
            elif contact > timezone.localdate():
                fail("last_contact", f"最近对接日期{contact:%Y-%m-%d}晚于今天")
                continue
        if lead is None:
            result.created += 1
        elif changed or contact:
            result.updated += 1
        else:
            result.unchanged += 1
        plan.append((target, lead is None or bool(changed), contact, not cell("stage")))
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    if write:
        with transaction.atomic():
            for lead, dirty, contact, stage_follows in plan:
                if dirty:
                    services.link_lead_enterprise(lead)
                    lead.save()
                if contact is not None:
                    Contact.objects.create(
                        lead=lead, date=contact, kind=ContactKind.VISIT, note="据线索清单导入的最近对接"
                    )
                    if stage_follows:  # no stage in the list: a contact moves 线索 to 接洽, as the form does
                        services.contact_logged(lead)
    return result


def _match(team: Team, key: str, code: str) -> Lead | None:
    """The team's lead of this company: by credit code, else by normalised name."""
    leads = Lead.objects.filter(team=team)
    return (leads.filter(credit_code=code).first() if code else None) or leads.filter(company_key=key).first()


def _sheet_issue(analysis: Analysis, message: str):
    from jijuqu.imports.engine import Issue

    sheet = analysis.sheets[0].name if analysis.sheets else ""
    return Issue(sheet=sheet, row=0, column="", value=None, message=message)
