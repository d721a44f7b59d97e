from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestCategory(models.TextChoices):
    LAND = "land", _("Land use")
    POWER = "power", _("Electricity")
    LABOUR = "labour", _("Labour")
    FINANCE = "finance", _("Financing")
    APPROVAL = "approval", _("Approvals")
    POLICY = "policy", _("Policy delivery")
    LOGISTICS = "logistics", _("Logistics")
    OTHER = "other", _("Other")


class RequestKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    MAJOR = "major", _("Major or difficult")
    # An observation of a 营商环境 monitoring point or supervisor: run on the ordinary clock, counted apart.
    MONITORING = "monitoring", _("Monitoring feedback")


class RequestSource(models.TextChoices):
    ENTERPRISE = "enterprise", _("Raised by the enterprise")
    VISIT = "visit", _("Raised during a visit")
    MONITORING_POINT = "point", _("Monitoring point")
    SUPERVISOR = "supervisor", _("Invited supervisor")


class RequestStatus(models.TextChoices):
    RAISED = "raised", _("Awaiting referral")
    ASSIGNED = "assigned", _("Awaiting first response")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered, awaiting the enterprise's rating")
    CLOSED = "closed", _("Closed")


STATUS_COLOURS = {
    RequestStatus.RAISED: "secondary",
    RequestStatus.ASSIGNED: "info",
    RequestStatus.HANDLING: "primary",
    RequestStatus.ANSWERED: "warning",
    RequestStatus.CLOSED: "success",
}


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY = "fairly", _("Fairly satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


SATISFIED = (Rating.SATISFIED, Rating.FAIRLY)


class StepKind(models.TextChoices):
    RAISE = "raise", _("Raised")
    ASSIGN = "assign", _("Referred to a department")
    RESPOND = "respond", _("First response")
    ANSWER = "answer", _("Answered")
    RATE = "rate", _("Rated")
    REOPEN = "reopen", _("Reopened")
    CALLBACK = "callback", _("Follow-up call")
    ESCALATE = "escalate", _("Escalated")
