from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.IntegerChoices):
    HIGHER = 1, _("Higher is better")
    LOWER = -1, _("Lower is better")


class Normalisation(models.TextChoices):
    MINMAX = "minmax", _("Min-max")
    ZSCORE = "zscore", _("Z-score")
    RANK = "rank", _("Rank")
    TARGET = "target", _("Distance to target")
    GOALPOSTS = "goalposts", _("Goalposts")
    FLOORED = "floored", _("Floored min-max (20 + 80 × position in the range)")
    BENCHMARK = "benchmark", _("Ratio to the benchmark (optionally capped)")


class Subject(models.TextChoices):
    """What a framework evaluates: zones (集聚区考核) or enterprises (亩均效益评价)."""

    ZONE = "zone", _("Zones")
    ENTERPRISE = "enterprise", _("Enterprises")


class Weighting(models.TextChoices):
    FIXED = "fixed", _("Fixed (expert) weights")
    EQUAL = "equal", _("Equal weights")
    ENTROPY = "entropy", _("Entropy weight method")
    AHP = "ahp", _("AHP pairwise comparison")
    PCA = "pca", _("Principal components")


class Aggregation(models.TextChoices):
    ARITHMETIC = "arithmetic", _("Weighted arithmetic mean")
    GEOMETRIC = "geometric", _("Weighted geometric mean")
    RANK_POINTS = "rank_points", _("Points by rank position")


class MissingPolicy(models.TextChoices):
    EXCLUDE = "exclude", _("Exclude the zone")
    GROUP_MEAN = "group_mean", _("Mean of the zone's city")
    ZERO = "zero", _("Worst value")


class StarLevel(models.IntegerChoices):
    """星级: the names 通报 print (fixed Chinese, like the 通报 text)."""

    ONE = 1, "一星级"
    TWO = 2, "二星级"
    THREE = 3, "三星级"
    FOUR = 4, "四星级"
    FIVE = 5, "五星级"
    SIX = 6, "六星级"


def method_description(method) -> str:
    """A ranking method in words ("标准化方法：极差标准化，赋权方法：…"), as the ranking page and its
    export print it; `method` has the four codes (an engine.Method or a Framework)."""
    parts = (
        (_("normalisation"), Normalisation, method.normalisation),
        (_("weighting"), Weighting, method.weighting),
        (_("aggregation"), Aggregation, method.aggregation),
        (_("missing data"), MissingPolicy, method.missing),
    )
    return "，".join(f"{label}：{choices(value).label}" for label, choices, value in parts)
