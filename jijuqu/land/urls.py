from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Building, Plot, PlotFollowUp, Scheme, Tenancy

app_name = "land"

urlpatterns = [
    path("land/", views.overview, name="overview"),
    *crud_urls(
        "land/plots",
        model=Plot,
        filterset=filtersets.PlotFilterSet,
        table=tables.PlotTable,
        form=forms.PlotForm,
        detail=views.PlotView,
    ),
    *crud_urls(
        "land/revival",
        model=PlotFollowUp,
        filterset=filtersets.PlotFollowUpFilterSet,
        table=tables.PlotFollowUpTable,
        form=forms.PlotFollowUpForm,
    ),
    *crud_urls(
        "land/buildings",
        model=Building,
        filterset=filtersets.BuildingFilterSet,
        table=tables.BuildingTable,
        form=forms.BuildingForm,
        detail=views.BuildingView,
    ),
    *crud_urls(
        "land/schemes",
        model=Scheme,
        filterset=filtersets.SchemeFilterSet,
        table=tables.SchemeTable,
        form=forms.SchemeForm,
        detail=views.SchemeView,
    ),
    path("land/schemes/<int:pk>/evaluation/", views.evaluation_page, name="evaluation"),
    path("land/schemes/<int:pk>/notice/", views.notice, name="evaluation_notice"),
    path("land/schemes/<int:pk>/result/", views.enterprise_result, name="enterprise_result"),
    *crud_urls(
        "land/tenancies",
        model=Tenancy,
        filterset=filtersets.TenancyFilterSet,
        table=tables.TenancyTable,
        form=forms.TenancyForm,
    ),
]
