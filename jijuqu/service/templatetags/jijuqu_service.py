from django import template

from jijuqu.core.numbers import percent

register = template.Library()


@register.filter
def rate(value):
    """A ratio as a percentage with one decimal ("—" when there is nothing to count)."""
    return percent(value)
