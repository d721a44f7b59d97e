from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jijuqu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import collector, computed, planner, signals, tables, tokens  # noqa: F401  (tokens connects the password-change signal)

        tables.remember_signatures()
        collector.connect()

        post_save.connect(computed.business_row_saved, dispatch_uid="computed-saved")
        post_delete.connect(computed.business_row_saved, dispatch_uid="computed-deleted")
        signals.rows_written.connect(computed.rows_written, dispatch_uid="computed-bulk")
        # Once per migrate (post_migrate is sent for every app; this one is the core's).
        post_migrate.connect(planner.after_migrate, sender=self, dispatch_uid="planner-after-migrate")
