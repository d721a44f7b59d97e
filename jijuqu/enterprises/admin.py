from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enterprise, EnterpriseYear


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "credit_code", "zone", "industry", "above_scale", "high_tech")
    list_filter = ("above_scale", "high_tech")
    search_fields = ("name", "credit_code")


@admin.register(EnterpriseYear)
class EnterpriseYearAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "year", "output_value", "revenue", "tax")
    list_filter = ("year",)
    search_fields = ("enterprise__name",)
