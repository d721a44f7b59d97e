"""The API's shared pieces: authentication, and scoped list / get / save used by every router.

Scope is the same as the pages': every query goes through `restrict(user, action)`, every write
through the same forms and `save_in_scope`.
"""

from __future__ import annotations

from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, django_auth

from .forms import form_errors
from .scope import ADD, CHANGE, VIEW, can
from .services import save_in_scope
from .tokens import create_token, user_for  # noqa: F401  (create_token: tests and scripts import it here)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a live (unexpired, unrevoked) token of an active user."""

    def authenticate(self, request, token):
        user = user_for(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]

# A row id in a request body or query that the code looks up itself (not through a form): bounded to
# the databases' 64-bit keys, as SQLite cannot even bind a larger int (a 500); out of range is a 422.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Pagination(LimitOffsetPagination):
    """limit/offset with bounds, so `offset + limit` always fits the databases' 64-bit LIMIT/OFFSET
    (an offset of 2^63 was a 500 on SQLite and PostgreSQL); out of bounds is a 422 naming the field."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=1_000_000_000)


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
