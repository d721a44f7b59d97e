from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, map_views, tables, views
from .models import (
    ApplicationField,
    Chain,
    ChainTarget,
    ChainVisit,
    Segment,
    SegmentApplication,
    SegmentEnterprise,
    SegmentProject,
    TargetCompany,
    Technology,
)

app_name = "chains"


def crud(prefix, model, detail=None, listing=None):
    name = model.__name__
    return crud_urls(
        prefix,
        model=model,
        filterset=getattr(filtersets, f"{name}FilterSet"),
        table=getattr(tables, f"{name}Table"),
        form=getattr(forms, f"{name}Form"),
        **({"detail": detail} if detail else {}),
        **({"listing": listing} if listing else {}),
    )


urlpatterns = [
    *crud("chains", Chain, views.ChainView, views.ChainListView),
    path("chains/<int:pk>/report/", views.report_page, name="report"),
    path("chains/<int:pk>/maps/<slug:kind>/", map_views.chain_map, name="chain_map"),
    *crud("chains/targets", ChainTarget),
    *crud("chains/segments", Segment, views.SegmentView),
    *crud("chains/placements", SegmentEnterprise),
    *crud("chains/projects", SegmentProject),
    *crud("chains/technologies", Technology),
    *crud("chains/fields", ApplicationField, views.ApplicationFieldView),
    *crud("chains/applications", SegmentApplication),
    *crud("chains/companies", TargetCompany, views.TargetCompanyView),
    path("chains/companies/<int:pk>/turn/", views.target_turn, name="targetcompany_turn"),
    *crud("chains/visits", ChainVisit),
]
