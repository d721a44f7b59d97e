"""`jijuqu chain_report CHAIN --year 2024`: the chain report's figures as JSON (for scripts and checks)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from jijuqu.chains.models import Chain
from jijuqu.chains.report import build
from jijuqu.chains.views import default_year


class Command(BaseCommand):
    help = "Print the chain report of a chain (id or exact name) and year as JSON."

    def add_arguments(self, parser):
        parser.add_argument("chain", help="the chain's id, or its exact name")
        parser.add_argument("--year", type=int, help="the year (default: the latest with figures)")

    def handle(self, *args, chain, year=None, **options):
        rows = Chain.objects.filter(pk=int(chain)) if chain.isdigit() else Chain.objects.filter(name=chain)
        found = list(rows[:2])
        if not found:
            raise CommandError(f"没有产业链“{chain}”")
        if len(found) > 1:
            raise CommandError(f"有多条名为“{chain}”的产业链，请用编号")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"年份应在2000至2100之间，而不是{year}")
        report = build(found[0], year or default_year(found[0]), None)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
