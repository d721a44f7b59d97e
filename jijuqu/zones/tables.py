import django_tables2 as tables

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

    class Meta(BaseTable.Meta):
        model = Official
        fields = ("name", "position", "department", "phone")
