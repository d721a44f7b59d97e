from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.forms import Form, ScopedModelForm

from . import services
from .choices import ContactKind, Stage
from .models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget


class TeamForm(ScopedModelForm):
    class Meta:
        model = Team
        fields = ["name", "kind", "region", "zone", "department", "members"]


class TeamTargetForm(ScopedModelForm):
    class Meta:
        model = TeamTarget
        fields = ["team", "year", "signed", "contract_amount", "funds_arrived", "started"]


class EventForm(ScopedModelForm):
    class Meta:
        model = Event
        fields = ["name", "series", "chain", "date", "place", "online", "organiser", "region", "zone"]


class LeadForm(ScopedModelForm):
    """A lead; entering a company another team holds (撞单) is refused with who holds it, unless the
    user ticks that they record it anyway, for a supervisor to decide."""

    record_anyway = forms.BooleanField(
        label=_("record it anyway (another team holds this company; a supervisor decides)"), required=False
    )

    class Meta:
        model = Lead
        fields = [
            "company_name",
            "credit_code",
            "headquarters",
            "project_name",
            "industry",
            "chain_segment",
            "intended_investment",
            "source",
            "team",
            "holder",
            "zone",
            "recorded_on",
        ]

    def clean(self):
        data = super().clean()
        name, team = data.get("company_name"), data.get("team")
        if name and team and not data.get("record_anyway"):
            held = list(services.collisions(name, data.get("credit_code", ""), team, self.instance.pk))
            if held:
                self.add_error("company_name", services.collision_message(held))
        return data

    def save(self, commit=True):
        services.link_lead_enterprise(self.instance)
        return super().save(commit)


class LeadStageForm(Form):
    stage = forms.ChoiceField(label=_("stage"), choices=[])
    reason = forms.CharField(label=_("reason for abandoning"), required=False, max_length=300)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in choices]
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["lead", "date", "kind", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["kind"].initial = ContactKind.VISIT

    def save(self, commit=True):
        if self.instance.pk is None and self.user is not None:
            self.instance.user = self.user
        contact = super().save(commit)
        services.contact_logged(contact.lead)
        return contact


class ContractForm(ScopedModelForm):
    class Meta:
        model = Contract
        fields = [
            "name",
            "investor_name",
            "investor_credit_code",
            "amount",
            "signed_on",
            "agreed_start",
            "agreed_production",
            "zone",
            "industry",
            "event",
            "lead",
            "team",
            "registered_on",
            "site_secured_on",
            "producing_on",
        ]

    def clean(self):
        data = super().clean()
        lead = data.get("lead")
        if lead is not None:
            if lead.stage == Stage.ABANDONED:
                self.add_error("lead", _("This lead was abandoned; reopen it before signing."))
            if data.get("team") is None:
                data["team"] = lead.team
                self.instance.team = lead.team
        project = self.instance.project if self.instance.project_id else None
        if project is not None and data.get("producing_on") != self.instance.producing_on:
            # One identity: once the contract is a key project, its 投产 is the project's lifecycle step.
            self.add_error(
                "producing_on",
                _("This contract is the key project %(project)s: record its production there (投产).")
                % {"project": project},
            )
        elif data.get("producing_on") and not self.instance.started_on:
            self.add_error("producing_on", _("Record the start (开工) before production."))
        return data

    def save(self, commit=True):
        services.link_investor(self.instance)
        contract = super().save(commit)
        services.contract_saved(contract)
        return contract


class FundsArrivalForm(ScopedModelForm):
    class Meta:
        model = FundsArrival
        fields = ["contract", "year", "month", "domestic", "foreign_usd"]


class StartForm(Form):
    date = forms.DateField(
        label=_("started on"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
