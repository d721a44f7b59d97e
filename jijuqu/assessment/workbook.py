"""A ranking as .xlsx in the office layout (title, note, header), restricted to what the user sees."""

from __future__ import annotations

from jijuqu.core.export import Book, write_table

from .choices import method_description
from .ranking import Ranking


def ranking_xlsx(result: Ranking, user) -> bytes:
    part = result.part_for(user)
    rows = part.results
    groups = result.group_names
    header = [
        "排名",
        "集聚区",
        "综合得分",
        *groups,
        "加减分",
        "星级",
        "星级变化",
        "上期排名",
        "位次变化",
        "排名区间（90%）",
    ]
    body = []
    for r in rows:
        interval = f"{r.interval[0]:g}–{r.interval[2]:g}" if r.interval else ""
        body.append(
            [
                "一票否决" if r.vetoed else r.rank,
                r.zone.name,
                r.score,
                *[r.groups.get(g) for g in groups],
                r.adjustment,
                r.star_name,
                r.star_change,
                r.previous_rank,
                r.rank_change,
                interval,
            ]
        )
    book = Book()
    note = f"{result.label}；{method_description(result.method)}；共{result.ranked}个集聚区参评"
    write_table(
        book.sheet("综合排名"),
        f"{result.framework.name}{result.label}综合排名",
        note,
        header,
        body,
        formats={i: "0.00" for i in range(2, 4 + len(groups))},  # score, group points, adjustment
    )
    ind_header = [
        "集聚区",
        *[
            f"{ind.code} {ind.name}（{ind.unit}）" if ind.unit else f"{ind.code} {ind.name}"
            for ind in result.indicators
        ],
    ]
    write_table(
        book.sheet("指标得分"),
        f"{result.framework.name}{result.label}指标值",
        "各指标原始值；空白为缺失",
        ind_header,
        [[r.zone.name, *[r.values[ind.pk] for ind in result.indicators]] for r in rows],
    )
    return book.content()
