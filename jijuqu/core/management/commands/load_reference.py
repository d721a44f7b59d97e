import re

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jijuqu.projects.reference import (
    calendar_source_version,
    covered_years,
    load_approval_types,
    load_calendar,
    years_without_holidays,
)
from jijuqu.zones.reference import load_regions, source_version


def parse_years(values: list[str]) -> list[int]:
    """`2025`, `2024 2025`, `2020-2026` or `2024,2025`."""
    years = set()
    for value in values:
        for part in filter(None, re.split(r"[,\s]+", value)):
            match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
            if not match:
                raise CommandError(f"--years: “{part}” is not a year (2025) or a range (2020-2026).")
            first, last = int(match[1]), int(match[2] or match[1])
            if last < first:
                raise CommandError(f"--years: the range “{part}” runs backwards.")
            years.update(range(first, last + 1))
    return sorted(years)


class Command(BaseCommand):
    help = (
        "Load the reference data a fresh install needs: the GB/T 2260 region tree of all China, the "
        "official holidays and 调休 days, and the standard approval item types. Running it again "
        "updates what changed and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            nargs="+",
            default=None,
            help="years of holidays to load, e.g. 2025 2026 or 2020-2026 (default: all the package has)",
        )

    def handle(self, *args, years, **options):
        years = parse_years(years) if years else None
        with transaction.atomic():
            regions, _ = load_regions()
            calendar, missing = load_calendar(years)
            types, _ = load_approval_types()
        covered = covered_years()
        for label, source, result in (
            ("Regions (GB/T 2260)", source_version(), regions),
            ("Holidays and 调休 days", calendar_source_version(), calendar),
            ("Approval item types", "jijuqu", types),
        ):
            self.stdout.write(
                f"{label} from {source}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        self.stdout.write(f"{calendar_source_version()} covers {covered.start}–{covered.stop - 1}.")
        if missing:
            self.stdout.write(
                f"Not in {calendar_source_version()}: {', '.join(map(str, missing))}. Enter their holidays "
                "and 调休 days on the working-day calendar page (工作日历), or upgrade chinese-calendar."
            )
        still = years_without_holidays()
        if still:
            self.stdout.write(
                f"No holidays entered yet for {', '.join(map(str, still))}: enter them on the working-day "
                "calendar page (工作日历) once the State Council has published them."
            )
