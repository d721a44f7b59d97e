from __future__ import annotations

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import library

from .fields import MoneyModelField
from .numbers import plain


class MoneyColumn(tables.Column):
    """An amount in 万元: right-aligned, thousands separators, summed in exports."""

    attrs = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}

    def render(self, value):
        return intcomma(f"{value:.2f}")

    def value(self, value):
        # Exports get the Decimal itself, so Excel holds a number and the 合计 row is exact.
        return value


@library.register
class DecimalColumn(tables.Column):
    """A decimal that is not an amount (a weight, a threshold): 10.0000 prints as 10, 0.1000 as 0.1.
    Every table's column for such a model field is one of these."""

    def render(self, value):
        return plain(value)

    def value(self, value):
        return value

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DecimalField) and not isinstance(field, MoneyModelField):
            return cls(**kwargs)
        return None


class BooleanColumn(tables.BooleanColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", (_("Yes"), _("No")))
        super().__init__(*args, **kwargs)


class BaseTable(tables.Table):
    """Tables link their first column to the object and export every column."""

    # Relations the columns print, joined in the list's query (a query per row otherwise).
    related: tuple[str, ...] = ()

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        per_page = 50
