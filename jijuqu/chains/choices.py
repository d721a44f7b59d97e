from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    UP = "up", _("Upstream")  # 上游
    MID = "mid", _("Midstream")  # 中游
    DOWN = "down", _("Downstream")  # 下游


# Stages in the chain's order (their codes do not sort so).
STAGE_ORDER = {"up": 0, "mid": 1, "down": 2}


class SegmentKind(models.TextChoices):
    """A 环节 sits directly under its stage; products and technologies hang below a 环节 and never add
    segments of their own to 配套率 (see services.counted_segments)."""

    SEGMENT = "segment", _("Segment")  # 环节
    PRODUCT = "product", _("Product")  # 产品
    TECHNOLOGY = "technology", _("Technology")  # 技术


class Coverage(models.TextChoices):
    STRONG = "strong", _("Strong link")  # 强链
    WEAK = "weak", _("Weak link")  # 弱链
    MISSING = "missing", _("Missing link")  # 缺链


COVERAGE_COLOURS = {Coverage.STRONG: "success", Coverage.WEAK: "warning", Coverage.MISSING: "danger"}


class CompanySize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    UNKNOWN = "", _("Unknown")


class VisitKind(models.TextChoices):
    """四个拜访."""

    LEADING = "leading", _("Leading enterprise")  # 链主企业
    ASSOCIATION = "association", _("Association or chamber of commerce")  # 协会商会
    INSTITUTE = "institute", _("Research institute")  # 科研院所
    EXPERT = "expert", _("Expert")  # 专家


class VisitOutcome(models.TextChoices):
    LEAD = "lead", _("A lead")  # 线索
    PROBLEM = "problem", _("A problem")  # 问题
    AGREEMENT = "agreement", _("An agreement")  # 协议
    NONE = "none", _("Nothing yet")  # 无
