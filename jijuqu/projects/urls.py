from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import (
    AnnualPlan,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    Project,
)

app_name = "projects"

urlpatterns = [
    path("problems/board/", views.ProblemBoardView.as_view(), name="problem_board"),
    path(
        "inspections/notice/",
        type(
            "InspectionNotice",
            (views.InspectionNoticeView,),
            {
                "model": Inspection,
                "filterset": filtersets.InspectionFilterSet,
                "table": tables.InspectionTable,
            },
        ).as_view(),
        name="inspection_notice",
    ),
    path("projects/<int:pk>/status/", views.project_status, name="project_status"),
    path("approvals/<int:pk>/act/", views.approval_act, name="approval_act"),
    path("approvals/<int:pk>/time-limit/", views.approval_time_limit, name="approval_time_limit"),
    path("projects/builders/", views.unmatched_builders, name="unmatched_builders"),
    *crud_urls(
        "projects",
        model=Project,
        filterset=filtersets.ProjectFilterSet,
        table=tables.ProjectTable,
        form=forms.ProjectForm,
        detail=views.ProjectView,
        listing=views.ProjectListView,
    ),
    *crud_urls(
        "progress",
        model=MonthlyProgress,
        filterset=filtersets.MonthlyProgressFilterSet,
        table=tables.MonthlyProgressTable,
        form=forms.MonthlyProgressForm,
        edit=views.MonthlyProgressEditView,
    ),
    *crud_urls(
        "plans",
        model=AnnualPlan,
        filterset=filtersets.AnnualPlanFilterSet,
        table=tables.AnnualPlanTable,
        form=forms.AnnualPlanForm,
    ),
    *crud_urls(
        "problems",
        model=Problem,
        filterset=filtersets.ProblemFilterSet,
        table=tables.ProblemTable,
        form=forms.ProblemForm,
    ),
    *crud_urls(
        "approvals",
        model=ApprovalItem,
        filterset=filtersets.ApprovalItemFilterSet,
        table=tables.ApprovalItemTable,
        form=forms.ApprovalItemForm,
        detail=views.ApprovalItemView,
        listing=views.ApprovalListView,
        edit=views.ApprovalItemEditView,
    ),
    *crud_urls(
        "approval-types",
        model=ApprovalItemType,
        filterset=filtersets.ApprovalItemTypeFilterSet,
        table=tables.ApprovalItemTypeTable,
        form=forms.ApprovalItemTypeForm,
    ),
    *crud_urls(
        "calendar",
        model=CalendarDay,
        filterset=filtersets.CalendarDayFilterSet,
        table=tables.CalendarDayTable,
        form=forms.CalendarDayForm,
        listing=views.CalendarListView,
    ),
    *crud_urls(
        "inspections",
        model=Inspection,
        filterset=filtersets.InspectionFilterSet,
        table=tables.InspectionTable,
        form=forms.InspectionForm,
    ),
]
