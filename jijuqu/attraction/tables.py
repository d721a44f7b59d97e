from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jijuqu.core.tables import BaseTable, BooleanColumn, MoneyColumn

from . import services
from .choices import LIGHT_COLOURS, STAGE_COLOURS
from .models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget


class StageColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            STAGE_COLOURS.get(record.stage, "secondary"),
            record.get_stage_display(),
        )

    def value(self, record, value):
        return record.get_stage_display()


class LightColumn(tables.Column):
    """The staleness light of an active lead (green, yellow, red, dormant) by its last contact."""

    def __init__(self, **kwargs):
        super().__init__(_("follow-up"), accessor="last_contact", orderable=True, empty_values=(), **kwargs)

    def render(self, record):
        current = services.lead_light(record)
        if current is None:
            return "—"
        return format_html(
            '<span class="badge rounded-pill text-bg-{} light-{}" title="{}">●</span> {}',
            LIGHT_COLOURS[current],
            current.value,
            current.label,
            current.label,
        )

    def value(self, record):
        current = services.lead_light(record)
        return "" if current is None else str(current.label)


class TeamTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Team
        fields = ("name", "kind", "region", "zone", "department")


class TeamTargetTable(BaseTable):
    team = tables.Column(linkify=True)
    contract_amount = MoneyColumn()
    funds_arrived = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = TeamTarget
        fields = ("team", "year", "signed", "contract_amount", "funds_arrived", "started")


class EventTable(BaseTable):
    name = tables.Column(linkify=True)
    online = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Event
        fields = ("date", "name", "series", "chain", "place", "online", "organiser", "region")


class LeadTable(BaseTable):
    company_name = tables.Column(linkify=True)
    light = LightColumn()
    stage = StageColumn()
    intended_investment = MoneyColumn()
    last_contact = tables.DateColumn(format="Y-m-d", verbose_name=_("last contact"))

    class Meta(BaseTable.Meta):
        model = Lead
        fields = (
            "company_name",
            "light",
            "stage",
            "project_name",
            "intended_investment",
            "industry",
            "source",
            "team",
            "holder",
            "zone",
            "last_contact",
        )


class ContactTable(BaseTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True)

    class Meta(BaseTable.Meta):
        model = Contact
        fields = ("date", "lead", "kind", "note")


class ContractTable(BaseTable):
    name = tables.Column(linkify=True)
    amount = MoneyColumn()
    project = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Contract
        fields = (
            "name",
            "investor_name",
            "amount",
            "signed_on",
            "zone",
            "team",
            "event",
            "registered_on",
            "site_secured_on",
            "started_on",
            "producing_on",
            "project",
        )


class FundsArrivalTable(BaseTable):
    contract = tables.Column(linkify=True)
    month = tables.Column(linkify=True)
    domestic = MoneyColumn()
    foreign_usd = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = FundsArrival
        fields = ("contract", "year", "month", "domestic", "foreign_usd")
