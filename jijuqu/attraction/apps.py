from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractionConfig(AppConfig):
    name = "jijuqu.attraction"
    label = "attraction"
    verbose_name = _("Investment attraction")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from . import importers_leads
        from .importers import SPEC, import_job
        from .models import Contract, Lead

        register(Kind("contracts", _("signed-contract ledger"), Contract, SPEC, import_job))

        from jijuqu.assessment import sources

        from . import indicators

        sources.register(indicators.INDICATORS, indicators.zone_values)
        register(
            Kind(
                "leads",
                _("investment lead list"),
                Lead,
                importers_leads.SPEC,
                importers_leads.import_job,
                by_period=False,
                fields=importers_leads.team_fields,
            )
        )
