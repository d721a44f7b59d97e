import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.zones.models import Industry, Region, Zone

from .choices import ContactKind, LeadSource, Stage, TeamKind
from .models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget


class RegionFilterSet(BaseFilterSet):
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label=_("region"), method="in_region"
    )
    region_path = "region"

    def in_region(self, queryset, name, value):
        return queryset.filter(value.below(self.region_path)) if value else queryset


class TeamFilterSet(RegionFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices, label=_("team kind"))
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))

    class Meta:
        model = Team
        fields = ["q", "region", "kind", "zone"]


class TeamTargetFilterSet(BaseFilterSet):
    search_fields = ("team__name",)
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), label=_("investment team"))

    class Meta:
        model = TeamTarget
        fields = ["q", "team", "year"]


class EventFilterSet(RegionFilterSet):
    search_fields = ("name", "series", "chain", "place", "organiser")
    series = django_filters.CharFilter(label=_("series"))

    class Meta:
        model = Event
        fields = ["q", "region", "series"]


class LeadFilterSet(RegionFilterSet):
    search_fields = ("company_name", "credit_code", "project_name", "headquarters", "chain_segment")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), label=_("investment team"))
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("intended zone"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))
    source = django_filters.ChoiceFilter(choices=LeadSource.choices, label=_("source"))
    industry = django_filters.ModelChoiceFilter(queryset=Industry.objects.all(), label=_("industry"))

    class Meta:
        model = Lead
        fields = ["q", "region", "team", "zone", "stage", "source", "industry"]


class ContactFilterSet(BaseFilterSet):
    search_fields = ("lead__company_name", "note")
    kind = django_filters.ChoiceFilter(choices=ContactKind.choices, label=_("contact kind"))

    class Meta:
        model = Contact
        fields = ["q", "kind"]


class ContractFilterSet(RegionFilterSet):
    region_path = "zone__region"
    search_fields = ("name", "investor_name", "investor_credit_code")
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), label=_("investment team"))
    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), label=_("investment event"))
    started = django_filters.BooleanFilter(
        field_name="started_on", lookup_expr="isnull", exclude=True, label=_("started")
    )

    class Meta:
        model = Contract
        fields = ["q", "region", "zone", "team", "event", "started"]


class FundsArrivalFilterSet(BaseFilterSet):
    search_fields = ("contract__name",)

    class Meta:
        model = FundsArrival
        fields = ["q", "year", "month"]
