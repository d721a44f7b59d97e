"""Field helpers so every amount of money is declared the same way: Decimal, in 万元."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


def MoneyField(
    verbose_name, *, null: bool = True, blank: bool = True, allow_negative: bool = False, **kwargs
):
    """An amount in 万元 with two decimals (one yuan is 0.0001 万元; 分 are not kept in ledgers)."""
    validators = list(kwargs.pop("validators", []))
    if not allow_negative:
        validators.append(MinValueValidator(Decimal("0")))
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=null,
        blank=blank,
        validators=validators,
        **kwargs,
    )
