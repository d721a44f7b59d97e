"""A table's body written in Python (core.templatetags.datatables) is the body django_tables2's own
template prints: the same rows, cells, attributes, escaping and localisation."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import django_tables2 as tables
from django.test import RequestFactory
from django.utils.safestring import mark_safe

THEIRS = "django_tables2/bootstrap5.html"
OURS = "generic/inc/datatable.html"


class Sample(tables.Table):
    name = tables.Column(attrs={"td": {"class": "project-name"}})
    flag = tables.Column(attrs={"td": {"data-flag": lambda record: record["flag"]}})  # per row
    amount = tables.Column(localize=True)
    code = tables.Column(localize=False)
    day = tables.Column()
    note = tables.Column(empty_values=())

    class Meta:
        attrs = {"class": "table table-sm", "tbody": {"class": "rows"}}
        row_attrs = {"class": lambda record: "lagging" if record["flag"] == "x" else ""}
        orderable = True

    def render_note(self, record):
        return mark_safe("<em>ok</em>") if record["flag"] == "x" else "<i>typed</i>"


ROWS = [
    {
        "name": "<script>项目</script>",
        "flag": "x",
        "amount": Decimal("12345.60"),
        "code": 12345,
        "day": dt.date(2024, 3, 5),
    },
    {"name": "甲 & 乙", "flag": "y", "amount": None, "code": 7, "day": None},
]


def _html(template: str, rows, **kwargs) -> str:
    request = RequestFactory().get("/projects/", {"sort": "name"})
    table = Sample(rows, template_name=template, order_by="name", **kwargs)
    html = table.as_html(request)
    # Whitespace between tags is the template's layout, not the table's content.
    return re.sub(r"\s+>", ">", re.sub(r">\s+<", "><", html)).strip()


def _body(html: str) -> str:
    return html[html.index("<tbody") : html.index("</tbody>")]


def test_the_body_is_the_one_django_tables2_prints():
    ours, theirs = _html(OURS, ROWS), _html(THEIRS, ROWS)
    assert _body(ours) == _body(theirs)
    assert ours == theirs
    body = _body(ours)
    assert "&lt;script&gt;项目&lt;/script&gt;" in body and "<script>" not in body
    assert 'data-flag="x"' in body and 'data-flag="y"' in body  # computed for each row
    assert "<em>ok</em>" in body and "&lt;i&gt;typed&lt;/i&gt;" in body
    assert '<tbody class="rows">' in body and 'class="lagging' in body


def test_an_empty_table_says_so_as_django_tables2_does():
    ours = _html(OURS, [], empty_text="没有记录")
    assert ours == _html(THEIRS, [], empty_text="没有记录")
    assert '<td colspan="6">没有记录</td>' in ours
