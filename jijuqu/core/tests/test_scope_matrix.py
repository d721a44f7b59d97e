"""The scope matrix: every role × every page and API route, counting rows a user should not see.

Routes are enumerated from the URL configuration and the API, so a new one is covered (or, if it is
of a new kind, fails `test_every_route_is_classified` until it is classified here). What a role
should see is written below from the role rules and the models' own foreign keys — never by calling
`restrict()` — so the matrix checks scope.py instead of repeating it. Forged writes of
scope-deciding fields are counted too. The counts print as a table; every one must be 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from io import BytesIO

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from jijuqu.assessment.models import Adjustment, Framework, StarRule
from jijuqu.assessment.testing import make_framework
from jijuqu.attraction.models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget
from jijuqu.attraction.testing import make_contract, make_lead, make_teams
from jijuqu.chains import models as chain_models
from jijuqu.chains.testing import make_chain, make_segment, make_target, place
from jijuqu.core import archive
from jijuqu.core.models import Archive, BusinessModel
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.imports import registry
from jijuqu.imports.models import ImportJob
from jijuqu.jobs.models import Job
from jijuqu.land.models import Building, Plot, PlotFollowUp, Scheme, Tenancy
from jijuqu.land.testing import make_building, make_plot, make_scheme, make_tenancy
from jijuqu.projects.models import (
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    Project,
    StatusChange,
)
from jijuqu.projects.testing import make_project, report
from jijuqu.service import services as service_services
from jijuqu.service.models import Assignment, MonitoringPoint, RequestStep, ServiceRequest, Supervisor, Visit
from jijuqu.service.testing import make_request
from jijuqu.zones.models import Department, Official, Park, Region, Zone, ZoneYear

pytestmark = pytest.mark.django_db

ROLES = ["admin", "province", "city", "county", "zone_a", "zone_b", "department", "enterprise"]

# -- every route, classified ----------------------------------------------------------------------

CRUD_SUFFIXES = {"list": "list", "add": "add", "edit": "edit", "delete": "delete"}

# Routes that are not one of a model's five CRUD pages: what each shows, so its rows are counted.
PAGES = {
    "home": "summary",  # counts only, each from a restricted queryset (covered by the lists)
    "login": "public",
    "logout": "public",
    "set_language": "public",
    "projects:problem_board": "problem_board",
    "projects:inspection_notice": "inspection_notice",
    "projects:project_status": "write",  # POST only; a project outside scope is a 404 (detail pages)
    "projects:unmatched_builders": "unmatched_builders",
    "imports:upload": "import_jobs",
    "imports:upload_kind": "import_jobs",  # the same page for each registered kind (imports.registry)
    "projects:approval_act": "write",  # POST of an action (受理 …) on an item; outside scope a 404
    "projects:approval_time_limit": "write",  # POST by the supervising office
    "password_change": "public",  # the user's own password
    "token_list": "public",  # the user's own tokens (core.tokens.tokens_of)
    "token_revoke": "write",  # POST; only the user's own token (core.tokens.revoke)
    "recycle_bin": "recycle_bin",
    "recycle_restore": "write",  # POST; entries outside the user's bin are a 404 (core.views._entry)
    "recycle_purge": "recycle_purge",
    "imports:job": "import_job",
    "imports:confirm": "import_job",
    "imports:progress": "import_job",
    "imports:errors": "import_job",
    "healthz": "public",  # database and worker up or not; no login, no data (jobs.services.health)
    "jobs:job": "job",  # a background job and its file are their owner's alone (jobs.services.own_job)
    "jobs:progress": "job",
    "jobs:file": "job",
    "reports:monthly": "report",
    "assessment:ranking": "ranking",
    "assessment:zone_result": "zone_result",
    "assessment:entry": "entry",
    "assessment:import": "write",  # POST of a workbook into the entry grid's zones (save_grid)
    "assessment:feed": "write",  # POST: computed values into the entry grid's zones (save_grid)
    "land:overview": "land_overview",
    "land:evaluation": "mu_evaluation",
    "land:evaluation_notice": "mu_evaluation",
    "land:enterprise_result": "mu_evaluation",
    "service:overview": "service_overview",
    "service:my_service": "my_service",
    "service:report": "service_report",
    "service:request_step": "write",  # POST of a step; outside scope a 404, a step not allowed a 403
    "attraction:lead_kanban": "lead_kanban",
    "attraction:lead_collisions": "lead_collisions",
    "attraction:lead_stage": "write",  # POST; a lead outside scope is a 404
    "attraction:lead_award": "write",  # POST by a supervisor; a lead outside scope is a 404
    "attraction:contract_start": "write",  # POST; a contract outside scope is a 404
    "attraction:report": "attraction_report",
    "chains:report": "chain_report",
    "chains:chain_map": "chain_map",  # the four maps of a chain (chains.map_views.KINDS)
    "chains:targetcompany_turn": "write",  # POST; a target outside scope is a 404
}
API = {
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:api-root": "public",
    "api:list_zones": ("api_list", Zone),
    "api:get_zone": ("api_detail", Zone),
    "api:list_enterprises": ("api_list", Enterprise),
    "api:get_enterprise": ("api_detail", Enterprise),
    "api:list_projects": ("api_list", Project),
    "api:get_project": ("api_detail", Project),
    "api:list_progress": ("api_list", MonthlyProgress),
    "api:list_problems": ("api_list", Problem),
    "api:list_approvals": ("api_list", ApprovalItem),
    "api:list_frameworks": ("api_list", Framework),
    "api:get_framework": ("api_detail", Framework),
    "api:list_values": ("api_list", apps.get_model("assessment", "IndicatorValue")),
    # An item's action log answers for the item: out of scope, no log (checked like a detail).
    "api:list_approval_actions": ("api_detail", ApprovalItem),
    "api:get_ranking": "api_ranking",
    "api:monthly_report": "api_report",
    "api:list_teams": ("api_list", Team),
    "api:get_team": ("api_detail", Team),
    "api:list_team_targets": ("api_list", TeamTarget),
    "api:get_team_target": ("api_detail", TeamTarget),
    "api:list_events": ("api_list", Event),
    "api:get_event": ("api_detail", Event),
    "api:list_leads": ("api_list", Lead),
    "api:get_lead": ("api_detail", Lead),
    "api:list_contacts": ("api_list", Contact),
    "api:get_contact": ("api_detail", Contact),
    "api:list_contracts": ("api_list", Contract),
    "api:get_contract": ("api_detail", Contract),
    "api:list_funds_arrivals": ("api_list", FundsArrival),
    "api:get_funds_arrival": ("api_detail", FundsArrival),
    "api:attraction_figures": "api_attraction_figures",
    "api:list_plots": ("api_list", Plot),
    "api:get_plot": ("api_detail", Plot),
    "api:list_buildings": ("api_list", Building),
    "api:get_building": ("api_detail", Building),
    "api:get_occupancy": "mu_evaluation",  # counted with the land pages (run_land_api)
    "api:get_evaluation": "mu_evaluation",
    "api:list_requests": ("api_list", ServiceRequest),
    "api:get_request": ("api_detail", ServiceRequest),
    "api:list_request_steps": ("api_detail", ServiceRequest),
    "api:list_assignments": ("api_list", Assignment),
    "api:list_visits": ("api_list", Visit),
    "api:service_figures": "summary",  # counts only, from the restricted requests (as the overview page)
    "api:list_chains": ("api_list", chain_models.Chain),
    "api:get_chain": ("api_detail", chain_models.Chain),
    "api:list_segments": ("api_list", chain_models.Segment),
    "api:get_segment": ("api_detail", chain_models.Segment),
    "api:list_targets": ("api_list", chain_models.TargetCompany),
    "api:get_target": ("api_detail", chain_models.TargetCompany),
    "api:list_chain_visits": ("api_list", chain_models.ChainVisit),
    "api:get_chain_visit": ("api_detail", chain_models.ChainVisit),
    # A chain's report answers for the chain: out of scope, no report (checked like a detail).
    "api:chain_report": ("api_detail", chain_models.Chain),
}
API_WRITES = {
    "api:act_on_approval_item",
    "api:change_time_limit",
    "api:change_zone",
    "api:create_enterprise",
    "api:change_enterprise",
    "api:create_project",
    "api:change_project",
    "api:project_status",
    "api:create_progress",
    "api:change_progress",
    "api:create_problem",
    "api:change_problem",
    "api:create_approval",
    "api:change_approval",
    "api:put_value",
    *(
        f"api:{verb}_{name}"
        for verb in ("create", "change")
        for name in ("team", "team_target", "event", "lead", "contact", "contract", "funds_arrival")
    ),
    "api:lead_stage",
    "api:contract_start",
    "api:create_plot",
    "api:change_plot",
    "api:create_request",
    "api:take_step",
    "api:create_visit",
    *(
        f"api:{verb}_{name}"
        for verb in ("create", "change")
        for name in ("chain", "segment", "target", "chain_visit")
    ),
    "api:turn_target",
}


def routes() -> list[tuple[str, str]]:
    """(pattern, namespaced name) of every URL but the admin site's."""

    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                yield from walk(
                    p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else "")
                )
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), ns + (p.name or "")

    return list(walk(get_resolver().url_patterns))


def crud_route(name: str):
    """(kind, model) when `name` is one of a model's CRUD pages (see core.generic.crud_urls)."""
    if ":" not in name:
        return None
    app, rest = name.split(":", 1)
    model_name, _, suffix = rest.rpartition("_")
    if suffix in CRUD_SUFFIXES and model_name:
        kind = CRUD_SUFFIXES[suffix]
    else:
        model_name, kind = rest, "detail"
    try:
        model = apps.get_model(app, model_name)
    except LookupError:
        return None
    return (kind, model) if issubclass(model, BusinessModel) else None


def classify(name: str):
    if name in PAGES:
        return PAGES[name]
    if name in API:
        return API[name]
    if name in API_WRITES:
        return "write"
    return crud_route(name)


def test_every_route_is_classified():
    unknown = sorted({name for _, name in routes() if classify(name) is None})
    assert unknown == [], f"classify these routes in test_scope_matrix.py: {unknown}"


# -- what each role should see, from the role rules and the models' foreign keys ---------------------

PREFIX = {"province": 2, "city": 4, "county": 6}


def chain(region: Region) -> set[str]:
    c = region.code
    return {c, c[:2] + "0000", c[:4] + "00"} if region.level == "county" else {c, c[:2] + "0000"}


def zone_of(obj):
    """The zone a row belongs to, followed through its own foreign keys (None: not zone-bound)."""
    match obj:
        case Zone():
            return obj
        case Park() | Enterprise() | ZoneYear() | Project() | Adjustment() | Plot() | Building():
            return obj.zone
        case PlotFollowUp():
            return obj.plot.zone
        case Tenancy():
            return obj.building.zone
        case _ if type(obj).__name__ == "IndicatorValue":
            return obj.zone
        case EnterpriseYear():
            return obj.enterprise.zone
        case Problem():
            return obj.project.zone if obj.project_id else obj.enterprise.zone
        case RequestStep():
            return obj.request.enterprise.zone
        case Assignment() | Visit() | MonitoringPoint() | ServiceRequest():
            return obj.enterprise.zone
        case _ if hasattr(obj, "project"):
            return obj.project.zone
        case _ if hasattr(obj, "progress"):
            return obj.progress.project.zone
        case _ if hasattr(obj, "problem"):
            return zone_of(obj.problem)
    return None


def project_of(obj):
    if isinstance(obj, Project):
        return obj
    if isinstance(obj, Problem | ApprovalItem | Plot) or not hasattr(obj, "project"):
        return None
    return obj.project


def framework_of(obj):
    if isinstance(obj, Framework):
        return obj
    if hasattr(obj, "framework"):
        return obj.framework
    if hasattr(obj, "group"):
        return obj.group.framework
    return None


def member_teams(user) -> set[int]:
    return set(Team.all_objects.filter(members__user=user).values_list("pk", flat=True))


def attraction_should_see(user, obj) -> bool:  # noqa: C901
    """招商: a team member sees their teams' leads only; zone staff their zone's; department staff the
    leads of teams their department hosts; supervisors their area; enterprises nothing."""
    role = user.role
    if isinstance(obj, Contact):
        obj = obj.lead
    elif isinstance(obj, TeamTarget):
        obj = obj.team
    elif isinstance(obj, FundsArrival):
        obj = obj.contract
    if role == "enterprise":
        return False
    region = {Lead: "region", Team: "region", Event: "region", Contract: "zone"}[type(obj)]
    place = getattr(obj, region)
    code = place.region.code if isinstance(place, Zone) else place.code
    if role in PREFIX:
        return code.startswith(user.region.code[: PREFIX[role]])
    teams = member_teams(user)
    team_id = getattr(obj, "team_id", None) if not isinstance(obj, Team) else obj.pk
    if isinstance(obj, Lead) and teams:
        return obj.team_id in teams
    if role == "zone":
        if isinstance(obj, Event):
            return obj.zone_id == user.zone_id or (obj.zone_id is None and code in chain(user.zone.region))
        return obj.zone_id == user.zone_id or (not isinstance(obj, Lead) and team_id in teams)
    if role == "department":
        dept = user.department
        if isinstance(obj, Event):
            return code.startswith(dept.region.code[: PREFIX[dept.region.level]])
        host = (
            obj.department_id if isinstance(obj, Team) else (obj.team.department_id if obj.team_id else None)
        )
        return host == dept.pk or (not isinstance(obj, Lead) and team_id in teams)
    return False


ATTRACTION = (Lead, Contact, Team, TeamTarget, Event, Contract, FundsArrival)
CHAINS = tuple(m for m in apps.get_app_config("chains").get_models() if issubclass(m, BusinessModel))


def chain_of(obj):
    """The chain a chains row hangs on, through its own foreign keys."""
    if isinstance(obj, chain_models.Chain):
        return obj
    if hasattr(obj, "segment_id") and obj.segment_id:
        return obj.segment.chain
    return obj.chain


def chains_should_see(user, obj) -> bool:
    """产业链: a chain of a region is its analysts' (and those above); a chain of a zone also its zone's
    staff; departments and enterprises see none."""
    chain = chain_of(obj)
    if user.role in PREFIX:
        return chain.region.code.startswith(user.region.code[: PREFIX[user.role]])
    if user.role == "zone":
        return chain.zone_id is not None and chain.zone_id == user.zone_id
    return False


def should_see(user, obj) -> bool:  # noqa: C901 (one rule per role and model, as the README states them)
    role = user.role
    if role == "admin":
        return True
    if isinstance(obj, ATTRACTION):
        return attraction_should_see(user, obj)
    if isinstance(obj, CHAINS):
        return chains_should_see(user, obj)
    if isinstance(obj, ApprovalItemType | CalendarDay) or type(obj).__name__ == "Industry":
        return True  # shared reference data
    if isinstance(obj, Job):
        return obj.user_id == user.pk  # an administrator too sees only their own
    if isinstance(obj, ImportJob):
        return obj.user_id == user.pk
    if role in PREFIX:
        prefix, own = user.region.code[: PREFIX[role]], chain(user.region)
        if isinstance(obj, Region):
            return obj.code.startswith(prefix) or obj.code in own
        if (fw := framework_of(obj)) is not None and not isinstance(obj, Adjustment):
            return fw.region.code.startswith(prefix) or fw.region.code in own
        if isinstance(obj, Department | Official):
            dept = obj if isinstance(obj, Department) else obj.department
            return dept.region.code.startswith(prefix)
        if isinstance(obj, Supervisor):
            return obj.region.code.startswith(prefix)
        return zone_of(obj).region.code.startswith(prefix)
    if role == "zone":
        zone, own = user.zone, chain(user.zone.region)
        if isinstance(obj, Region):
            return obj.code in own
        if (fw := framework_of(obj)) is not None and not isinstance(obj, Adjustment):
            return fw.region.code in own
        if isinstance(obj, Department | Official):
            dept = obj if isinstance(obj, Department) else obj.department
            return dept.zone_id == zone.pk or (dept.zone_id is None and dept.region.code in own)
        if isinstance(obj, Supervisor):
            return obj.region.code in own
        return zone_of(obj) == zone
    if role == "department":
        dept = user.department
        prefix, own = dept.region.code[: PREFIX[dept.region.level]], chain(dept.region)
        if isinstance(obj, Region):
            return obj.code.startswith(prefix) or obj.code in own
        if isinstance(obj, Department):
            return obj == dept
        if isinstance(obj, Official):
            return obj.department == dept
        if isinstance(obj, Problem | ApprovalItem):
            return obj.department_id == dept.pk
        if isinstance(obj, Assignment | Visit):
            return obj.official.department_id == dept.pk
        if isinstance(obj, ServiceRequest | RequestStep):
            # Requests referred to the department, and those of the enterprises assigned to the official
            # who is this user.
            r = obj if isinstance(obj, ServiceRequest) else obj.request
            mine = Assignment.objects.filter(
                official__user=user, ended_on__isnull=True, enterprise=r.enterprise
            )
            return r.department_id == dept.pk or mine.exists()
        if isinstance(obj, MonitoringPoint | Supervisor):
            return False
        if hasattr(obj, "problem"):
            return obj.problem.department_id == dept.pk
        if (project := project_of(obj)) is not None:
            return project.department_id == dept.pk
        if isinstance(obj, EnterpriseYear | PlotFollowUp | Tenancy):
            return False  # revenue, tax and profit, leases and revival logs are not reference data
        if (fw := framework_of(obj)) is not None and not isinstance(obj, Adjustment):
            return fw.region.code in own
        # Reference data of its region: zones, parks, the enterprise register, zone figures, values.
        return zone_of(obj).region.code.startswith(prefix)
    if role == "enterprise":
        ent = user.enterprise
        if isinstance(obj, Region):
            return obj.code in chain(ent.zone.region)
        if isinstance(obj, Zone):
            return obj == ent.zone
        if isinstance(obj, Park):
            return obj.zone_id == ent.zone_id
        if isinstance(obj, Enterprise):
            return obj == ent
        if isinstance(obj, EnterpriseYear):
            return obj.enterprise_id == ent.pk
        if isinstance(obj, Scheme):
            return obj.framework.region.code in chain(ent.zone.region)  # to reach its own result
        if isinstance(obj, Assignment | Visit | ServiceRequest):
            return obj.enterprise_id == ent.pk
        if isinstance(obj, RequestStep):
            return obj.request.enterprise_id == ent.pk
        if isinstance(obj, MonitoringPoint | Supervisor):
            return False
        problem = obj if isinstance(obj, Problem) else getattr(obj, "problem", None)
        if isinstance(problem, Problem):
            return problem.enterprise_id == ent.pk or (
                problem.project_id and problem.project.builder_id == ent.pk
            )
        if (project := project_of(obj)) is not None:
            return project.builder_id == ent.pk
        return False
    return False


def should_report_on(user, area) -> bool:
    """Which areas' 月通报 a role may open: government roles, their own region or zones."""
    if user.role == "admin":
        return True
    if user.role == "enterprise":
        return False
    if isinstance(area, Zone):
        return should_see(user, area)
    if user.role in PREFIX:
        return area.code.startswith(user.region.code[: PREFIX[user.role]])
    if user.role == "department":
        region = user.department.region
        return user.department.zone_id is None and area.code.startswith(region.code[: PREFIX[region.level]])
    return False


# -- the world the matrix runs over ---------------------------------------------------------------


@pytest.fixture
def matrix(world):
    w = world
    Official.objects.create(name="赵敏", position="科长", department=w.dept_city, phone="13900000000")
    EnterpriseYear.objects.create(enterprise=w.enterprise_a2, year=2024, revenue=Decimal("5.00"))
    EnterpriseYear.objects.create(enterprise=w.enterprise_c, year=2024, tax=Decimal("6.00"))
    for zone in (w.zone_a, w.zone_b, w.zone_c):
        ZoneYear.objects.create(zone=zone, year=2024, revenue=Decimal("100.00"))
    kind = ApprovalItemType.objects.create(name="环评", time_limit=20)
    CalendarDay.objects.create(date=dt.date(2024, 10, 1), name="国庆节")
    specs = [
        (w.zone_a, "兴发铝型材项目", w.enterprise_a, w.dept_city),
        (w.zone_a, "超威电源项目", w.enterprise_a2, w.dept_a),
        (w.zone_b, "润灵药业项目", w.enterprise_b, w.dept_b),
        (w.zone_c, "温县食品项目", w.enterprise_c, w.dept_city),
        (w.zone_a, "未匹配建设单位项目", None, w.dept_a),
    ]
    day = dt.date(2024, 3, 1)
    for zone, name, builder, dept in specs:
        project = make_project(
            zone,
            name=name,
            builder=builder,
            builder_name=builder.name if builder else "某公司",
            plan="5000",
            department=dept,
        )
        report(project, 2024, 3, "100.00", "施工中")
        StatusChange.objects.create(project=project, from_status="planning", to_status="building", date=day)
        Inspection.objects.create(
            project=project,
            date=dt.date(2024, 4, 1),
            inspectors="核查组",
            verified_investment=Decimal("90"),
            published=True,
            published_on=dt.date(2024, 4, 2),
        )
        Problem.objects.create(
            title=f"{name}用地问题",
            project=project,
            department=dept,
            raised_on=day,
            deadline=dt.date(2024, 3, 5),
        )
        ApprovalItem.objects.create(
            project=project, item_type=kind, department=dept, submitted_on=day, time_limit=5
        )
    for ent, dept in ((w.enterprise_a, w.dept_a), (w.enterprise_a2, w.dept_a), (w.enterprise_b, w.dept_b)):
        Problem.objects.create(
            title=f"{ent.name}融资问题",
            enterprise=ent,
            department=dept,
            raised_on=day,
            deadline=dt.date(2024, 3, 5),
        )
    # Deleted records of two zones wait in the recycle bin (core.archive), each with its reports.
    for zone, user in ((w.zone_a, w.user("zone_a")), (w.zone_b, w.user("zone_b"))):
        gone = make_project(zone, name=f"{zone.name}已删除项目", builder_name="某公司", plan="100")
        report(gone, 2024, 3, "10.00", "施工中")
        archive.archive(gone, user)
    framework = make_framework(w)
    Adjustment.objects.create(framework=framework, zone=w.zone_a, period="2024", points=2, reason="招商加分")
    Adjustment.objects.create(framework=framework, zone=w.zone_b, period="2024", veto=True, reason="安全否决")
    StarRule.objects.create(
        framework=framework,
        stars=5,
        indicator=framework.groups.first().indicators.first(),
        threshold=Decimal("1"),
    )
    # Land: plots, a revival step, standard factory buildings and leases in three zones.
    for zone, ent, n in (
        (w.zone_a, w.enterprise_a, 1),
        (w.zone_b, w.enterprise_b, 2),
        (w.zone_c, w.enterprise_c, 3),
    ):
        plot = make_plot(zone, f"P{n}", 10 * n, "idle", enterprise=ent)
        EnterpriseYear.objects.update_or_create(
            enterprise=ent, year=2024, defaults={"tax": Decimal(10 * n), "revenue": Decimal(5000)}
        )
        PlotFollowUp.objects.create(plot=plot, date=day, action="约谈")
        building = make_building(zone, f"{n}号楼", 1000, floors=2)
        make_tenancy(building, ent, 400, day)
    make_scheme(w.henan, [("mu_tax", 100, None)])
    # 万人助万企: an official of the city department (the department user) serves the 温县 company, whose
    # request went to the 沁阳 zone office: the department user sees it as that company's official.
    zhao = Official.objects.get(name="赵敏")
    zhao.user = w.user("department")
    zhao.save()
    service_dept = {
        w.enterprise_a: w.dept_city,
        w.enterprise_a2: w.dept_a,
        w.enterprise_b: w.dept_b,
        w.enterprise_c: w.dept_a,
    }
    officials = {
        w.enterprise_a: w.official_a,
        w.enterprise_a2: w.official_a,
        w.enterprise_b: w.official_b,
        w.enterprise_c: zhao,
    }
    for ent, dept in service_dept.items():
        service_services.assign_official(ent, officials[ent], day=dt.date(2024, 1, 2))
        Visit.objects.create(
            enterprise=ent, official=officials[ent], date=dt.date(2024, 3, 4), findings="走访"
        )
        r = make_request(ent, timezone.make_aware(dt.datetime(2024, 3, 4, 9)), title=f"{ent.name}用工诉求")
        service_services.refer(r, dept, None)
    MonitoringPoint.objects.create(enterprise=w.enterprise_b)
    Supervisor.objects.create(name="刘监督", region=w.jiaozuo)
    Supervisor.objects.create(name="陈监督", region=w.pingdingshan)
    attraction_world(w)
    chains_world(w)
    ImportJob.objects.create(
        user=w.user("zone_a"),
        zone=w.zone_a,
        file="imports/none.xlsx",
        original_name="台账.xlsx",
        year=2024,
        month=10,
    )
    # A finished 月通报 file of the city analyst's: nobody else opens it or its file.
    Job.objects.create(
        user=w.user("city"),
        kind=Job.Kind.MONTHLY_REPORT,
        title="焦作市月通报",
        key="k",
        status=Job.Status.DONE,
        file="jobs/none.xlsx",
        file_name="焦作市月通报.xlsx",
    )
    return w


def attraction_world(w):
    """Teams of two zones and the city (hosted by the city's department), with leads, contacts, events,
    contracts and funds; two leads collide (the same company held by two teams)."""
    teams = make_teams(w)
    city_team = Team.objects.create(
        name="焦作市产业链招商团", kind="special", region=w.jiaozuo, department=w.dept_city
    )
    TeamTarget.objects.create(team=teams.park, year=2024, signed=5)
    TeamTarget.objects.create(team=teams.team_b, year=2024, signed=3)
    county_event = Event.objects.create(
        name="沁阳专题招商会", date=dt.date(2024, 3, 1), region=w.qinyang_county
    )
    zone_b_event = Event.objects.create(
        name="汝州专题招商会", date=dt.date(2024, 3, 2), region=w.ruzhou_county, zone=w.zone_b
    )
    for team, company, zone in (
        (teams.town, "甲公司", w.zone_a),
        (teams.park, "乙公司", None),
        (teams.park, "甲公司", None),
        (teams.team_b, "丙公司", None),
        (city_team, "丁公司", w.zone_c),
    ):
        lead = make_lead(team, company=company, zone=zone)
        Contact.objects.create(lead=lead, date=dt.date(2024, 2, 1), kind="visit")
    for zone, team, event, name in (
        (w.zone_a, teams.town, county_event, "沁阳签约项目"),
        (w.zone_b, teams.team_b, zone_b_event, "汝州签约项目"),
        (w.zone_c, city_team, None, "温县签约项目"),
    ):
        contract = make_contract(zone, name, "1000", dt.date(2024, 2, 1), team=team, event=event)
        FundsArrival.objects.create(contract=contract, year=2024, month=3, domestic=Decimal("10"))


def chains_world(w):
    """Chains of zone A, zone B and the 沁阳 county (no zone), each with a segment, a placement, a target,
    a technology, an application, a visit and a project on a segment."""
    day = dt.date(2024, 3, 1)
    chains = [
        make_chain(w).chain,
        chain_models.Chain.objects.create(name="汝州医药", zone=w.zone_b),
        chain_models.Chain.objects.create(name="沁阳装备制造", region=w.qinyang_county),
    ]
    make_segment(chains[1], "原料药")
    make_segment(chains[2], "零部件")
    place(chains[1].segments.get(name="原料药"), w.enterprise_b)
    place(chains[2].segments.get(name="零部件"), w.enterprise_a2)
    for chain in chains:
        segment = chain.segments.filter(parent=None).first()
        make_target(chain, segment, name=f"{chain.name}目标企业", province=Region.objects.get(code="410000"))
        chain_models.Technology.objects.create(segment=segment, name=f"{chain.name}技术", maturity_year=2027)
        field = chain_models.ApplicationField.objects.create(chain=chain, name=f"{chain.name}应用")
        chain_models.SegmentApplication.objects.create(segment=segment, field=field)
        chain_models.ChainTarget.objects.create(chain=chain, year=2024, output=Decimal("100"))
        chain_models.ChainVisit.objects.create(
            chain=chain, kind="expert", date=day, counterpart="某专家", visitors="链长"
        )
        project = Project.objects.filter(zone=chain.zone or w.zone_a).first()
        chain_models.SegmentProject.objects.create(segment=segment, project=project)


def all_rows(model):
    return list(model.objects.all())


def export_count(response) -> int:
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if any(c not in (None, "") for c in r)]
    return len([r for r in rows if r[0] != "合计"])


class Matrix:
    def __init__(self, client, world):
        self.client, self.world = client, world
        self.leaks: dict[tuple[str, str], int] = defaultdict(int)
        self.checked: dict[tuple[str, str], int] = defaultdict(int)
        self.errors: list[str] = []

    def count(self, role, kind, user, objs, where=""):
        for obj in objs:
            self.checked[role, kind] += 1
            if not should_see(user, obj):
                self.leaks[role, kind] += 1
                self.errors.append(f"{role} {kind} {where}: {type(obj).__name__} {obj}")

    def get(self, role, kind, url, **params):
        response = self.client.get(url, params)
        if response.status_code >= 500:
            self.leaks[role, "5xx"] += 1
            self.errors.append(f"{role} {kind} {url}: {response.status_code}")
        return response


# Choices that are China's whole region tree by design: a target company (招商目标企业) is a company
# elsewhere, in any province and city (regions are public GB/T 2260 reference, not anyone's records).
WHOLE_COUNTRY = {("chains/companies/add/", "province"), ("chains/companies/add/", "city")}


def related_rows(context) -> list:
    rows = []
    for _, table in context.get("related") or []:
        rows.extend(table.data)
    return rows


def run_pages(m: Matrix, role, user):  # noqa: C901
    for pattern, name in routes():
        kind = classify(name)
        if isinstance(kind, tuple) and kind[0] == "add":
            # The choices an empty form offers (zones, enterprises, departments …) are rows too.
            response = m.get(role, "add", "/" + pattern)
            if response.status_code == 200:
                form = response.context["form"]
                for name, field in form.fields.items():
                    if (pattern, name) in WHOLE_COUNTRY:
                        continue
                    if getattr(field, "queryset", None) is not None and hasattr(field.queryset, "restrict"):
                        m.count(role, "add", user, field.queryset, f"/{pattern} {name}")
            continue
        if isinstance(kind, tuple) and kind[0] in ("list", "detail", "edit", "delete"):
            what, model = kind
            prefix = "/" + pattern.split("<")[0]
            if what == "list":
                response = m.get(role, "list", prefix)
                if response.status_code == 200:
                    m.count(role, "list", user, response.context["table"].data, prefix)
                    exported = m.get(role, "export", prefix, export="xlsx")
                    if exported.status_code == 200:
                        m.checked[role, "export"] += 1
                        expected = sum(1 for o in all_rows(model) if should_see(user, o))
                        if (n := export_count(exported)) > expected:
                            m.leaks[role, "export"] += n - expected
                            m.errors.append(f"{role} export {prefix}: {n} rows, {expected} in scope")
                continue
            for obj in all_rows(model):
                # Edit and delete pages leak only for rows outside the rules; details also list
                # related rows, so they are opened for every row.
                if isinstance(obj, ImportJob) or (what != "detail" and should_see(user, obj)):
                    continue
                url = "/" + pattern.replace("<int:pk>", str(obj.pk))
                response = m.get(role, what, url)
                m.checked[role, what] += 1
                if response.status_code == 200 and not should_see(user, obj):
                    m.leaks[role, what] += 1
                    m.errors.append(f"{role} {what} {url}: {obj}")
                elif response.status_code == 200 and what == "detail":
                    m.count(role, "detail", user, related_rows(response.context), url)
        elif kind == "problem_board":
            response = m.get(role, "list", "/problems/board/")
            if response.status_code == 200:
                cards = [p for _, _, column, *_counts in response.context["columns"] for p, _ in column]
                m.count(role, "list", user, cards + list(response.context["resolved"]), "board")
        elif kind == "inspection_notice":
            response = m.get(role, "list", "/inspections/notice/")
            if response.status_code == 200:
                m.count(role, "list", user, response.context["table"].data, "notice")
        elif kind == "unmatched_builders":
            response = m.get(role, "list", "/projects/builders/")
            if response.status_code == 200:
                for project, candidates, _ in response.context["rows"]:
                    m.count(role, "list", user, [project, *candidates], "builders")
        elif kind == "import_jobs":
            if "<slug:kind>" in pattern:
                urls = [f"/imports/{key}/" for key in registry.KINDS]
            else:
                urls = ["/" + pattern]
            for url in urls:
                response = m.get(role, "list", url)
                if response.status_code == 200:
                    m.count(role, "list", user, response.context["jobs"], url)
        elif kind == "import_job":
            for job in [j for j in ImportJob.objects.all() if not should_see(user, j)]:
                url = "/" + pattern.replace("<int:pk>", str(job.pk))
                m.checked[role, "detail"] += 1
                if m.get(role, "detail", url).status_code == 200:
                    m.leaks[role, "detail"] += 1
                    m.errors.append(f"{role} import job {url}")
        elif kind == "job":
            for job in [j for j in Job.objects.all() if not should_see(user, j)]:
                url = "/" + pattern.replace("<int:pk>", str(job.pk))
                m.checked[role, "detail"] += 1
                if m.get(role, "detail", url).status_code != 404:
                    m.leaks[role, "detail"] += 1
                    m.errors.append(f"{role} job {url}")
        elif kind == "recycle_bin":
            response = m.get(role, "list", "/recycle-bin/")
            if response.status_code == 200:
                roots = [archive.root_of(entry) for entry, _ in response.context["rows"]]
                m.count(role, "list", user, roots, "recycle bin")
        elif kind == "recycle_purge":
            # The purge page lists everything that goes with the record: only an administrator opens it.
            for entry in Archive.objects.all():
                m.checked[role, "detail"] += 1
                if m.get(role, "detail", f"/recycle-bin/{entry.pk}/purge/").status_code == 200 and (
                    role != "admin"
                ):
                    m.leaks[role, "detail"] += 1
                    m.errors.append(f"{role} purge page of {entry}")
        elif kind == "report":
            run_reports(m, role, user)
        elif kind == "mu_evaluation" and name == "land:evaluation":
            run_mu_evaluation(m, role, user)
        elif kind == "land_overview":
            response = m.get(role, "list", "/land/")
            if response.status_code == 200:
                c = response.context
                rows = [r.zone for r in c["zones"]] + list(c["revive"]) + [v.building for v in c["vacant"]]
                rows += [Building.objects.get(pk=pk) for row in c["occupancy"] for pk in row.building_ids]
                m.count(role, "list", user, rows, "land overview")
        elif kind == "service_overview":
            response = m.get(role, "list", "/service/")
            if response.status_code == 200:
                c = response.context
                m.count(role, "list", user, list(c["unassigned"]) + list(c["not_visited"]), "service")
                m.count(role, "list", user, [r for r, _, _ in c["overdue"]], "service overdue")
        elif kind == "my_service":
            response = m.get(role, "list", "/service/mine/")
            if response.status_code == 200:
                s = response.context["service"]
                rows = [r for r, _ in s["requests"]] + list(s["assignments"]) + list(s["visits"])
                m.count(role, "list", user, rows + list(s["projects"]) + list(s["years"]), "my service")
        elif kind in ("ranking", "zone_result", "entry"):
            run_assessment(m, role, user, kind)
        elif kind == "lead_kanban":
            response = m.get(role, "list", "/attraction/leads/kanban/")
            if response.status_code == 200:
                cards = [lead for _, _, column in response.context["columns"] for lead, _, _ in column]
                m.count(role, "list", user, cards, "kanban")
        elif kind == "lead_collisions":
            response = m.get(role, "list", "/attraction/leads/collisions/")
            if response.status_code == 200:
                m.count(
                    role, "list", user, [lead for g in response.context["groups"] for lead in g], "collisions"
                )
        elif kind == "attraction_report":
            run_attraction_reports(m, role, user)
        elif kind == "chain_report":
            for chain in chain_models.Chain.objects.all():
                m.checked[role, "report"] += 1
                response = m.get(role, "report", f"/chains/{chain.pk}/report/")
                if response.status_code == 200 and not should_see(user, chain):
                    m.leaks[role, "report"] += 1
                    m.errors.append(f"{role} chain report of {chain}")
                elif response.status_code == 200:
                    m.count(
                        role, "report", user, [p for _, p in response.context["report"].projects], "chain"
                    )
        elif kind == "chain_map":
            run_chain_maps(m, role, user)
        elif kind == "service_report":
            run_service_reports(m, role, user)


def run_chain_maps(m: Matrix, role, user):
    """Each map of each chain (counted with the reports): a chain out of sight is a 404; the 产业链图's
    panels list only the placements and target companies of chains the user sees."""
    from jijuqu.chains.map_views import KINDS

    for chain in chain_models.Chain.objects.all():
        for kind in KINDS:
            m.checked[role, "report"] += 1
            response = m.get(role, "report", f"/chains/{chain.pk}/maps/{kind}/")
            if response.status_code == 200 and not should_see(user, chain):
                m.leaks[role, "report"] += 1
                m.errors.append(f"{role} {kind} map of {chain}")
            if response.status_code != 200 or kind != "tree":
                continue
            enterprise_ids, target_ids = set(), set()
            stack = [n for stage in response.context["page"]["data"]["children"] for n in stage["children"]]
            while stack:
                node = stack.pop()
                enterprise_ids |= {e["id"] for e in node["enterprise_list"]}
                target_ids |= {t["id"] for t in node["target_list"]}
                stack.extend(node["children"])
            placements = chain_models.SegmentEnterprise.objects.filter(
                segment__chain=chain, enterprise_id__in=enterprise_ids
            )
            m.count(role, "report", user, placements, f"tree of {chain}")
            m.count(
                role, "report", user, chain_models.TargetCompany.objects.filter(pk__in=target_ids), "tree"
            )


def run_reports(m: Matrix, role, user):
    areas = [*Region.objects.all(), *Zone.objects.all()]
    for area in areas:
        for url in ("/reports/monthly/", "/api/reports/monthly/"):
            kind = "report" if url.startswith("/reports") else "api"
            response = m.get(role, kind, url, area=area.code, period="2024-03")
            m.checked[role, kind] += 1
            opened = response.status_code == 200 and (
                kind == "api" or response.context.get("report") is not None
            )
            if opened and not should_report_on(user, area):
                m.leaks[role, kind] += 1
                m.errors.append(f"{role} {kind} report of {area}")
            if opened and kind == "report":
                page = response.context["report"]
                listed = [
                    *Problem.all_objects.filter(pk__in=page.problem_ids),
                    *ApprovalItem.all_objects.filter(pk__in=page.approval_ids),
                ]
                m.count(role, kind, user, listed, f"report {area}")
                m.count(
                    role, kind, user, Project.all_objects.filter(pk__in=page.lagging_ids), f"report {area}"
                )


def run_attraction_reports(m: Matrix, role, user):
    for area in [*Region.objects.all(), *Zone.objects.all()]:
        for url in ("/attraction/report/", "/api/attraction/figures/"):
            kind = "report" if url.startswith("/attraction") else "api"
            params = (
                {"area": area.code, "period": "2024-03"}
                if kind == "report"
                else {"region": area.code, "year": 2024, "month": 3}
            )
            response = m.get(role, kind, url, **params)
            m.checked[role, kind] += 1
            opened = response.status_code == 200 and (
                kind == "api" or response.context.get("report") is not None
            )
            if opened and not should_report_on(user, area):
                m.leaks[role, kind] += 1
                m.errors.append(f"{role} {kind} attraction report of {area}")
            if opened and kind == "report":
                rows = list(response.context["overdue"])
                m.count(role, kind, user, rows, f"attraction report {area}")


def run_service_reports(m: Matrix, role, user):
    for area in [*Region.objects.all(), *Zone.objects.all()]:
        response = m.get(role, "report", "/service/report/", area=area.code, period="2024-03")
        m.checked[role, "report"] += 1
        opened = response.status_code == 200 and response.context.get("report") is not None
        if opened and not should_report_on(user, area):
            m.leaks[role, "report"] += 1
            m.errors.append(f"{role} service report of {area}")
        if opened:
            rows = [r for r, _, _ in response.context["report"].overdue]
            m.count(role, "report", user, rows, f"service report {area}")


def run_assessment(m: Matrix, role, user, kind):
    for framework in Framework.objects.all():
        if kind == "ranking":
            response = m.get(
                role, "ranking", f"/assessment/frameworks/{framework.pk}/ranking/", period="2024"
            )
            if response.status_code == 200 and response.context.get("rows") is not None:
                m.count(role, "ranking", user, [r.zone for r, _ in response.context["rows"]], "ranking")
            api = m.get(role, "api", f"/api/assessment/frameworks/{framework.pk}/ranking/", period="2024")
            if api.status_code == 200:
                codes = {r["zone"] for r in api.json()["results"]} | {
                    e["zone"] for e in api.json()["excluded"]
                }
                m.count(role, "api", user, list(Zone.objects.filter(code__in=codes)), "api ranking")
        elif kind == "zone_result":
            for zone in Zone.objects.all():
                url = f"/assessment/frameworks/{framework.pk}/ranking/{zone.pk}/"
                response = m.get(role, "ranking", url, period="2024")
                m.checked[role, "ranking"] += 1
                if response.status_code == 200 and not should_see(user, zone):
                    m.leaks[role, "ranking"] += 1
                    m.errors.append(f"{role} zone result {zone}")
        elif kind == "entry":
            response = m.get(role, "ranking", f"/assessment/frameworks/{framework.pk}/entry/", period="2024")
            if response.status_code == 200:
                m.count(role, "ranking", user, [z for z, _ in response.context["grid"]], "entry")


def run_mu_evaluation(m: Matrix, role, user):
    """The 亩均 result list, its notice, one enterprise's result, the API and occupancy: an enterprise
    is listed only to those who may read its yearly figures."""
    for scheme in Scheme.objects.all():
        figures = {y.enterprise_id: y for y in EnterpriseYear.objects.filter(year=2024)}
        for url in (f"/land/schemes/{scheme.pk}/evaluation/", f"/land/schemes/{scheme.pk}/notice/"):
            response = m.get(role, "ranking", url, year=2024)
            if response.status_code == 200 and response.context.get("result") is not None:
                rows = [figures[r.enterprise.pk] for r in response.context["result"].results]
                m.count(role, "ranking", user, rows, url)
        for ent in Enterprise.objects.all():
            url = f"/land/schemes/{scheme.pk}/result/"
            response = m.get(role, "ranking", url, year=2024, enterprise=ent.pk)
            m.checked[role, "ranking"] += 1
            if response.status_code == 200 and (mine := response.context.get("mine")) is not None:
                m.count(role, "ranking", user, [figures[mine.enterprise.pk]], url)
        api = m.get(role, "api", f"/api/land/schemes/{scheme.pk}/evaluation/", year=2024)
        if api.status_code == 200:
            codes = {r["credit_code"] for r in api.json()["results"]}
            rows = [figures[e.pk] for e in Enterprise.objects.filter(credit_code__in=codes)]
            m.count(role, "api", user, rows, "api evaluation")
    response = m.get(role, "api", "/api/land/occupancy/")
    m.checked[role, "api"] += 1
    if response.status_code == 200 and role in ("enterprise",) and response.json():
        m.leaks[role, "api"] += 1
        m.errors.append(f"{role} occupancy: {response.json()}")


def run_api(m: Matrix, role, user):
    for pattern, name in routes():
        kind = classify(name)
        if not (isinstance(kind, tuple) and kind[0] in ("api_list", "api_detail")):
            continue
        what, model = kind
        if what == "api_list":
            url = "/" + pattern
            response = m.get(role, "api", url, limit=1000)
            if response.status_code == 200:
                ids = [item["id"] for item in response.json()["items"]]
                m.count(role, "api", user, list(model.objects.filter(pk__in=ids)), url)
        else:
            param = pattern[pattern.index("<") : pattern.index(">") + 1]
            for obj in all_rows(model):
                url = "/" + pattern.replace(param, str(obj.pk))
                m.checked[role, "api"] += 1
                if m.get(role, "api", url).status_code == 200 and not should_see(user, obj):
                    m.leaks[role, "api"] += 1
                    m.errors.append(f"{role} api {url}: {obj}")


# -- forged writes of scope-deciding fields -----------------------------------------------------------


def may_decide(user, model) -> bool:
    """Who writes a row's scope-deciding fields: administrators and analysts, and zone staff on the rows
    below their zone; never the row's own users."""
    return user.role in ("admin", *PREFIX) or (user.role == "zone" and model is not Zone)


def forged_values(world):
    return {
        Zone: [
            ("region", world.ruzhou_county.pk, "region_id"),
            ("code", "41048299", "code"),
            ("level", "national", "level"),
        ],
        Department: [("region", world.henan.pk, "region_id"), ("zone", world.zone_b.pk, "zone_id")],
        Enterprise: [("zone", world.zone_b.pk, "zone_id")],
        Park: [("zone", world.zone_c.pk, "zone_id")],
    }


def form_data(admin_client, url) -> dict:
    form = admin_client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


def run_forged_writes(m: Matrix, role, user, admin_client):
    for model, changes in forged_values(m.world).items():
        if may_decide(user, model):
            continue
        prefix = {Zone: "zones", Department: "departments", Enterprise: "enterprises", Park: "parks"}[model]
        for obj in model.objects.all():
            url = f"/{prefix}/{obj.pk}/edit/"
            base = form_data(admin_client, url)
            m.client.force_login(user)
            for field, value, attname in changes:
                before = getattr(obj, attname)
                for how in ("page", "api"):
                    with transaction.atomic():
                        if how == "page":
                            m.client.post(url, {**base, field: str(value)})
                        elif model in (Zone, Enterprise):
                            m.client.patch(
                                f"/api/{prefix}/{obj.pk}/", {field: value}, content_type="application/json"
                            )
                        else:
                            continue
                        m.checked[role, "forged"] += 1
                        after = getattr(model.objects.get(pk=obj.pk), attname)
                        if after != before:
                            m.leaks[role, "forged"] += 1
                            m.errors.append(
                                f"{role} forged {how} {model.__name__} {obj} {field}: {before} → {after}"
                            )
                        transaction.set_rollback(True)


KINDS = ["list", "export", "detail", "add", "edit", "delete", "report", "ranking", "api", "forged", "5xx"]


def test_scope_matrix_counts_no_leaks(matrix, client, capsys):
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(matrix.user("admin"))
    m = Matrix(client, matrix)
    for role in ROLES:
        user = matrix.user(role)
        client.force_login(user)
        run_pages(m, role, user)
        run_api(m, role, user)
        run_forged_writes(m, role, user, admin_client)
    with capsys.disabled():
        print("\n\nscope matrix: leaks (rows or pages outside the role's rules) / checked")
        print("role".ljust(11) + "".join(k.rjust(12) for k in KINDS))
        for role in ROLES:
            cells = [
                f"{m.leaks[role, k]}/{m.checked[role, k]}" if k != "5xx" else str(m.leaks[role, k])
                for k in KINDS
            ]
            print(role.ljust(11) + "".join(c.rjust(12) for c in cells))
        print(f"total leaks: {sum(m.leaks.values())}\n")
    assert m.errors == []
    # The matrix really looked: each role had rows checked on lists, details and the API.
    for role in ROLES:
        assert m.checked[role, "list"] > 0 and m.checked[role, "detail"] > 0 and m.checked[role, "api"] > 0
