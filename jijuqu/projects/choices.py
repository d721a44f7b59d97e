from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Being handled")
    RETURNED = "returned", _("Returned for correction")
    COMPLETED = "completed", pgettext_lazy("approval item", "Completed")


class ApprovalActionKind(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    COMMENT = "comment", _("Opinion")
    RETURN = "return", _("Return for correction")
    COMPLETE = "complete", _("Complete")
    LIMIT = "limit", _("Time limit changed")


# What a handling department may do to an item in each state. 退回补正 may come before 受理 (the file
# is incomplete: 一次性告知补正) or while handling; a returned item is accepted again once corrected.
# Nothing follows 办结.
A = ApprovalActionKind
APPROVAL_ACTIONS = {
    ApprovalStatus.SUBMITTED: {A.ACCEPT, A.COMMENT, A.RETURN},
    ApprovalStatus.ACCEPTED: {A.COMMENT, A.RETURN, A.COMPLETE},
    ApprovalStatus.RETURNED: {A.ACCEPT, A.COMMENT},
    ApprovalStatus.COMPLETED: set(),
}
APPROVAL_NEXT_STATUS = {
    A.ACCEPT: ApprovalStatus.ACCEPTED,
    A.RETURN: ApprovalStatus.RETURNED,
    A.COMPLETE: ApprovalStatus.COMPLETED,
}
