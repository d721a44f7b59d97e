from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, Industry, Official, Park, Region, Zone


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Zone)
class ZoneAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "region", "level", "kind", "planned_area")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    autocomplete_fields = ("region",)


@admin.register(Park)
class ParkAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone", "area")
    search_fields = ("name", "zone__name")


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "region", "zone")
    search_fields = ("name",)


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ("name", "position", "department")
    search_fields = ("name", "position")
