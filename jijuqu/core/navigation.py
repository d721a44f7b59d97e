"""The menu: one entry per domain object, shown to users whose role may view it."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .scope import VIEW, can


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    model: str  # "app_label.ModelName"


MENU = [
    (
        _("Zones"),
        [
            Item(_("Zones"), "zones:zone_list", "zones.Zone"),
            Item(_("Parks"), "zones:park_list", "zones.Park"),
            Item(_("Regions"), "zones:region_list", "zones.Region"),
            Item(_("Industries"), "zones:industry_list", "zones.Industry"),
            Item(_("Departments"), "zones:department_list", "zones.Department"),
            Item(_("Officials"), "zones:official_list", "zones.Official"),
        ],
    ),
    (
        _("Enterprises"),
        [
            Item(_("Enterprises"), "enterprises:enterprise_list", "enterprises.Enterprise"),
            Item(_("Yearly figures"), "enterprises:enterpriseyear_list", "enterprises.EnterpriseYear"),
        ],
    ),
]


def menu_for(user) -> list[tuple[str, list[Item]]]:
    menu = []
    for group, items in MENU:
        visible = [item for item in items if can(user, VIEW, apps.get_model(item.model))]
        if visible:
            menu.append((group, visible))
    return menu
