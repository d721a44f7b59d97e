"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.

Layout: registration authority (1), organisation type (1), region code (6 digits),
organisation code (9, GB 11714, itself with a check character), check character (1).

The check character is python-stdnum's (`stdnum.cn.uscc`). Its `validate` is not used: it refuses a
letter as the first two characters, which GB 32100 allows (authority N 农业, Y 其他; type A …), and
its English exceptions would not tell a user which character is wrong. The format checks below keep
our Chinese messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def check_character(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError(f"the check character is computed over 17 characters, not {len(first17)}")
    return uscc.calc_check_digit(first17)


def org_check_character(first8: str) -> str:
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)


def normalize(code: str) -> str:
    """Users paste codes with spaces and lower case; both are harmless and removed."""
    return "".join(code.split()).upper()


def validate_credit_code(value: str) -> None:
    code = normalize(value or "")
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; “%(value)s” has %(n)d.")
            % {"value": value, "n": len(code)}
        )
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "“%(value)s” contains characters not allowed in a unified social credit code: %(chars)s (I, O, S, V and Z are never used)."
            )
            % {"value": value, "chars": ", ".join(bad)}
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of “%(value)s” must be a six-digit region code.") % {"value": value}
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of “%(value)s” is wrong: the last character should be %(expected)s.")
            % {"value": value, "expected": expected}
        )


def make_credit_code(authority: str, org_type: str, region_code: str, org_body: str) -> str:
    """Build a valid code from its parts; `org_body` is the first 8 characters of the organisation code."""
    org = org_body + org_check_character(org_body)
    first17 = authority + org_type + region_code + org
    return first17 + check_character(first17)
