from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = (
        "username",
        "first_name",
        "role",
        "region",
        "zone",
        "department",
        "enterprise",
        "is_active",
    )
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "region", "zone", "department", "enterprise", "phone")}),
    )
    raw_id_fields = ("region", "zone", "department", "enterprise")
