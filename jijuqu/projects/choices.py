from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Started")
    BUILDING = "building", _("Under construction")
    COMPLETED = "completed", _("Completed")
    PRODUCING = "producing", _("In production")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


# The lifecycle 谋划 → 签约 → 开工 → 在建 → 竣工 → 投产. A project without an investment contract
# (技改 of an existing enterprise, government projects) may start straight from 谋划. Any active
# project may be suspended (停缓建) or terminated; a suspended one resumes where it stopped.
S = ProjectStatus
TRANSITIONS = {
    S.PLANNING: {S.SIGNED, S.STARTED, S.SUSPENDED, S.TERMINATED},
    S.SIGNED: {S.STARTED, S.SUSPENDED, S.TERMINATED},
    S.STARTED: {S.BUILDING, S.COMPLETED, S.SUSPENDED, S.TERMINATED},
    S.BUILDING: {S.COMPLETED, S.SUSPENDED, S.TERMINATED},
    S.COMPLETED: {S.PRODUCING},
    S.PRODUCING: set(),
    S.SUSPENDED: {S.TERMINATED},  # plus the status it was suspended from
    S.TERMINATED: set(),
}
# Projects expected to report monthly progress.
REPORTING_STATUSES = {S.STARTED, S.BUILDING}
STATUS_COLOURS = {
    S.PLANNING: "secondary",
    S.SIGNED: "info",
    S.STARTED: "primary",
    S.BUILDING: "primary",
    S.COMPLETED: "success",
    S.PRODUCING: "success",
    S.SUSPENDED: "warning",
    S.TERMINATED: "dark",
}


class ProjectLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial key project")
    CITY = "city", _("City key project")
    COUNTY = "county", _("County key project")


class ProjectKind(models.TextChoices):
    NEW = "new", _("New construction")
    EXPANSION = "expansion", _("Expansion")
    RENOVATION = "renovation", _("Technical renovation")


class ProblemCategory(models.TextChoices):
    LAND = "land", _("Land")
    FUNDING = "funding", _("Funding")
    PROCEDURES = "procedures", _("Procedures")
    FACTORS = "factors", _("Factor supply")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class EscalationLevel(models.IntegerChoices):
    DEPARTMENT = 1, _("Responsible department")
    DEPUTY = 2, _("Leader in charge")
    HEAD = 3, _("Principal leader")
