"""The menu: one entry per domain object, shown to users whose role may view it."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .scope import ADD, CHANGE, VIEW, can, is_government


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    model: str  # "app_label.ModelName"
    # The action the page's view asks `can` for: the menu asks the same, so it never offers a 403.
    action: str = VIEW
    # Also needed to open the page: government (not enterprise) users only.
    government: bool = False


MENU = [
    (
        _("Key projects"),
        [
            Item(_("Project ledger"), "projects:project_list", "projects.Project"),
            Item(_("Monthly progress"), "projects:monthlyprogress_list", "projects.MonthlyProgress"),
            Item(_("Import a ledger"), "imports:upload", "projects.Project", ADD),
            Item(_("Monthly report"), "reports:monthly", "projects.Project", government=True),
            Item(_("Unmatched builders"), "projects:unmatched_builders", "projects.Project", action=CHANGE),
            Item(_("Annual plans"), "projects:annualplan_list", "projects.AnnualPlan"),
            Item(_("Problem board"), "projects:problem_board", "projects.Problem"),
            Item(_("Problems"), "projects:problem_list", "projects.Problem"),
            Item(_("Joint approval"), "projects:approvalitem_list", "projects.ApprovalItem"),
            Item(_("Inspections"), "projects:inspection_list", "projects.Inspection"),
            Item(_("Inspection notice"), "projects:inspection_notice", "projects.Inspection"),
            Item(_("Approval item types"), "projects:approvalitemtype_list", "projects.ApprovalItemType"),
            Item(_("Working-day calendar"), "projects:calendarday_list", "projects.CalendarDay"),
        ],
    ),
    (
        _("Enterprise service"),
        [
            Item(_("Service overview"), "service:overview", "service.ServiceRequest", government=True),
            Item(_("Service report"), "service:report", "service.ServiceRequest", government=True),
            Item(_("Enterprise requests"), "service:servicerequest_list", "service.ServiceRequest"),
            Item(_("Assignments"), "service:assignment_list", "service.Assignment"),
            Item(_("Visits"), "service:visit_list", "service.Visit"),
            Item(_("Monitoring points"), "service:monitoringpoint_list", "service.MonitoringPoint"),
            Item(_("Invited supervisors"), "service:supervisor_list", "service.Supervisor"),
        ],
    ),
    (
        _("Investment attraction"),
        [
            Item(_("Investment leads"), "attraction:lead_list", "attraction.Lead"),
            Item(_("Pipeline"), "attraction:lead_kanban", "attraction.Lead"),
            Item(_("Collisions"), "attraction:lead_collisions", "attraction.Lead"),
            Item(
                _("Investment attraction report"), "attraction:report", "attraction.Contract", government=True
            ),
            Item(_("Contacts"), "attraction:contact_list", "attraction.Contact"),
            Item(_("Signed contracts"), "attraction:contract_list", "attraction.Contract"),
            Item(_("Funds arrived"), "attraction:fundsarrival_list", "attraction.FundsArrival"),
            Item(_("Investment events"), "attraction:event_list", "attraction.Event"),
            Item(_("Investment teams"), "attraction:team_list", "attraction.Team"),
            Item(_("Team targets"), "attraction:teamtarget_list", "attraction.TeamTarget"),
        ],
    ),
    (
        _("Industrial chains"),
        [
            Item(_("Industrial chains"), "chains:chain_list", "chains.Chain"),
            Item(_("Chain segments"), "chains:segment_list", "chains.Segment"),
            Item(_("Enterprises on segments"), "chains:segmententerprise_list", "chains.SegmentEnterprise"),
            Item(_("Key projects on segments"), "chains:segmentproject_list", "chains.SegmentProject"),
            Item(_("Target companies"), "chains:targetcompany_list", "chains.TargetCompany"),
            Item(_("Chain visits"), "chains:chainvisit_list", "chains.ChainVisit"),
            Item(_("Technologies"), "chains:technology_list", "chains.Technology"),
            Item(_("Application fields"), "chains:applicationfield_list", "chains.ApplicationField"),
            Item(_("Segments' applications"), "chains:segmentapplication_list", "chains.SegmentApplication"),
            Item(_("Chain targets"), "chains:chaintarget_list", "chains.ChainTarget"),
        ],
    ),
    (
        _("Zone assessment"),
        [
            Item(_("Assessment frameworks"), "assessment:framework_list", "assessment.Framework"),
            Item(_("Indicators"), "assessment:indicator_list", "assessment.Indicator"),
            Item(_("Indicator values"), "assessment:indicatorvalue_list", "assessment.IndicatorValue"),
            Item(_("Bonuses, deductions and vetoes"), "assessment:adjustment_list", "assessment.Adjustment"),
            Item(_("Star rules"), "assessment:starrule_list", "assessment.StarRule"),
        ],
    ),
    (
        _("Land and standard factory space"),
        [
            Item(_("Land overview"), "land:overview", "land.Plot"),
            Item(_("Plots"), "land:plot_list", "land.Plot"),
            Item(_("Revival steps"), "land:plotfollowup_list", "land.PlotFollowUp"),
            Item(_("Standard factory buildings"), "land:building_list", "land.Building"),
            Item(_("Tenancies"), "land:tenancy_list", "land.Tenancy"),
            Item(_("Per-mu evaluation"), "land:scheme_list", "land.Scheme"),
        ],
    ),
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
        visible = [
            item
            for item in items
            if can(user, item.action, apps.get_model(item.model))
            and (is_government(user) or not item.government)
        ]
        if visible:
            menu.append((group, visible))
    return menu
