"""API tokens: made, checked, listed and revoked here, for the API, the token page and the command.

A token acts as its user within the user's scope. Only its SHA-256 digest is stored, it always has an
expiry (settings.JIJUQU_TOKEN_DAYS by default), and changing the password revokes all of a user's
tokens: whoever learned the old password may have made one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import ApiToken, User

MAX_DAYS = 3650


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str, days: int | None = None) -> str:
    """Make a token for `user` valid for `days` (the setting's default when None); return it — the
    only time it is ever shown."""
    days = settings.JIJUQU_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    token = "jjq_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, digest=digest(token), expires=timezone.now() + dt.timedelta(days=days)
    )
    return token


def user_for(token: str) -> User | None:
    """The active user a live token acts as (and note its use), or None."""
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), expires__gt=now, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def revoke(user, pk: int) -> bool:
    """Revoke one of `user`'s own tokens; False if `user` has no such token."""
    deleted, _ = tokens_of(user).filter(pk=pk).delete()
    return bool(deleted)


def revoke_all(user) -> int:
    deleted, _ = tokens_of(user).delete()
    return deleted


@receiver(post_save, sender=User, dispatch_uid="revoke_tokens_on_password_change")
def revoke_tokens_on_password_change(sender, instance, created, raw, **kwargs):
    # Django keeps the new raw password in `_password` from set_password() until the save is done
    # (it is how it notifies password validators). A login that only re-hashes the same password with
    # a newer hasher clears it before saving, so that does not revoke anything.
    if not created and not raw and getattr(instance, "_password", None) is not None:
        revoke_all(instance)
