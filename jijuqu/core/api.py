"""The API's shared pieces: authentication, and scoped list / get / save used by every router.

Scope is the same as the pages': every query goes through `restrict(user, action)`, every write
through the same forms and `save_in_scope`.
"""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, django_auth

from . import computed
from .forms import form_errors
from .scope import ADD, CHANGE, VIEW, can
from .services import save_in_scope, submitted_record
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

    def paginate_queryset(self, queryset, pagination, request, **params):
        """A page past the last row is empty without asking for it: for a zone without reports, the rows
        asked in the list's order (scope as EXISTS, see core.scope) were all 1.2M reports of the province,
        read to find none; the count, asked first, says so at once."""
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if hasattr(queryset, "none") and page["count"] <= pagination.offset:
            page[self.items_attribute] = queryset.none()
        return page

    def _items_count(self, queryset) -> int:
        """Counted once for each state of the data (core.computed), as the pages' lists are."""
        if not hasattr(queryset, "query"):
            return super()._items_count(queryset)
        return computed.count(queryset)


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
