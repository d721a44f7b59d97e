from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Adjustment, Framework, Indicator, IndicatorGroup, IndicatorValue, StarRule

app_name = "assessment"

urlpatterns = [
    path("assessment/frameworks/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("assessment/frameworks/<int:pk>/ranking/<int:zone_pk>/", views.zone_result, name="zone_result"),
    path("assessment/frameworks/<int:pk>/entry/", views.entry, name="entry"),
    path("assessment/frameworks/<int:pk>/feed/", views.feed, name="feed"),
    path("assessment/frameworks/<int:pk>/import/", views.import_file, name="import"),
    *crud_urls(
        "assessment/frameworks",
        model=Framework,
        filterset=filtersets.FrameworkFilterSet,
        table=tables.FrameworkTable,
        form=forms.FrameworkForm,
        detail=views.FrameworkView,
    ),
    *crud_urls(
        "assessment/groups",
        model=IndicatorGroup,
        filterset=filtersets.IndicatorGroupFilterSet,
        table=tables.IndicatorGroupTable,
        form=forms.IndicatorGroupForm,
    ),
    *crud_urls(
        "assessment/indicators",
        model=Indicator,
        filterset=filtersets.IndicatorFilterSet,
        table=tables.IndicatorTable,
        form=forms.IndicatorForm,
    ),
    *crud_urls(
        "assessment/values",
        model=IndicatorValue,
        filterset=filtersets.IndicatorValueFilterSet,
        table=tables.IndicatorValueTable,
        form=forms.IndicatorValueForm,
    ),
    *crud_urls(
        "assessment/adjustments",
        model=Adjustment,
        filterset=filtersets.AdjustmentFilterSet,
        table=tables.AdjustmentTable,
        form=forms.AdjustmentForm,
    ),
    *crud_urls(
        "assessment/star-rules",
        model=StarRule,
        filterset=filtersets.StarRuleFilterSet,
        table=tables.StarRuleTable,
        form=forms.StarRuleForm,
    ),
]
