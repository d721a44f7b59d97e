from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    PROVINCE = "province", _("Province analyst")
    CITY = "city", _("City analyst")
    COUNTY = "county", _("County analyst")
    ZONE = "zone", _("Zone staff")
    DEPARTMENT = "department", _("Department staff")
    ENTERPRISE = "enterprise", _("Enterprise user")


# Region roles see the part of the region tree below their region; the role names the level.
REGION_ROLES = {Role.PROVINCE: "province", Role.CITY: "city", Role.COUNTY: "county"}
