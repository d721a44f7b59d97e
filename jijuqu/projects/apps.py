from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "jijuqu.projects"
    label = "projects"
    verbose_name = _("Key projects")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from jijuqu.core.signals import rows_written
        from jijuqu.imports.registry import Kind, register

        from . import escalation, yearly
        from .importers import SPEC, import_job
        from .models import MonthlyProgress, Project
        from .services import escalate_overdue

        post_save.connect(yearly.report_saved, sender=MonthlyProgress, dispatch_uid="yearly-saved")
        post_delete.connect(yearly.report_saved, sender=MonthlyProgress, dispatch_uid="yearly-deleted")
        rows_written.connect(yearly.reports_written, sender=MonthlyProgress, dispatch_uid="yearly-bulk")

        escalation.register("problems", escalate_overdue, "%d 个问题已升级督办层级。")

        register(
            Kind(
                "projects",
                _("key-project ledger"),
                Project,
                SPEC,
                import_job,
                options=(("update_details", _("Also update the projects' details from this ledger")),),
                progress=True,
            )
        )
