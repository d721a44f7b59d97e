from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scope import VIEW


class AnyYesNo(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads 全部 (Django's says 未知)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over `search_fields`, whose choices are scoped to the user.

    The same FilterSet serves the list page, its export and the API.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            # An unset filter means "all of them": say so, rather than "---------" or "未知".
            if isinstance(f, django_filters.BooleanFilter):
                f.extra.setdefault("widget", AnyYesNo)
            elif isinstance(f, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                f.extra["empty_label"] = _("All")
            qs = getattr(f, "queryset", None)
            if qs is not None and hasattr(qs, "restrict") and user is not None:
                f.queryset = qs.model.objects.restrict(user, VIEW)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)
