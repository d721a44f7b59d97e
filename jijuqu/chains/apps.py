from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "jijuqu.chains"
    label = "chains"
    verbose_name = _("Industrial chains")

    def ready(self):
        from jijuqu.imports.registry import Kind, register

        from .importers import SEGMENT_SPEC, TARGET_SPEC, chain_fields, segments_job, targets_job
        from .models import SegmentEnterprise, TargetCompany

        register(
            Kind(
                "chain_segments",
                _("chain segments and their enterprises"),
                SegmentEnterprise,
                SEGMENT_SPEC,
                segments_job,
                by_period=False,
                fields=chain_fields,
            )
        )
        register(
            Kind(
                "chain_targets",
                _("target companies of a chain"),
                TargetCompany,
                TARGET_SPEC,
                targets_job,
                by_period=False,
                fields=chain_fields,
            )
        )
