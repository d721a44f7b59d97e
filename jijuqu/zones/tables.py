import django_tables2 as tables

from jijuqu.core.scope import is_government
from jijuqu.core.tables import BaseTable

from .models import Department, Industry, Official, Park, Region, Zone


class RegionTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("code", "name", "level", "parent")


class ZoneTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Zone
        fields = ("code", "name", "region", "level", "kind", "planned_area", "built_area")


class ParkTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Park
        fields = ("name", "zone", "area")


class IndustryTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Industry
        fields = ("code", "name")


class DepartmentTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Department
        fields = ("name", "region", "zone", "phone")


class OfficialTable(BaseTable):
    name = tables.Column(linkify=True)

    @classmethod
    def for_user(cls, queryset, user, **kwargs):
        """The officials' table as `user` may read it: phone numbers for government users only
        (the page, the export and the department page alike)."""
        exclude = tuple(kwargs.pop("exclude", ())) + official_hidden_fields(user)
        return cls(queryset, exclude=exclude, **kwargs)

    class Meta(BaseTable.Meta):
        model = Official
        fields = ("name", "position", "department", "phone")


def official_hidden_fields(user) -> tuple[str, ...]:
    """What of an official `user` may not read: the mobile number, unless they work for the government."""
    return () if is_government(user) else ("phone",)
