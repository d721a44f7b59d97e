import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jijuqu.assessment import engine, ranking
from jijuqu.assessment.models import Framework, validate_period


class Command(BaseCommand):
    help = "Rank the zones of an assessment framework for a period (a table, or JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--framework", type=int, required=True, help="framework id")
        parser.add_argument("--period", required=True, help="2024, 2024-Q3 or 2024-10")
        parser.add_argument(
            "--runs", type=int, default=1000, help="Monte Carlo runs for rank intervals (0: none)"
        )
        parser.add_argument("--json", action="store_true")
        for name in ("normalisation", "weighting", "aggregation", "missing"):
            parser.add_argument(f"--{name}", default="", help="instead of the framework's own")

    def handle(self, *args, framework, period, runs, json: bool, **options):
        f = Framework.objects.select_related("region").filter(pk=framework).first()
        if f is None:
            raise CommandError(f"没有编号为{framework}的指标体系")
        try:
            validate_period(period)
            method = ranking.method_of(
                f, **{k: options[k] for k in ("normalisation", "weighting", "aggregation", "missing")}
            )
            result = ranking.rank(f, period, method, runs=runs)
        except engine.EngineError as err:
            raise CommandError(str(err)) from err
        except ValidationError as err:
            raise CommandError(f"--period：{'；'.join(err.messages)}") from err
        if json:
            self.stdout.write(dumps(ranking.ranking_dict(result)))
            return
        self.stdout.write(f"{f}　{result.label}　{len(result.results)}个集聚区参评")
        for r in result.results:
            interval = f"  区间{r.interval[0]:g}–{r.interval[2]:g}" if r.interval else ""
            change = f"  {'↑' if r.rank_change > 0 else '↓'}{abs(r.rank_change)}" if r.rank_change else ""
            place = "否决" if r.vetoed else f"{r.rank:>4}"
            self.stdout.write(f"{place}  {r.zone.name:<16}{r.score:>8}  {r.star_name}{change}{interval}")
        for zone, names in result.excluded:
            self.stdout.write(f"未参评：{zone.name}（缺少{'、'.join(names)}）")
        for _, line in result.imputed:
            self.stdout.write(line)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
