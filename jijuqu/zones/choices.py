from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


# Length of the GB/T 2260 code prefix shared by everything below a region of each level.
PREFIX_LENGTH = {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4, RegionLevel.COUNTY: 6}
PARENT_LEVEL = {RegionLevel.CITY: RegionLevel.PROVINCE, RegionLevel.COUNTY: RegionLevel.CITY}


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")


class ZoneKind(models.TextChoices):
    CLUSTER = "cluster", _("Industrial cluster zone")
    ECONOMIC = "economic", _("Economic and technological development zone")
    HIGH_TECH = "high_tech", _("High-tech industrial development zone")
    BONDED = "bonded", _("Comprehensive bonded zone")
    OTHER = "other", _("Other development zone")
