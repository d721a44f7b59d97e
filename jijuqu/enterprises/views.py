from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jijuqu.core.generic import ObjectView

from .models import EnterpriseYear
from .tables import EnterpriseYearTable


class EnterpriseView(ObjectView):
    def related_tables(self, obj):
        years = EnterpriseYear.objects.restrict(self.request.user).filter(enterprise=obj)
        return [(_("Yearly figures"), EnterpriseYearTable(years, exclude=("enterprise",)))]
