from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jijuqu.core.generic import ObjectListView, ObjectView
from jijuqu.enterprises.models import Enterprise
from jijuqu.enterprises.tables import EnterpriseTable

from .models import Department, Official, Park, Zone
from .tables import DepartmentTable, OfficialTable, ParkTable, ZoneTable, official_hidden_fields


def scoped(model, user):
    return model.objects.restrict(user)


class RegionView(ObjectView):
    def related_tables(self, obj):
        user = self.request.user
        zones = scoped(Zone, user).filter(obj.below("region"))
        return [(_("Zones"), ZoneTable(zones[:200]))]


class ZoneView(ObjectView):
    def related_tables(self, obj):
        user = self.request.user
        return [
            (_("Parks"), ParkTable(scoped(Park, user).filter(zone=obj))),
            (_("Enterprises"), EnterpriseTable(scoped(Enterprise, user).filter(zone=obj)[:200])),
            (_("Departments"), DepartmentTable(scoped(Department, user).filter(zone=obj))),
        ]


class ParkView(ObjectView):
    def related_tables(self, obj):
        return [(_("Enterprises"), EnterpriseTable(scoped(Enterprise, self.request.user).filter(park=obj)))]


class DepartmentView(ObjectView):
    def related_tables(self, obj):
        user = self.request.user
        return [(_("Officials"), OfficialTable.for_user(scoped(Official, user).filter(department=obj), user))]


class OfficialListView(ObjectListView):
    def make_table(self, queryset):
        return OfficialTable.for_user(queryset, self.request.user)


class OfficialView(ObjectView):
    def get(self, request, pk):
        hidden = official_hidden_fields(request.user)
        self.fields = [
            f.name
            for f in Official._meta.get_fields()
            if getattr(f, "concrete", False)
            and not f.auto_created
            and f.name not in ("created", "updated", *hidden)
        ]
        return super().get(request, pk)
