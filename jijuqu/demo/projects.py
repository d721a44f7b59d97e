"""Demo key projects: the seeds' real projects plus synthetic ones, two years of monthly progress up
to the month just ended, annual plans, lifecycle steps, problems, approval items and inspections.

焦作's provincial and city key projects are calibrated to the published 通报 figures: 56 projects,
年度投资计划 647.1亿元, 1-N月累计完成投资 629.0亿元.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from jijuqu.core.periods import Period
from jijuqu.projects.choices import (
    ApprovalActionKind,
    ApprovalStatus,
    ProblemCategory,
    ProjectKind,
    ProjectLevel,
    ProjectStatus,
)
from jijuqu.projects.models import (
    AnnualPlan,
    ApprovalAction,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    Project,
    StatusChange,
)
from jijuqu.projects.reference import load_approval_types, load_calendar
from jijuqu.projects.rules import record_first_level
from jijuqu.projects.services import check_progress_totals, escalate_overdue
from jijuqu.projects.workdays import add_working_days
from jijuqu.zones.models import Department, Official

D = Decimal
CENT = D("0.01")
S = ProjectStatus

# (zone, name, builder, industry, level, kind, total 万元, content)
SEED_PROJECTS = [
    (
        "沁阳市产业集聚区",
        "广东兴发年产10万吨高档铝型材项目",
        "广东兴发铝业（河南）有限公司",
        "有色金属",
        ProjectLevel.PROVINCE,
        ProjectKind.NEW,
        "100000.00",
        "新建熔铸、挤压、表面处理生产线，年产高档铝型材10万吨",
    ),
    (
        "焦作市西部产业集聚区",
        "晋煤天庆现代煤化工项目一期",
        "晋煤天庆煤化工有限公司",
        "化工",
        ProjectLevel.PROVINCE,
        ProjectKind.NEW,
        "400000.00",
        "建设合成氨、尿素及下游精细化工装置",
    ),
    (
        "焦作市马村区产业集聚区",
        "奇瑞汽车焦作发动机生产基地项目",
        "奇瑞汽车河南有限公司",
        "汽车及零部件",
        ProjectLevel.PROVINCE,
        ProjectKind.NEW,
        "250000.00",
        "建设发动机缸体、缸盖机加及装配生产线，年产发动机30万台",
    ),
    (
        "沁阳市产业集聚区",
        "河南恒一锂电日产500万支高倍率锂电池项目",
        "河南恒一锂电科技有限公司",
        "新能源电池",
        ProjectLevel.PROVINCE,
        ProjectKind.NEW,
        "150000.00",
        "建设高倍率圆柱锂电池生产线，日产500万支",
    ),
    (
        "汝州市产业集聚区",
        "汝绣产业园三期",
        "汝州市城市建设投资有限公司",
        "纺织服装",
        ProjectLevel.CITY,
        ProjectKind.EXPANSION,
        "30000.00",
        "建设标准化厂房12万平方米及配套设施",
    ),
    (
        "沁阳市产业集聚区",
        "超威电源智能化改造项目",
        "河南超威电源有限公司",
        "新能源电池",
        ProjectLevel.CITY,
        ProjectKind.RENOVATION,
        "45000.00",
        "铅蓄电池生产线智能化、绿色化改造",
    ),
    (
        "焦作市西部产业集聚区",
        "昊华宇航氯碱装置节能技改项目",
        "昊华宇航化工有限责任公司",
        "化工",
        ProjectLevel.CITY,
        ProjectKind.RENOVATION,
        "38000.00",
        "离子膜电解槽更新及余热回收",
    ),
]

PROJECT_WORDS = [
    "年产{n}万吨{p}项目",
    "{p}生产线建设项目",
    "{p}扩能项目",
    "{p}智能化改造项目",
    "{p}产业园项目",
]
PRODUCTS = {
    "有色金属": "高精铝板带",
    "化工": "精细化学品",
    "生物医药": "原料药",
    "装备制造": "智能装备",
    "汽车及零部件": "汽车零部件",
    "新能源电池": "动力电池",
    "电子信息": "电子元器件",
    "新型建材": "新型墙材",
    "食品加工": "休闲食品",
    "纺织服装": "高端面料",
    "橡胶和塑料制品": "高性能轮胎",
    "金属制品": "精密结构件",
    "钢铁": "特种钢材",
    "造纸": "特种纸",
    "木材家居": "定制家居",
    "软件和信息服务": "数据中心",
    "现代物流": "冷链物流",
}
PROBLEMS = [
    (ProblemCategory.LAND, "项目用地指标未落实", "剩余{n}亩用地指标需省级统筹"),
    (ProblemCategory.FUNDING, "项目资金缺口较大", "银行贷款审批未完成，缺口约{n}00万元"),
    (ProblemCategory.PROCEDURES, "环评手续办理滞后", "环评报告需补充大气环境影响专题"),
    (ProblemCategory.FACTORS, "供电线路未接入", "需新建110千伏专线约{n}公里"),
    (ProblemCategory.ENVIRONMENT, "施工扬尘管控停工", "重污染天气管控期间停工"),
    (ProblemCategory.OTHER, "施工周边群众协调", "临时道路占地补偿未谈妥"),
]

JIAOZUO_TARGET_PLAN = D("6471000.00")  # 647.1亿元
JIAOZUO_TARGET_YTD = D("6290000.00")  # 629.0亿元


def anchor_period(today: dt.date) -> Period:
    """The last closed month: the one the demo's current 通报 reports on (pages open on it)."""
    return Period.closed(today)


def month_end(period: Period) -> dt.date:
    return period.end


def money(value) -> Decimal:
    return D(value).quantize(CENT, rounding=ROUND_DOWN)


class ProjectDemo:
    def __init__(self, builder, zones, industries, enterprises, per_zone: int):
        self.b = builder
        self.zones = zones
        self.industries = industries
        self.enterprises = enterprises
        self.per_zone = per_zone
        self.today = timezone.localdate()
        self.period = anchor_period(self.today)
        self.months = [self.period.months_back(n) for n in range(23, -1, -1)]  # two years, oldest first
        self.rng = random.Random(self.b.seed + 10)

    def build(self):
        types = self.build_reference()
        plans = self.plan_projects()
        self.plan_lifecycle(plans)
        projects = self.b.sync(Project, ("code",), [p["row"] for p in plans])
        for spec in plans:
            spec["obj"] = projects[(spec["row"]["code"],)]
        self.build_status_changes(plans)
        self.build_money(plans)
        self.build_problems(plans)
        self.build_approvals(plans, types)
        self.build_inspections(plans)
        escalate_overdue()

    def build_reference(self):
        # The standard item types and the official calendar, as `jijuqu load_reference` loads them.
        for result in (load_calendar()[0], (types := load_approval_types())[0]):
            self.b.result += result
        self.b.log.append(
            f"{CalendarDay._meta.verbose_name_plural}, {ApprovalItemType._meta.verbose_name_plural}"
        )
        return types[1]

    def plan_projects(self) -> list[dict]:
        rng = self.rng
        zone_staff = {}
        for official in Official.objects.select_related("department").filter(department__zone__isnull=False):
            zone_staff.setdefault(official.department.zone_id, []).append(official)
        city_depts = {}
        for dept in Department.objects.filter(zone__isnull=True).select_related("region"):
            city_depts.setdefault(dept.region.code[:4], []).append(dept)
        zone_depts = {d.zone_id: d for d in Department.objects.filter(zone__isnull=False)}
        specs = []
        counter = 0

        def add(zone, name, builder_name, industry, level, kind, total, content):
            nonlocal counter
            counter += 1
            start_index = rng.randint(0, 14)  # month index in self.months when it started; some earlier
            builder = self.enterprises.get(builder_name)
            specs.append(
                {
                    "row": {
                        "code": f"{zone.region.code[:4]}-{counter:04d}",
                        "name": name,
                        "zone_id": zone.pk,
                        "park_id": None,
                        "builder_name": builder_name,
                        "builder_id": builder.pk if builder else None,
                        "industry_id": self.industries[industry].pk,
                        "level": level,
                        "kind": kind,
                        "total_investment": D(total),
                        "content": content,
                        **planned_dates(self.months[start_index].end.replace(day=1)),
                        "leader_id": rng.choice(zone_staff[zone.pk]).pk,
                        "department_id": rng.choice(
                            [zone_depts[zone.pk], *city_depts[zone.region.code[:4]]]
                        ).pk,
                        "location": f"{zone.name}",
                        "status": S.PLANNING,
                        "actual_start": None,
                        "actual_completion": None,
                        "actual_production": None,
                    },
                    "zone": zone,
                    "start": start_index,
                    "fate": rng.choices(
                        ["normal", "lagging", "stalled", "silent", "suspended", "done", "waiting"],
                        weights=[50, 15, 5, 5, 3, 10, 12],
                    )[0],
                }
            )

        for zone_name, name, builder_name, industry, level, kind, total, content in SEED_PROJECTS:
            add(self.zones[zone_name], name, builder_name, industry, level, kind, total, content)
        jiaozuo = sorted(
            (z for z in self.zones.values() if z.region.code.startswith("4108")), key=lambda z: z.code
        )
        others = sorted(
            (z for z in self.zones.values() if not z.region.code.startswith("4108")), key=lambda z: z.code
        )
        seeded_jiaozuo = sum(1 for s in specs if s["zone"].region.code.startswith("4108"))
        # 焦作's 56 provincial and city key projects: the seeds plus synthetic ones spread over its zones.
        for i in range(56 - seeded_jiaozuo):
            zone = jiaozuo[i % len(jiaozuo)]
            self.add_synthetic(
                add, zone, big=True, level=rng.choice([ProjectLevel.PROVINCE, ProjectLevel.CITY])
            )
        for zone in others:
            for _ in range(self.per_zone):
                self.add_synthetic(add, zone, big=False, level=rng.choice(list(ProjectLevel)))
        return specs

    def add_synthetic(self, add, zone, big: bool, level):
        rng = self.rng
        industry = rng.choice([i.name for i in zone.industries.all()] or list(PRODUCTS))
        product = PRODUCTS[industry]
        while True:
            pattern = rng.choice(PROJECT_WORDS)
            name = (
                f"{rng.choice(['中原', '豫北', '华夏', '新宇', '恒信', '金丰', '宏大', '瑞通'])}"
                f"{pattern.format(n=rng.choice([2, 5, 10, 20, 30]), p=product)}"
            )
            if (zone.pk, name) not in self.names_taken():
                self._taken.add((zone.pk, name))
                break
        total = D(rng.randint(200, 600) * 1000 if big else rng.randint(5, 150) * 1000)
        add(
            zone,
            name,
            f"{zone.region.name}{name[:2]}{industry}有限公司",
            industry,
            level,
            rng.choice(list(ProjectKind)),
            total,
            f"{product}生产及配套设施",
        )

    def names_taken(self):
        if not hasattr(self, "_taken"):
            self._taken = {(self.zones[z].pk, n) for z, n, *_ in SEED_PROJECTS}
        return self._taken

    def plan_lifecycle(self, specs):
        """Each project's dated steps by its fate; the project row gets the resulting status and dates."""
        for spec in specs:
            row, start, fate = spec["row"], spec["start"], spec["fate"]
            signed = self.months[max(0, start - 2)].end.replace(day=15)
            if fate == "waiting":
                # Signed, due to start within the current period, not started yet.
                steps = [(S.SIGNED, min(signed, self.today))]
                row.update(planned_dates(self.period.end.replace(day=1)))
            else:
                started = self.months[start].end.replace(day=min(28, 5 + start))
                steps = [
                    (S.SIGNED, signed),
                    (S.STARTED, started),
                    (S.BUILDING, started + dt.timedelta(days=10)),
                ]
                if fate == "done":
                    completed = self.months[min(22, start + 8)].end
                    steps += [(S.COMPLETED, completed), (S.PRODUCING, completed + dt.timedelta(days=20))]
                elif fate == "suspended":
                    steps.append((S.SUSPENDED, self.months[min(23, start + 5)].end))
            steps = [(status, date) for status, date in steps if date <= self.today]
            actual = dict(steps)
            spec["steps"] = steps
            spec["started"] = actual.get(S.STARTED)
            row.update(
                status=steps[-1][0] if steps else S.PLANNING,
                actual_start=actual.get(S.STARTED),
                actual_completion=actual.get(S.COMPLETED),
                actual_production=actual.get(S.PRODUCING),
            )

    def build_status_changes(self, specs):
        rows = []
        for spec in specs:
            previous = S.PLANNING
            for status, date in spec["steps"]:
                rows.append(
                    {
                        "project_id": spec["obj"].pk,
                        "from_status": previous,
                        "to_status": status,
                        "date": date,
                        "note": "",
                        "user_id": None,
                    }
                )
                previous = status
        self.b.sync(StatusChange, ("project_id", "to_status"), rows)

    def build_money(self, specs):
        rng = self.rng
        plan_rows, progress_rows = [], []
        jiaozuo = []
        factors = {
            "normal": (0.85, 1.25),
            "lagging": (0.35, 0.7),
            "stalled": (0.8, 1.1),
            "silent": (0.8, 1.1),
            "suspended": (0.7, 1.0),
            "done": (1.0, 1.3),
            "waiting": (0, 0),
        }
        for spec in specs:
            p = spec["obj"]
            total = p.total_investment
            years = sorted({m.year for m in self.months})
            plans = {}
            # A year's plan is a monthly pace times the months the project is meant to be building then.
            pace = total * D(rng.randint(25, 45)) / 100 / 12
            start_month = spec["row"]["planned_start"]
            # Finished projects plan only their building months; the rest to the end of each year.
            last = self.months[min(23, spec["start"] + 9)] if spec["fate"] == "done" else None
            for year in years:
                first = start_month.month if start_month.year == year else 1
                final = 12 if last is None or last.year > year else (last.month if last.year == year else 0)
                months = 0 if start_month.year > year else max(0, final - first + 1)
                plans[year] = money(pace * months)
                plan_rows.append(
                    {
                        "project_id": p.pk,
                        "year": year,
                        "planned_investment": plans[year],
                        "target_start": spec["fate"] == "waiting" and year == self.period.year,
                        "target_completion": spec["fate"] == "done",
                        "target_production": spec["fate"] == "done" and year == self.period.year,
                        "milestones": "",
                    }
                )
            spec["plans"] = plans
            spec["progress"] = {}
            if p.zone.region.code.startswith("4108"):
                jiaozuo.append(spec)
            if not spec["started"]:
                continue
            low, high = factors[spec["fate"]]
            done = D(0)
            for index, month in enumerate(self.months):
                if month.end < spec["started"]:
                    continue
                if spec["fate"] == "suspended" and index > spec["start"] + 5:
                    break
                if spec["fate"] == "done" and index > spec["start"] + 9:
                    break
                if spec["fate"] == "stalled" and index >= 21:
                    amount = D(0)
                elif spec["fate"] == "silent" and index == 23:
                    continue
                else:
                    amount = money(pace * D(str(round(rng.uniform(low, high), 3))))
                amount = min(amount, total - done)
                done += amount
                spec["progress"][month] = amount
        self.calibrate_jiaozuo(jiaozuo)
        plans_by_project = {spec["obj"].pk: spec["plans"] for spec in specs}
        for spec in specs:
            for month, amount in spec["progress"].items():
                progress_rows.append(
                    {
                        "project_id": spec["obj"].pk,
                        "year": month.year,
                        "month": month.month,
                        "invested": amount,
                        "progress_text": progress_text(amount, spec),
                    }
                )
        for row in plan_rows:
            row["planned_investment"] = plans_by_project[row["project_id"]][row["year"]]
        self.b.sync(AnnualPlan, ("project_id", "year"), plan_rows)
        # The per-report rule (no total past the total investment) is checked once for all projects.
        self.b.sync(MonthlyProgress, ("project_id", "year", "month"), progress_rows, row_clean=False)
        check_progress_totals([spec["obj"] for spec in specs])

    def calibrate_jiaozuo(self, specs):
        """Scale 焦作's plans and this year's reports so its totals equal the published figures exactly."""
        year, month = self.period.year, self.period.month
        plan_sum = sum(s["plans"][year] for s in specs)
        for spec in specs:
            spec["plans"][year] = money(spec["plans"][year] * JIAOZUO_TARGET_PLAN / plan_sum)
        big = max(specs, key=lambda s: s["plans"][year])
        big["plans"][year] += JIAOZUO_TARGET_PLAN - sum(s["plans"][year] for s in specs)

        def this_year(spec):
            return [m for m in spec["progress"] if m.year == year and m.month <= month]

        ytd = sum(spec["progress"][m] for spec in specs for m in this_year(spec))
        factor = JIAOZUO_TARGET_YTD / ytd
        for spec in specs:
            for m in this_year(spec):
                headroom = spec["obj"].total_investment - sum(spec["progress"].values())
                spec["progress"][m] = min(money(spec["progress"][m] * factor), spec["progress"][m] + headroom)
        gap = JIAOZUO_TARGET_YTD - sum(spec["progress"][m] for spec in specs for m in this_year(spec))
        # The cents left by rounding (or capped by a project's total) go to projects with room.
        for spec in sorted(specs, key=lambda s: -s["obj"].total_investment):
            months = this_year(spec)
            if gap == 0:
                break
            if not months:
                continue
            headroom = spec["obj"].total_investment - sum(spec["progress"].values())
            change = max(min(gap, headroom), -spec["progress"][months[-1]])
            spec["progress"][months[-1]] += change
            gap -= change

    def build_problems(self, specs):
        rng = self.rng
        rows = []
        for spec in specs:
            if not spec["started"] or rng.random() > 0.35:
                continue
            category, title, detail = rng.choice(PROBLEMS)
            raised = self.today - dt.timedelta(days=rng.randint(5, 90))
            deadline = raised + dt.timedelta(days=rng.choice([15, 30, 45, 60, 90]))
            resolved = rng.random() < 0.4 and deadline < self.today
            p = spec["obj"]
            rows.append(
                {
                    "title": title,
                    "description": detail.format(n=rng.randint(2, 80)),
                    "category": category,
                    "project_id": p.pk,
                    "enterprise_id": None,
                    "department_id": p.department_id,
                    "raised_on": raised,
                    "deadline": deadline,
                    "status": "resolved" if resolved else "open",
                    "resolution": "经专题会议协调，已落实解决。" if resolved else "",
                    "resolved_on": deadline - dt.timedelta(days=2) if resolved else None,
                }
            )
        problems = self.b.sync(Problem, ("project_id", "title"), rows)
        for problem in problems.values():
            record_first_level(problem)

    def build_approvals(self, specs, types):
        rng = self.rng
        rows, steps = [], []
        names = list(types)
        # The whole calendar at once; the same exceptions ApprovalItem.save would read.
        exceptions = dict(CalendarDay.objects.values_list("date", "workday"))
        for spec in specs:
            p = spec["obj"]
            first = spec["row"]["planned_start"] - dt.timedelta(days=120)
            for name in rng.sample(names, rng.randint(2, 4)):
                kind = types[name]
                submitted = min(
                    first + dt.timedelta(days=rng.randint(0, 200)), self.today - dt.timedelta(days=3)
                )
                due = add_working_days(submitted, kind.time_limit, exceptions)
                late = rng.random() < 0.2
                done = (
                    due + dt.timedelta(days=rng.randint(1, 10))
                    if late
                    else submitted + dt.timedelta(days=rng.randint(1, max(1, kind.time_limit)))
                )
                completed = (
                    done if done <= self.today - dt.timedelta(days=1) and rng.random() < 0.85 else None
                )
                rows.append(
                    {
                        "project_id": p.pk,
                        "item_type_id": kind.pk,
                        "department_id": p.department_id,
                        "submitted_on": submitted,
                        "status": ApprovalStatus.COMPLETED if completed else ApprovalStatus.ACCEPTED,
                        "time_limit": kind.time_limit,
                        "completed_on": completed,
                        "note": "",
                        "due_on": due,
                    }
                )
                # The log: accepted the working day after submission, then completed.
                accepted = add_working_days(submitted, 1, exceptions)
                steps.append(
                    (p.pk, kind.pk, ApprovalActionKind.ACCEPT, accepted, None, "材料齐全，予以受理。")
                )
                if completed:
                    steps.append(
                        (
                            p.pk,
                            kind.pk,
                            ApprovalActionKind.COMPLETE,
                            completed,
                            completed,
                            "审批通过，已出具批复。",
                        )
                    )
        # due_on is derived in save(); the bulk path sets the same value computed here.
        items = self.b.sync(ApprovalItem, ("project_id", "item_type_id"), rows)
        tz = timezone.get_current_timezone()
        self.b.sync(
            ApprovalAction,
            ("item_id", "kind"),
            [
                {
                    "item_id": items[(project_id, type_id)].pk,
                    "kind": kind,
                    "at": dt.datetime.combine(
                        day, dt.time(10 if kind == ApprovalActionKind.ACCEPT else 16), tz
                    ),
                    "user_id": None,
                    "text": text,
                    "completed_on": completed_on,
                }
                for project_id, type_id, kind, day, completed_on, text in steps
            ],
        )

    def build_inspections(self, specs):
        rng = self.rng
        rows = []
        for spec in specs:
            if not spec["progress"] or rng.random() > 0.15:
                continue
            month = max(spec["progress"])
            date = min(month.end + dt.timedelta(days=8), self.today)
            reported = sum(
                a for m, a in spec["progress"].items() if (m.year, m.month) <= (date.year, date.month)
            )
            verified = money(reported * D(str(round(rng.uniform(0.82, 1.0), 3))))
            rows.append(
                {
                    "project_id": spec["obj"].pk,
                    "date": date,
                    "inspectors": "市发改委核查组",
                    "reported_investment": reported,
                    "verified_investment": verified,
                    "findings": "现场核实形象进度与上报基本相符。"
                    if verified >= reported * D("0.95")
                    else "部分设备款未实际支付，核减相应投资。",
                    "published": True,
                    "published_on": date + dt.timedelta(days=5),
                }
            )
        self.b.sync(Inspection, ("project_id", "date"), rows)


def planned_dates(start: dt.date) -> dict:
    """A plan of 18 months' construction and two months' commissioning from the planned start."""
    return {
        "planned_start": start,
        "planned_completion": start + dt.timedelta(days=548),
        "planned_production": start + dt.timedelta(days=609),
    }


def progress_text(amount: Decimal, spec) -> str:
    if amount == 0:
        return "本月无实物工作量。"
    return {"done": "设备安装调试", "lagging": "主体结构施工，进度偏慢"}.get(spec["fate"], "主体工程施工")
