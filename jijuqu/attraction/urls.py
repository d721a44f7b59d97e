from django.urls import path

from jijuqu.core.generic import crud_urls

from . import filtersets, forms, tables, views
from .models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget

app_name = "attraction"

urlpatterns = [
    path("attraction/report/", views.attraction_report, name="report"),
    path("attraction/leads/kanban/", views.lead_kanban, name="lead_kanban"),
    path("attraction/leads/collisions/", views.lead_collisions, name="lead_collisions"),
    path("attraction/leads/<int:pk>/stage/", views.lead_stage, name="lead_stage"),
    path("attraction/leads/<int:pk>/award/", views.lead_award, name="lead_award"),
    path("attraction/contracts/<int:pk>/start/", views.contract_start, name="contract_start"),
    *crud_urls(
        "attraction/leads",
        model=Lead,
        filterset=filtersets.LeadFilterSet,
        table=tables.LeadTable,
        form=forms.LeadForm,
        detail=views.LeadView,
        listing=views.LeadListView,
    ),
    *crud_urls(
        "attraction/contacts",
        model=Contact,
        filterset=filtersets.ContactFilterSet,
        table=tables.ContactTable,
        form=forms.ContactForm,
    ),
    *crud_urls(
        "attraction/teams",
        model=Team,
        filterset=filtersets.TeamFilterSet,
        table=tables.TeamTable,
        form=forms.TeamForm,
        detail=views.TeamView,
    ),
    *crud_urls(
        "attraction/targets",
        model=TeamTarget,
        filterset=filtersets.TeamTargetFilterSet,
        table=tables.TeamTargetTable,
        form=forms.TeamTargetForm,
    ),
    *crud_urls(
        "attraction/events",
        model=Event,
        filterset=filtersets.EventFilterSet,
        table=tables.EventTable,
        form=forms.EventForm,
        detail=views.EventView,
    ),
    *crud_urls(
        "attraction/contracts",
        model=Contract,
        filterset=filtersets.ContractFilterSet,
        table=tables.ContractTable,
        form=forms.ContractForm,
        detail=views.ContractView,
    ),
    *crud_urls(
        "attraction/funds",
        model=FundsArrival,
        filterset=filtersets.FundsArrivalFilterSet,
        table=tables.FundsArrivalTable,
        form=forms.FundsArrivalForm,
    ),
]
