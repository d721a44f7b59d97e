from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Assignment, MonitoringPoint, ServiceRequest, Supervisor, Visit

app_name = "service"

urlpatterns = [
    path("service/", views.overview, name="overview"),
    path("service/report/", views.service_report, name="report"),
    path("service/mine/", views.my_service, name="my_service"),
    path("service/requests/<int:pk>/step/", views.request_step, name="request_step"),
    *crud_urls(
        "service/assignments",
        model=Assignment,
        filterset=filtersets.AssignmentFilterSet,
        table=tables.AssignmentTable,
        form=forms.AssignmentForm,
    ),
    *crud_urls(
        "service/visits",
        model=Visit,
        filterset=filtersets.VisitFilterSet,
        table=tables.VisitTable,
        form=forms.VisitForm,
    ),
    *crud_urls(
        "service/requests",
        model=ServiceRequest,
        filterset=filtersets.ServiceRequestFilterSet,
        table=tables.ServiceRequestTable,
        form=forms.ServiceRequestForm,
        detail=views.ServiceRequestView,
    ),
    *crud_urls(
        "service/monitoring-points",
        model=MonitoringPoint,
        filterset=filtersets.MonitoringPointFilterSet,
        table=tables.MonitoringPointTable,
        form=forms.MonitoringPointForm,
    ),
    *crud_urls(
        "service/supervisors",
        model=Supervisor,
        filterset=filtersets.SupervisorFilterSet,
        table=tables.SupervisorTable,
        form=forms.SupervisorForm,
    ),
]
