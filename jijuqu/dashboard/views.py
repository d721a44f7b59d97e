from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .services import home_context


@login_required
def home(request):
    """The month at a glance for whatever part of the province the user sees; a department's or an
    enterprise's own to-do list."""
    return render(request, "dashboard/home.html", home_context(request.user))
