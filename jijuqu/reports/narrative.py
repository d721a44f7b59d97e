"""The drafted text of the monthly report, in the register of a printed 通报.

Every number is formatted from the report's own figures with the helpers of core.numbers (亿元 and
rates with one decimal, rounded half up), the same ones that format the tables. Sentences adapt to
the data: ahead of or behind time elapsed, ties, groups without a plan, no lagging projects, a
report on a single zone.
"""

from __future__ import annotations

from jijuqu.core.numbers import percent, points, round1, yi
from jijuqu.projects.analysis import (
    LAGGING_KINDS,
    Group,
    gap_phrase,
    milestones_sentence,
    progress_phrase,
)

from .builder import LEVEL_WORDS, MonthlyReport

NUMERALS = "一二三四五六七八九十"


def draft(report: MonthlyReport) -> list[tuple[str, str]]:
    """The report's sections as (heading, paragraph); sections with nothing to say are left out."""
    if report.no_data:
        period = report.period
        return [
            (
                "",
                f"{period.year}年{period.month}月，{report.area.word}{report.subject}尚无数据"
                f"（此前没有年度投资计划或月度进度），本期不作通报。",
            )
        ]
    if report.total.count == 0:
        return [
            ("", f"{report.period.label}，{report.area.word}没有纳入统计的{report.subject}，本期不作通报。")
        ]
    sections = [
        ("总体情况", overall(report)),
        ("节点目标完成情况", milestones(report)),
        ("滞后项目情况", lagging(report)),
        ("问题和审批事项办理情况", overdue(report)),
        ("下一步工作要求", requests(report)),
    ]
    kept = [(heading, text) for heading, text in sections if text]
    return [(f"{NUMERALS[i]}、{heading}", text) for i, (heading, text) in enumerate(kept)]


def names(groups: list[Group]) -> str:
    return "、".join(g.label for g in groups)


def overall(report: MonthlyReport) -> str:
    t, period = report.total, report.period
    text = (
        f"{period.label}，{report.area.word}{t.count}个{report.subject}累计完成投资{yi(t.ytd)}亿元，"
        f"{progress_phrase(t.ytd, t.plan or None, period)}。"
        f"项目总投资{yi(t.total_investment)}亿元，年度计划投资{yi(t.plan)}亿元，"
        f"{period.month}月当月完成投资{yi(t.month_invested)}亿元。"
    )
    if report.area.breakdown == "leader":
        return text  # a single zone: no ranking of places
    return text + ranking(report.groups, report.area.child_word)


def ranking(groups: list[Group], child_word: str) -> str:
    rated = [g for g in groups if g.rate is not None]
    unplanned = [g for g in groups if g.rate is None]
    text = ""
    if len(groups) == 1:
        text = f"项目均位于{groups[0].label}。"
    elif len(rated) >= 2:
        printed = {g.key: percent(g.rate) for g in rated}
        best = [g for g in rated if printed[g.key] == printed[rated[0].key]]
        worst = [g for g in rated if printed[g.key] == printed[rated[-1].key]]
        if len(best) == len(rated):
            text = f"各{child_word}完成率均为{printed[rated[0].key]}。"
        else:
            top = f"{names(best)}完成率{'并列' if len(best) > 1 else ''}最高（{printed[best[0].key]}）"
            bottom = f"{names(worst)}{'并列' if len(worst) > 1 else ''}最低（{printed[worst[0].key]}）"
            text = f"其中，{top}，{bottom}。"
        text += ahead_behind(rated, child_word)
    elif len(rated) == 1:
        text = f"其中，{rated[0].label}完成率{percent(rated[0].rate)}，{gap_phrase(rated[0].gap)}。"
    if unplanned:
        text += f"{names(unplanned)}未下达年度投资计划。"
    return text


def ahead_behind(rated: list[Group], child_word: str) -> str:
    ahead = [g for g in rated if round1(g.gap) > 0]
    behind = [g for g in rated if round1(g.gap) < 0]
    if not behind:
        return f"各{child_word}均达到或超过时序进度。"
    listed = "、".join(f"{g.label}（滞后{points(g.gap)}个百分点）" for g in behind)
    if not ahead:
        return f"各{child_word}均滞后于时序进度：{listed}。"
    return f"{len(ahead)}个{child_word}超过时序进度，{len(behind)}个滞后：{listed}。"


def milestones(report: MonthlyReport) -> str:
    text = milestones_sentence(report.total)
    return f"从节点目标看，{text}。" if text else ""


def lagging(report: MonthlyReport) -> str:
    when = f"截至{report.period.month}月底，"
    counts = report.lagging_counts
    if not report.lagging:
        return when + "没有投资滞后时序进度、计划开工未开工、本月未填报或连续3个月无投资进展的项目。"
    parts = [f"{LAGGING_KINDS[k]}项目{n}个" for k, n in counts.items() if n]
    text = when + "，".join(parts) + f"，共涉及{len(report.lagging)}个项目（名单见附表）。"
    if report.area.breakdown != "leader":
        by_group: dict[str, int] = {}
        for lp in report.lagging:
            by_group[lp.group] = by_group.get(lp.group, 0) + 1
        if len(by_group) > 1:
            most = sorted(by_group.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            text += "滞后项目较多的是" + "、".join(f"{label}（{n}个）" for label, n in most) + "。"
    return text


def overdue(report: MonthlyReport) -> str:
    problems, approvals = report.problems, report.approvals
    if not problems and not approvals:
        return "项目建设中反映的问题均在办理时限内，联审联批事项均未超过办理时限。"
    parts = []
    if problems:
        part = f"{len(problems)}个问题超过办理时限仍未解决"
        raised = [
            f"{LEVEL_WORDS[level]}{n}个"
            for level in (2, 3)
            if (n := sum(1 for p in problems if p.level_at_end == level))
        ]
        if raised:
            part += "，其中已提级至" + "、".join(raised)
        parts.append(part)
    else:
        parts.append("项目建设中反映的问题均在办理时限内")
    if approvals:
        parts.append(f"{len(approvals)}项联审联批事项超过办理时限")
    else:
        parts.append("联审联批事项均未超过办理时限")
    return f"截至{report.period.month}月底，" + "；".join(parts) + "。"


def requests(report: MonthlyReport) -> str:
    behind = [g for g in report.groups if g.gap is not None and round1(g.gap) < 0]
    parts = []
    if report.area.breakdown != "leader" and behind and len(report.groups) > 1:
        parts.append(f"请{names(behind)}对照时序进度，倒排工期、挂图作战，确保完成年度投资目标")
    if report.lagging:
        parts.append("请各包联领导和责任单位对滞后项目逐一督导，限期整改")
    if report.problems or report.approvals:
        parts.append("对超期问题和审批事项，责任单位要说明原因、明确办结时间")
    if not parts:
        return "请各地保持良好态势，持续推进项目建设。"
    return "；".join(parts) + "。"
