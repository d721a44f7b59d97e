"""Who did something, as the reader may see it (core.history.author)."""

from __future__ import annotations

from django import template

from jijuqu.core.history import author

register = template.Library()


@register.filter
def seen_by(user, viewer):
    """`{{ change.user|seen_by:request.user }}`: the login for government readers, the role for others."""
    return author(user, viewer)
