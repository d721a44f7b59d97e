"""{% load datatables %}: the body of a django_tables2 table, written in Python.

django_tables2's template spends five template lookups and an `if` on each cell; a ledger page has 700
cells, and that was most of its 100 ms. `table_body` prints the same rows: each cell as django_tables2
renders it (`BoundRow.items`), its <td> attributes computed once per column unless they depend on the
row (a callable), and the value escaped and localised as `{{ cell }}` would be.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def depends_on_row(bound_column) -> bool:
    """Whether a column's <td> attributes are computed from its row (a callable, given the record)."""
    attrs = {**bound_column._table.attrs, **bound_column.column.attrs}
    td = attrs.get("td", attrs.get("cell", {}))
    return any(callable(value) for value in td.values())


def cell_html(bound_column, cell, context) -> str:
    if bound_column.localize is None:
        return render_value_in_context(cell, context)
    return conditional_escape(localize(cell, use_l10n=bound_column.localize))


@register.simple_tag(takes_context=True)
def table_body(context, table) -> str:
    """The <tbody> django_tables2's `table.tbody` block prints, rows, cells and empty text alike."""
    columns = list(table.columns)
    fixed = {column.name: column.attrs["td"].as_html() for column in columns if not depends_on_row(column)}
    tbody = table.attrs.get("tbody")  # as {{ table.attrs.tbody.as_html }}: empty for a plain dict
    out = [format_html("<tbody {}>", tbody.as_html() if hasattr(tbody, "as_html") else "")]
    empty = True
    for row in table.paginated_rows:
        empty = False
        out.append(format_html("<tr {}>", row.attrs.as_html()))
        for column, cell in row.items():
            attrs = fixed.get(column.name)
            if attrs is None:
                attrs = column.attrs["td"].as_html()
            out.append(f"<td {attrs}>{cell_html(column, cell, context)}</td>")
        out.append("</tr>")
    if empty and table.empty_text:
        out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text))
    out.append("</tbody>")
    return mark_safe("".join(out))
