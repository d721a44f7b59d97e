from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "jijuqu.service"
    label = "service"
    verbose_name = _("Enterprise service")

    def ready(self):
        from jijuqu.projects import escalation

        from .services import escalate_requests

        escalation.register("requests", escalate_requests, "%d 条企业诉求已升级督办层级。")
