from __future__ import annotations

import functools

import django_tables2 as tables
import django_tables2.utils
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import library

from .fields import MoneyModelField
from .numbers import plain

_signature = django_tables2.utils.signature


@functools.lru_cache(maxsize=2048)
def _function_signature(fn):
    return _signature(fn)


def signature(fn):
    """django_tables2's `signature` (which arguments a render_* or linkify callable takes), read once per
    function instead of once per cell: inspect.signature for the 700 cells of a ledger page cost 80 ms.
    A bound method's arguments are its function's without the first (self or cls)."""
    function = getattr(fn, "__func__", None)
    try:
        if function is None:
            return _function_signature(fn)
        args, keywords = _function_signature(function)
    except TypeError:  # an unhashable callable: asked each time, as django_tables2 does
        return _signature(fn)
    return args[1:], keywords


def remember_signatures() -> None:
    """Install `signature` in django_tables2 (its call_with_appropriate looks the name up per call)."""
    django_tables2.utils.signature = signature


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
