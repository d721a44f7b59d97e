from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import archive
from .forms import TokenForm
from .models import Archive
from .tokens import create_token, revoke, tokens_of


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked user name and address (settings.AXES_LOCKOUT_CALLABLE)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
    }
    return render(request, "registration/locked.html", context, status=429)


class PasswordChange(PasswordChangeView):
    """Django's password change in the site's layout; afterwards the user's API tokens are revoked
    (core.tokens, on the password's save) and the user is told so."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Your password was changed. Your API tokens were revoked: create new ones where systems need them."
            ),
        )
        return response


@login_required
def token_list(request):
    """The user's own API tokens: create one (shown once, on this answer only), list, revoke."""
    new_token = None
    form = TokenForm(initial={"days": settings.JIJUQU_TOKEN_DAYS})
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            new_token = create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
            form = TokenForm(initial={"days": settings.JIJUQU_TOKEN_DAYS})
    context = {"tokens": tokens_of(request.user), "form": form, "new_token": new_token, "now": timezone.now()}
    response = render(request, "registration/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a token in clear
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    if revoke(request.user, pk):
        messages.success(request, _("The token was revoked; systems using it can no longer call the API."))
    else:
        messages.error(request, _("No such token of yours."))
    return redirect("token_list")


# -- recycle bin ----------------------------------------------------------------------------------


@login_required
def recycle_bin(request):
    """Archived (deleted) records within the user's scope, with restore and, for administrators, purge."""
    entries = archive.visible_entries(request.user)
    rows = [(e, archive.can_restore(request.user, e)) for e in entries]
    return render(
        request, "core/recycle_bin.html", {"rows": rows, "can_purge": archive.can_purge(request.user)}
    )


def _entry(request, pk):
    entry = get_object_or_404(Archive.objects.select_related("content_type", "user"), pk=pk)
    if entry not in archive.visible_entries(request.user):
        raise Http404
    return entry


@login_required
@require_POST
def recycle_restore(request, pk):
    entry = _entry(request, pk)
    if not archive.can_restore(request.user, entry):
        raise PermissionDenied
    try:
        count = archive.restore(entry)
    except IntegrityError:
        messages.error(
            request, _("%(object)s conflicts with a record made since; not restored.") % {"object": entry}
        )
        return redirect("recycle_bin")
    messages.success(
        request, _("Restored %(object)s (%(count)s records).") % {"object": entry, "count": count}
    )
    root = archive.root_of(entry)
    return redirect(root.get_absolute_url() if root is not None else "recycle_bin")


@login_required
def recycle_purge(request, pk):
    """An administrator's real delete, after a page listing everything that goes with the record."""
    entry = _entry(request, pk)
    if not archive.can_purge(request.user):
        raise PermissionDenied
    root = archive.root_of(entry)
    if request.method == "POST":
        try:
            archive.purge(entry)
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s is still referred to by other records and was not deleted.")
                % {"object": entry},
            )
        else:
            messages.success(request, _("Deleted %(object)s for good.") % {"object": entry})
        return redirect("recycle_bin")
    groups = archive.what_goes_with(root, unarchived_only=False) if root is not None else []
    return render(request, "core/recycle_purge.html", {"entry": entry, "groups": groups})
