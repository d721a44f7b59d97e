"""Generic list / detail / edit / delete views. Each domain view only configures them.

Scope is applied here, once: every queryset goes through `restrict(user, action)`, so a view
cannot forget it, and an object outside the user's scope is a 404 whether listed, opened, edited,
deleted or exported.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models.deletion import ProtectedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from . import computed
from .archive import archive, what_goes_with
from .export import XLSX_CONTENT_TYPE, table_to_xlsx
from .fields import MoneyModelField
from .history import history_entries
from .numbers import plain
from .scope import ADD, CHANGE, DELETE, VIEW, can
from .services import save_in_scope, submitted_record


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


class ObjectMixin(LoginRequiredMixin):
    model: type[models.Model]

    def base_queryset(self):
        return self.model.objects.all()

    def scoped(self, action: str = VIEW):
        return self.base_queryset().restrict(self.request.user, action)

    def base_context(self):
        meta = self.model._meta
        user = self.request.user
        return {
            "model_name": meta.verbose_name,
            "model_name_plural": meta.verbose_name_plural,
            "list_url": reverse(url_name(self.model, "list")),
            "add_url": reverse(url_name(self.model, "add")) if can(user, ADD, self.model) else None,
        }


class CountedOnce(Paginator):
    """A paginator that counts a list's rows once for each state of the data (core.computed): counting a
    province's 1.2M monthly reports took 0.4 s a page."""

    @cached_property
    def count(self):
        rows = self.object_list  # django-tables2's BoundRows → TableQuerysetData → the queryset
        while not hasattr(rows, "query") and hasattr(rows, "data"):
            rows = rows.data
        if not hasattr(rows, "query"):
            return super().count
        return computed.count(rows)


class ObjectListView(ObjectMixin, View):
    filterset = None
    table = None
    template_name = "generic/object_list.html"

    def filtered(self):
        """The filterset over the scoped rows; subclasses annotate through base_queryset()."""
        return self.filterset(self.request.GET or None, queryset=self.scoped(VIEW), request=self.request)

    def make_table(self, queryset):
        return self.table(queryset.select_related(*self.table.related))

    def extra_context(self, queryset) -> dict:
        return {}

    def export_title(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def get(self, request):
        filterset = self.filtered()
        if filterset.is_bound and not filterset.is_valid():
            queryset = filterset.queryset.none()
        else:
            queryset = filterset.qs
        table = self.make_table(queryset)
        if request.GET.get("export") == "xlsx":
            return self.export(table)
        RequestConfig(request, paginate={"per_page": 50, "paginator_class": CountedOnce}).configure(table)
        context = {
            **self.base_context(),
            "table": table,
            "filterset": filterset,
            **self.extra_context(queryset),
        }
        if request.htmx and request.htmx.target == "object-table":
            return render(request, "generic/inc/table.html", context)
        return render(request, self.template_name, context)

    def export(self, table) -> HttpResponse:
        response = HttpResponse(table_to_xlsx(table, self.export_title()), content_type=XLSX_CONTENT_TYPE)
        filename = f"{self.model._meta.model_name}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ObjectView(ObjectMixin, View):
    template_name = "generic/object_detail.html"
    fields: list[str] | None = None

    def related_tables(self, obj) -> list[tuple[str, object]]:
        """(title, table) pairs shown under the object; subclasses add them."""
        return []

    def extra_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = get_object_or_404(self.scoped(VIEW), pk=pk)
        context = {
            **self.base_context(),
            "object": obj,
            "rows": object_rows(obj, self.fields),
            "related": self.related_tables(obj),
            "history": history_entries(obj, request.user),
            "edit_url": reverse(url_name(self.model, "edit"), args=[pk])
            if self.scoped(CHANGE).filter(pk=pk).exists()
            else None,
            "delete_url": reverse(url_name(self.model, "delete"), args=[pk])
            if self.scoped(DELETE).filter(pk=pk).exists()
            else None,
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)


def object_rows(obj, fields: list[str] | None) -> list[tuple[str, object]]:
    rows = []
    meta = obj._meta
    names = fields or [
        f.name
        for f in meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.auto_created
        and f.name not in ("created", "updated", "version", "archived")
        # A field the code keeps for itself (not editable, no label given) is no row for users.
        and (f.editable or f._verbose_name is not None)
    ]
    for name in names:
        f = meta.get_field(name)
        if f.many_to_many:
            value = "、".join(str(o) for o in getattr(obj, name).all())
        elif f.choices or hasattr(obj, f"get_{name}_display"):
            # A model may print a coded field itself (codes in a text field): labels, never codes.
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
            if isinstance(value, Decimal):
                # Amounts keep their two decimals; a weight or a threshold drops the padding zeros.
                value = f"{value:,}" if isinstance(f, MoneyModelField) else plain(value)
        rows.append((f.verbose_name, value))
    return rows


class ObjectEditView(ObjectMixin, View):
    form = None
    template_name = "generic/object_edit.html"

    def get_object(self, pk):
        user = self.request.user
        if pk is None:
            if not can(user, ADD, self.model):
                raise PermissionDenied
            return self.model()
        obj = get_object_or_404(self.scoped(VIEW), pk=pk)
        if not self.scoped(CHANGE).filter(pk=pk).exists():
            raise PermissionDenied
        return obj

    def success_url(self, saved) -> str:
        return saved.get_absolute_url()

    def render_form(self, form, obj):
        return render(self.request, self.template_name, {**self.base_context(), "form": form, "object": obj})

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.render_form(self.form(instance=obj, user=request.user, initial=request.GET.dict()), obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        if pk is None:
            # The same create form posted again (double click, back button): land on what it made.
            earlier = submitted_record(request.POST.get("form_token"), request.user, self.model, request.POST)
            if earlier is not None:
                return self.already_saved(earlier)
        form = self.form(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            saved = save_in_scope(form, request.user)
            if saved is not None and form.duplicate:
                return self.already_saved(saved)
            if saved is not None:
                messages.success(request, _("Saved %(object)s.") % {"object": saved})
                return redirect(self.success_url(saved))
        # The page names the record as saved, not as typed into the refused form.
        return self.render_form(form, self.get_object(pk) if pk is not None else obj)

    def already_saved(self, saved):
        messages.info(
            self.request,
            _("This form was already saved as %(object)s; nothing new was made.") % {"object": saved},
        )
        return redirect(self.success_url(saved))


class ObjectDeleteView(ObjectMixin, View):
    template_name = "generic/object_delete.html"

    def get_object(self, pk):
        obj = get_object_or_404(self.scoped(VIEW), pk=pk)
        if not self.scoped(DELETE).filter(pk=pk).exists():
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        obj = self.get_object(pk)
        try:
            groups = what_goes_with(obj)
        except ProtectedError:
            return self.protected(obj)
        return render(request, self.template_name, {**self.base_context(), "object": obj, "groups": groups})

    def post(self, request, pk):
        """Deleting archives: the record and what hangs on it go to the recycle bin, restorable by the
        level above; only an administrator deletes for real, from the recycle bin."""
        obj = self.get_object(pk)
        try:
            archive(obj, request.user)
        except ProtectedError:
            return self.protected(obj)
        messages.success(request, _("Moved %(object)s to the recycle bin.") % {"object": obj})
        return redirect(url_name(self.model, "list"))

    def protected(self, obj):
        messages.error(
            self.request,
            _("%(object)s is still referred to by other records and was not deleted.") % {"object": obj},
        )
        return redirect(obj.get_absolute_url())


def crud_urls(prefix: str, *, model, filterset, table, form, detail=ObjectView, listing=None, edit=None):
    """The five URLs of one object type: <model>_list, <model>, <model>_add, <model>_edit, <model>_delete.

    `detail`, `listing` and `edit` may be subclasses of the generic views (related tables on the
    detail page, annotated lists, another page after saving); the rest is configuration.
    """
    from django.urls import path

    name = model._meta.model_name
    attrs = {"model": model}
    list_view = type(
        f"{model.__name__}ListView",
        (listing or ObjectListView,),
        {**attrs, "filterset": filterset, "table": table},
    )
    edit_view = type(f"{model.__name__}EditView", (edit or ObjectEditView,), {**attrs, "form": form})
    delete_view = type(f"{model.__name__}DeleteView", (ObjectDeleteView,), attrs)
    detail_view = type(f"{model.__name__}View", (detail,), attrs)
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=name),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]
