from django.db import models
from django.utils.translation import gettext_lazy as _


class PlotStatus(models.TextChoices):
    RESERVE = "reserve", _("Reserve")
    SUPPLIED = "supplied", _("Supplied")
    BUILDING = "building", _("Under construction")
    PRODUCING = "producing", _("In production")
    IDLE = "idle", _("Idle")
    LOW = "low", _("Low-yield")


# Plots that left the reserve: the land was handed over to a user.
SUPPLIED_STATUSES = {
    PlotStatus.SUPPLIED,
    PlotStatus.BUILDING,
    PlotStatus.PRODUCING,
    PlotStatus.IDLE,
    PlotStatus.LOW,
}
# Plots on which construction has started (or finished).
BUILT_STATUSES = {PlotStatus.BUILDING, PlotStatus.PRODUCING, PlotStatus.LOW}


class PlannedUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    WAREHOUSE = "warehouse", _("Warehousing and logistics")
    RESEARCH = "research", _("Research and development")
    COMMERCIAL = "commercial", _("Commercial services")
    OTHER = "other", _("Other")


class BuildingStatus(models.TextChoices):
    BUILDING = "building", _("Under construction")
    VACANT = "vacant", _("To let")
    LEASED = "leased", _("Let")
    SOLD = "sold", _("Sold")
