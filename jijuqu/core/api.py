"""The API's shared pieces: authentication, and scoped list / get / save used by every router.

Scope is the same as the pages': every query goes through `restrict(user, action)`, every write
through the same forms and `save_in_scope`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from .forms import form_errors
from .models import ApiToken
from .scope import ADD, CHANGE, VIEW, can
from .services import save_in_scope, submitted_record


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str) -> str:
    token = "jjq_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=digest(token))
    return token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
        if row is None or not row.user.is_active or (row.expires and row.expires < timezone.now()):
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        request.user = row.user
        return row.user


AUTH = [TokenAuth(), django_auth]


class ValidationFailed(HttpError):
    def __init__(self, errors: dict):
        super().__init__(422, "validation failed")
        self.errors = errors


def scoped_list(request, model, filterset):
    queryset = model.objects.restrict(request.user, VIEW)
    fs = filterset(request.GET, queryset=queryset, request=request)
    if not fs.is_valid():
        raise ValidationFailed(form_errors(fs.form))
    return fs.qs


def scoped_get(request, model, pk: int, action: str = VIEW):
    """The object if the user may see it (404 otherwise) and may `action` it (403); its version is
    sent as the ETag, for the client to send back as If-Match when it changes the object."""
    obj = get_object_or_404(model.objects.restrict(request.user, VIEW), pk=pk)
    if action != VIEW and not model.objects.restrict(request.user, action).filter(pk=pk).exists():
        raise HttpError(403, "无权修改该记录。")
    set_etag(request, obj)
    return obj


def set_etag(request, obj) -> None:
    response = getattr(request, "api_response", None)  # see JijuquAPI.create_temporal_response
    if response is not None and getattr(obj, "version", None) is not None:
        response["ETag"] = f'"{obj.version}"'


def if_match(request) -> set[str] | None:
    """The versions an If-Match header accepts ("*" for any); None without the header."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()}


class PreconditionFailed(HttpError):
    def __init__(self, version: int):
        super().__init__(
            412, f"该记录已被他人修改（当前版本 {version}），未保存任何内容；请重新读取后再修改。"
        )


def save_form(request, form_class, data: dict, instance=None):
    """Create or update through the page's form; on error raise 422 with Chinese, field-named errors.

    An update writes only the fields the client sent: the row is read again under a lock (SELECT ...
    FOR UPDATE; on SQLite the transaction holds the write lock from its start), the fields sent are laid
    over it, and it is saved before the lock is released, so concurrent updates of other fields are
    kept and increments are not lost. With If-Match, a version other than the current one is a 412.
    A create with an Idempotency-Key header that was already used returns the record made then.
    """
    model = form_class._meta.model
    user = request.user
    if instance is None:
        if not can(user, ADD, model):
            raise HttpError(403, "无权新增该类记录。")
        token = request.headers.get("Idempotency-Key", "")[:64]
        earlier = submitted_record(token, user)
        if earlier is not None:
            return earlier
        return _save(request, form_class, model(), {**data, "form_token": token})
    with transaction.atomic():
        locked = (
            model.objects.restrict(user, CHANGE)
            .select_for_update(of=("self",))
            .filter(pk=instance.pk)
            .first()
        )
        if locked is None:
            raise Http404
        accepted = if_match(request)
        if accepted is not None and "*" not in accepted and str(locked.version) not in accepted:
            raise PreconditionFailed(locked.version)
        return _save(request, form_class, locked, {**data, "row_version": locked.version})


def _save(request, form_class, instance, data: dict):
    current = form_class(instance=instance, user=request.user)
    data = {**{name: current[name].value() for name in current.fields}, **data}
    form = form_class(data, instance=instance, user=request.user)
    if form.is_valid():
        saved = save_in_scope(form, request.user)
        if saved is not None:
            set_etag(request, saved)
            return saved
    raise ValidationFailed(form_errors(form))
