"""Demo data of enterprise service: an official (the zone office's 副主任, led by its 主任) for every
enterprise, visits and requests in 焦作 in every state of the 13710 clock — some late, some rated
不满意 — two supervisors and three monitoring points. Requests go through the same steps as the pages
(service.services), dated back from today so the clock has something to show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from jijuqu.core.models import User
from jijuqu.enterprises.models import Enterprise
from jijuqu.service import services
from jijuqu.service.models import Assignment, MonitoringPoint, ServiceRequest, Supervisor, Visit
from jijuqu.zones.models import Department, Official, Region

CITY = "410800"
REQUESTS = [
    # (title, category, kind)
    ("新建厂房用电增容", "power", "ordinary"),
    ("二期项目用地指标", "land", "major"),
    ("技术工人招聘困难", "labour", "ordinary"),
    ("流动资金贷款续贷", "finance", "ordinary"),
    ("环评审批进度", "approval", "ordinary"),
    ("研发费用补助兑现", "policy", "ordinary"),
    ("物流园区道路破损", "logistics", "ordinary"),
    ("厂区周边交通标识", "other", "ordinary"),
]
# What becomes of each request: (days ago raised, how far it got, rating, on time)
FATES = [
    (2, "raised", "", True),
    (4, "raised", "", False),  # never referred: escalated
    (3, "assigned", "", True),
    (9, "assigned", "", False),  # no first response in time
    (6, "handling", "", True),
    (20, "handling", "", False),  # past its 7 working days
    (8, "answered", "", True),
    (30, "closed", "satisfied", True),
    (40, "closed", "fairly", True),
    (50, "closed", "satisfied", False),  # closed late
    (35, "reopened", "unsatisfied", True),  # 不满意: back with the department
    (60, "closed_after_reopen", "fairly", False),
]


class ServiceDemo:
    def __init__(self, builder, zones, enterprises):
        self.b, self.zones, self.enterprises = builder, zones, enterprises
        self.rng = random.Random(builder.seed + 15)
        self.today = timezone.localdate()

    def build(self) -> None:
        self.build_assignments()
        if ServiceRequest.all_objects.exists():
            return  # requests are history: built once, never rewritten
        self.build_monitoring()
        self.build_visits()
        self.build_requests()
        services.escalate_requests()

    def zone_officials(self) -> dict[int, tuple[Official, Official]]:
        staff: dict[int, dict[str, Official]] = {}
        for o in Official.objects.filter(department__zone__isnull=False).select_related("department"):
            staff.setdefault(o.department.zone_id, {})[o.position] = o
        return {z: (s["副主任"], s["主任"]) for z, s in staff.items() if "副主任" in s and "主任" in s}

    def build_assignments(self) -> None:
        officials = self.zone_officials()
        start = dt.date(self.today.year, 1, 2)
        rows = [
            {
                "enterprise_id": e.pk,
                "official_id": officials[e.zone_id][0].pk,
                "leader_id": officials[e.zone_id][1].pk,
                "started_on": start,
                "ended_on": None,
            }
            for e in Enterprise.objects.only("pk", "zone_id")
            if e.zone_id in officials
        ]
        self.b.sync(Assignment, ("enterprise_id", "official_id"), rows, row_clean=False)

    def jiaozuo_enterprises(self) -> list[Enterprise]:
        return list(
            Enterprise.objects.filter(zone__region__code__startswith=CITY[:4])
            .select_related("zone")
            .order_by("pk")
        )

    def build_monitoring(self) -> None:
        city = Region.objects.get(code=CITY)
        for name, affiliation in (("刘建国", "焦作市人大代表"), ("陈淑芳", "焦作市工商联")):
            Supervisor.objects.create(name=name, region=city, affiliation=affiliation)
        for e in self.jiaozuo_enterprises()[1:4]:
            MonitoringPoint.objects.create(enterprise=e, designated_on=dt.date(self.today.year, 1, 2))

    def build_visits(self) -> None:
        officials = self.zone_officials()
        rows = []
        for i, e in enumerate(self.jiaozuo_enterprises()):
            if e.zone_id not in officials or i % 5 == 4:
                continue  # every fifth not visited this quarter
            rows.append(
                {
                    "enterprise_id": e.pk,
                    "official_id": officials[e.zone_id][0].pk,
                    "date": self.today - dt.timedelta(days=self.rng.randint(1, 80)),
                    "findings": self.rng.choice(
                        ["生产经营正常", "反映用工紧张", "订单增长，计划扩产", "资金周转压力较大"]
                    ),
                }
            )
        self.b.sync(Visit, ("enterprise_id", "date"), rows)

    def moment(self, day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59))))

    def build_requests(self) -> None:
        enterprises = self.jiaozuo_enterprises()
        xingfa = next((e for e in enterprises if e.name == "广东兴发铝业（河南）有限公司"), enterprises[0])
        ziran = Department.objects.get(region__code=CITY, name="焦作市自然资源和规划局")
        city_depts = list(Department.objects.filter(region__code=CITY, zone__isnull=True).order_by("name"))
        users = {
            u.username: u
            for u in User.objects.filter(username__in=["qinyang", "jzziran", "xingfa", "jiaozuo"])
        }
        n = 0
        for round_ in range(3):
            for fate in FATES:
                n += 1
                title, category, kind = REQUESTS[n % len(REQUESTS)]
                enterprise = xingfa if round_ == 0 else enterprises[(n * 7) % len(enterprises)]
                dept = ziran if round_ == 0 or n % 3 == 0 else city_depts[n % len(city_depts)]
                self.play(enterprise, dept, title, category, kind if round_ else "ordinary", fate, users)
        point = MonitoringPoint.objects.select_related("enterprise").first()
        r = services.raise_request(
            ServiceRequest(
                enterprise=point.enterprise,
                title="政务服务窗口排队时间长",
                category="approval",
                kind="monitoring",
                source="point",
            ),
            None,
            self.moment(self.today - dt.timedelta(days=5), 10),
        )
        services.refer(
            r, city_depts[0], users.get("jiaozuo"), self.moment(self.today - dt.timedelta(days=5), 15)
        )

    def play(self, enterprise, dept, title, category, kind, fate, users) -> None:
        ago, reached, rating, on_time = fate
        raised = self.today - dt.timedelta(days=ago)
        user = users.get("xingfa") if enterprise.name.startswith("广东兴发") else None
        r = services.raise_request(
            ServiceRequest(
                enterprise=enterprise,
                title=title,
                category=category,
                kind=kind,
                description=f"{title}，请协调解决。",
            ),
            user,
            self.moment(raised, self.rng.choice([9, 15, 20])),
        )
        if reached == "raised":
            return
        refer_on = r.assign_due if on_time else r.assign_due + dt.timedelta(days=2)
        refer_on = min(refer_on, self.today)
        services.refer(r, dept, users.get("jiaozuo"), self.moment(refer_on, 11))
        if reached == "assigned":
            return
        respond_on = min(
            max(refer_on, r.respond_due if on_time else r.respond_due + dt.timedelta(days=1)), self.today
        )
        services.respond(r, None, self.moment(respond_on, 14), "已电话联系企业，了解具体情况。")
        if reached == "handling":
            return
        answer_on = r.close_due - dt.timedelta(days=1) if on_time else r.close_due + dt.timedelta(days=3)
        answer_on = min(max(answer_on, respond_on), self.today)
        services.answer(r, None, self.moment(answer_on, 16), "已协调相关单位，问题已解决。")
        if reached == "answered":
            return
        if reached in ("reopened", "closed_after_reopen"):
            services.rate(r, None, "unsatisfied", self.moment(answer_on, 20), "答复未解决实际问题。")
            if reached == "reopened":
                return
            again = min(answer_on + dt.timedelta(days=5), self.today)
            services.answer(r, None, self.moment(again, 16), "再次协调，已落实。")
            answer_on = again
        services.rate(r, None, rating, self.moment(min(answer_on + dt.timedelta(days=1), self.today), 9))
