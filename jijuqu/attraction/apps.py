from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttractionConfig(AppConfig):
    name = "jijuqu.attraction"
    label = "attraction"
    verbose_name = _("Investment attraction")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from .importers import SPEC, import_job
        from .models import Contract

        register(Kind("contracts", _("signed-contract ledger"), Contract, SPEC, import_job))

        from jijuqu.assessment import sources

        from . import indicators

        sources.register(indicators.INDICATORS, indicators.zone_values)
