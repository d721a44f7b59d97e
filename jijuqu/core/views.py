from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from jijuqu.enterprises.models import Enterprise
from jijuqu.zones.models import Park, Zone


@login_required
def home(request):
    user = request.user
    zones = Zone.objects.restrict(user)
    enterprises = Enterprise.objects.restrict(user)
    figures = enterprises.aggregate(
        total=Count("pk"),
        above_scale=Count("pk", filter=Q(above_scale=True)),
        high_tech=Count("pk", filter=Q(high_tech=True)),
    )
    by_zone = list(enterprises.values("zone__name").annotate(n=Count("pk")).order_by("-n", "zone__name")[:15])
    chart = {"names": [row["zone__name"] for row in by_zone], "values": [row["n"] for row in by_zone]}
    context = {
        "zone_count": zones.count(),
        "park_count": Park.objects.restrict(user).count(),
        "figures": figures,
        "chart_json": json.dumps(chart, ensure_ascii=False),
    }
    return render(request, "home.html", context)
