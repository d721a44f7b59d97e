"""{% load numbers %}: numbers on pages as the rest of the app prints them (core.numbers)."""

from __future__ import annotations

from django import template

from jijuqu.core import numbers

register = template.Library()


@register.filter
def plain(value) -> str:
    """{{ weight|plain }}: 10.0000 → 10, 0.1000 → 0.1."""
    return numbers.plain(value)
