"""An evaluation as .xlsx in the office layout (title, note, header), restricted to what the user sees."""

from __future__ import annotations

from jijuqu.assessment.choices import method_description
from jijuqu.core.export import Book, write_table

from .evaluation import MuEvaluation


def evaluation_xlsx(whole: MuEvaluation, part: MuEvaluation) -> bytes:
    """`whole` for the counts in the note, `part` (whole.part_for(user)) for the rows."""
    inds = whole.indicators
    header = [
        "序号",
        "统一社会信用代码",
        "企业名称",
        "所在开发区",
        "评价组别",
        "用地面积（亩）",
        *[f"{i.name}（{i.unit}）" for i in inds],
        *[f"{i.name}得分" for i in inds],
        "加减分",
        "综合得分",
        "组内排名",
        "评价等级",
        "上年等级",
        "等级变化",
    ]
    rows = []
    for n, r in enumerate(part.results, start=1):
        rows.append(
            [
                n,
                r.enterprise.credit_code,
                r.enterprise.name,
                r.enterprise.zone.name,
                r.group_name,
                r.land.quantize(r.land.__class__("0.01")),
                *[r.values.get(i.code) for i in inds],
                *[r.points.get(i.code) for i in inds],
                r.adjustment,
                r.total,
                r.rank,
                r.class_name,
                r.previous_class if r.previous_class is None else (r.previous_class or "不定等级"),
                r.class_change,
            ]
        )
    counts = whole.counts()
    note = (
        f"{whole.year}年；{method_description(whole.scheme.framework)}；共{len(whole.results)}家企业参评："
        f"A类{counts['A']}家、B类{counts['B']}家、C类{counts['C']}家、D类{counts['D']}家、不定等级{counts['']}家"
    )
    book = Book()
    width = len(inds)
    write_table(
        book.sheet("评价结果"),
        f"{whole.scheme.framework.name}{whole.year}年工业企业亩均效益评价结果",
        note,
        header,
        rows,
        formats={
            5: "0.00",
            **{6 + k: "0.0000" for k in range(width)},
            **{6 + width + k: "0.00" for k in range(width + 2)},
        },
    )
    if part.excluded:
        write_table(
            book.sheet("未参评企业"),
            f"{whole.scheme.framework.name}{whole.year}年未参评企业",
            "有用地但未参加评价的企业及原因",
            ["序号", "统一社会信用代码", "企业名称", "原因"],
            [[n, e.credit_code, e.name, why] for n, (e, why) in enumerate(part.excluded, start=1)],
        )
    return book.content()
