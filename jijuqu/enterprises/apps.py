from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "jijuqu.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from .importers import SPEC, import_job
        from .models import Enterprise

        register(Kind("enterprises", _("enterprise list"), Enterprise, SPEC, import_job, by_period=False))
