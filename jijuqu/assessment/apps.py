from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "jijuqu.assessment"
    label = "assessment"
    verbose_name = _("Zone assessment")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from .importers import import_job, indicator_fields, job_spec
        from .models import IndicatorValue

        register(
            Kind(
                "indicators",
                _("indicator values"),
                IndicatorValue,
                job_spec,
                import_job,
                by_period=False,
                fields=indicator_fields,
            )
        )
