from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import TokenForm
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
