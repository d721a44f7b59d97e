from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "jijuqu.land"
    label = "land"
    verbose_name = _("Land and standard factory space")

    def ready(self):
        from jijuqu.enterprises.models import EnterpriseYear
        from jijuqu.imports.registry import Kind, register

        from .importers import SPEC, import_job, year_fields

        register(
            Kind(
                "mu_inputs",
                _("per-mu evaluation inputs"),
                EnterpriseYear,
                SPEC,
                import_job,
                by_period=False,
                fields=year_fields,
            )
        )
