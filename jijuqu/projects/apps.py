from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "jijuqu.projects"
    label = "projects"
    verbose_name = _("Key projects")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from . import escalation
        from .importers import SPEC, import_job
        from .models import Project
        from .services import escalate_overdue

        escalation.register("problems", escalate_overdue, "%d 个问题已升级督办层级。")

        register(
            Kind(
                "projects",
                _("key-project ledger"),
                Project,
                SPEC,
                import_job,
                options=(("update_details", _("Also update the projects' details from this ledger")),),
            )
        )
