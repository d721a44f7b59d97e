from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Department, Industry, Official, Park, Region, Zone

app_name = "zones"

urlpatterns = [
    *crud_urls(
        "regions",
        model=Region,
        filterset=filtersets.RegionFilterSet,
        table=tables.RegionTable,
        form=forms.RegionForm,
        detail=views.RegionView,
    ),
    *crud_urls(
        "zones",
        model=Zone,
        filterset=filtersets.ZoneFilterSet,
        table=tables.ZoneTable,
        form=forms.ZoneForm,
        detail=views.ZoneView,
    ),
    *crud_urls(
        "parks",
        model=Park,
        filterset=filtersets.ParkFilterSet,
        table=tables.ParkTable,
        form=forms.ParkForm,
        detail=views.ParkView,
    ),
    *crud_urls(
        "industries",
        model=Industry,
        filterset=filtersets.IndustryFilterSet,
        table=tables.IndustryTable,
        form=forms.IndustryForm,
    ),
    *crud_urls(
        "departments",
        model=Department,
        filterset=filtersets.DepartmentFilterSet,
        table=tables.DepartmentTable,
        form=forms.DepartmentForm,
        detail=views.DepartmentView,
    ),
    *crud_urls(
        "officials",
        model=Official,
        filterset=filtersets.OfficialFilterSet,
        table=tables.OfficialTable,
        form=forms.OfficialForm,
        detail=views.OfficialView,
        listing=views.OfficialListView,
    ),
]
