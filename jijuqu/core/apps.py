from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jijuqu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import tokens  # noqa: F401  (connects the password-change signal)
