"""Field helpers so every amount of money is declared the same way: Decimal, in 万元."""

from __future__ import annotations

import decimal
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from .money import MAX, MoneyError, parse_money


class MoneyFormField(forms.DecimalField):
    """An amount as people type it, read by the one money parser (core.money): "1.2亿" is 12000万元,
    "约8000" is refused with a Chinese message naming the field, never saved as 8000."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(*args, **kwargs)
        # A text box: a number box would drop "1.2亿" in the browser and post nothing.
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.pop("step", None)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_money(value)  # the page and the API put the field's label before the message
        except MoneyError as err:
            raise ValidationError(str(err), code="invalid") from err

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs


WIDE = decimal.Context(prec=60)


class MoneyModelField(models.DecimalField):
    """A DecimalField (so migrations see one) that reads back any stored value and edits as money.

    SQLite stores a decimal as a REAL; one stored out of range before amounts were bounded (such as
    99999999999999.99, which reads back as 1E+14) made Django's converter raise InvalidOperation on
    every page that read the row. A wide quantize context reads it as the number it is.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    @property
    def context(self):
        return WIDE

    def to_python(self, value):
        if isinstance(value, float):
            value = Decimal(repr(value))
        return super().to_python(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})


def MoneyField(
    verbose_name, *, null: bool = True, blank: bool = True, allow_negative: bool = False, **kwargs
):
    """An amount in 万元 with two decimals (one yuan is 0.0001 万元; 分 are not kept in ledgers),
    below core.money.MAX, so it is exact in SQLite and PostgreSQL alike."""
    validators = list(kwargs.pop("validators", []))
    if not allow_negative:
        validators.append(MinValueValidator(Decimal("0")))
    return MoneyModelField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=null,
        blank=blank,
        validators=validators,
        **kwargs,
    )


__all__ = ["MAX", "MoneyField", "MoneyFormField", "MoneyModelField"]
