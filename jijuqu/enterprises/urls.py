from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Enterprise, EnterpriseYear

app_name = "enterprises"

urlpatterns = [
    *crud_urls(
        "enterprises",
        model=Enterprise,
        filterset=filtersets.EnterpriseFilterSet,
        table=tables.EnterpriseTable,
        form=forms.EnterpriseForm,
        detail=views.EnterpriseView,
    ),
    *crud_urls(
        "years",
        model=EnterpriseYear,
        filterset=filtersets.EnterpriseYearFilterSet,
        table=tables.EnterpriseYearTable,
        form=forms.EnterpriseYearForm,
    ),
]
