from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    TOWN = "town", _("Town team")
    INDUSTRY = "industry", _("Industry team")
    PARK = "park", _("Park team")
    SPECIAL = "special", _("Special team")


class LeadSource(models.TextChoices):
    BUSINESS = "business", _("Through existing investors")  # 以商招商
    KINSHIP = "kinship", _("Through hometown ties")  # 亲情招商
    AMBASSADOR = "ambassador", _("Through investment ambassadors")  # 招商大使
    ENCLAVE = "enclave", _("Enclave cooperation")  # 飞地招商
    CLOUD = "cloud", _("Online (cloud visits and signing)")  # 云拜访/云洽谈/云签约
    EVENT = "event", _("Investment promotion event")  # 专题招商会
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """线索 → 接洽 → 在谈 → 签约 → 注册落地 → 开工 → 投产, or 放弃."""

    LEAD = "lead", _("Lead")
    CONTACTED = "contacted", _("In contact")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    REGISTERED = "registered", _("Registered")
    STARTED = "started", _("Started")
    PRODUCING = "producing", _("In production")
    ABANDONED = "abandoned", _("Abandoned")


PIPELINE = [s for s in Stage if s != Stage.ABANDONED]
STAGE_COLOURS = {
    Stage.LEAD: "secondary",
    Stage.CONTACTED: "info",
    Stage.NEGOTIATING: "primary",
    Stage.SIGNED: "success",
    Stage.REGISTERED: "success",
    Stage.STARTED: "success",
    Stage.PRODUCING: "dark",
    Stage.ABANDONED: "light",
}


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Phone call")
    CLOUD = "cloud", _("Online meeting")
    SITE_VISIT = "site_visit", _("Site visit by the company")


class Light(models.TextChoices):
    """Staleness of a lead by its last contact (see services.light)."""

    GREEN = "green", _("Followed up")
    YELLOW = "yellow", _("Follow-up due")
    RED = "red", _("Follow-up overdue")
    ARCHIVED = "archived", _("Dormant")


LIGHT_COLOURS = {
    Light.GREEN: "success",
    Light.YELLOW: "warning",
    Light.RED: "danger",
    Light.ARCHIVED: "secondary",
}

ACTIVE_STAGES_CHOICES = [Stage.LEAD, Stage.CONTACTED, Stage.NEGOTIATING]
