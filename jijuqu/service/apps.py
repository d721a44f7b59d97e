from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "jijuqu.service"
    label = "service"
    verbose_name = _("Enterprise service")

    def ready(self):
        from jijuqu.imports.registry import Kind, register
        from jijuqu.projects import escalation

        from .importers import SPEC, import_job
        from .models import Assignment
        from .services import escalate_requests

        register(
            Kind(
                "assignments",
                _("enterprise assignments (包联)"),
                Assignment,
                SPEC,
                import_job,
                by_period=False,
            )
        )

        escalation.register("requests", escalate_requests, "%d 条企业诉求已升级督办层级。")

        from jijuqu.assessment import sources

        from . import indicators

        sources.register(indicators.INDICATORS, indicators.zone_values)
