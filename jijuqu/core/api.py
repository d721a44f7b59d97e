"""The API's shared pieces: authentication, and scoped list / get / save used by every router.

Scope is the same as the pages': every query goes through `restrict(user, action)`, every write
through the same forms and `save_in_scope`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from .forms import form_errors
from .models import ApiToken
from .scope import ADD, CHANGE, VIEW, can
from .services import save_in_scope


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
    obj = get_object_or_404(model.objects.restrict(request.user, VIEW), pk=pk)
    if action != VIEW and not model.objects.restrict(request.user, action).filter(pk=pk).exists():
        raise HttpError(403, "无权修改该记录。")
    return obj


def save_form(request, form_class, data: dict, instance=None):
    """Create or update through the page's form; on error raise 422 with Chinese, field-named errors.

    Fields the client does not send keep their current values (on create: the model's defaults).
    """
    model = form_class._meta.model
    if instance is None:
        if not can(request.user, ADD, model):
            raise HttpError(403, "无权新增该类记录。")
        instance = model()
    elif not model.objects.restrict(request.user, CHANGE).filter(pk=instance.pk).exists():
        raise Http404
    current = form_class(instance=instance, user=request.user)
    data = {**{name: current[name].value() for name in current.fields}, **data}
    form = form_class(data, instance=instance, user=request.user)
    if form.is_valid():
        saved = save_in_scope(form, request.user)
        if saved is not None:
            return saved
    raise ValidationFailed(form_errors(form))
