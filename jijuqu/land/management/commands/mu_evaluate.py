import json

from django.core.management.base import BaseCommand, CommandError

from jijuqu.assessment import engine
from jijuqu.land import evaluation
from jijuqu.land.models import Scheme


class Command(BaseCommand):
    help = "Evaluate the enterprises of a 亩均效益 scheme for a year: credit code, total and class of each."

    def add_arguments(self, parser):
        parser.add_argument("--scheme", type=int, required=True, help="scheme id")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, scheme, year, json: bool, **options):
        s = Scheme.objects.select_related("framework__region").filter(pk=scheme).first()
        if s is None:
            raise CommandError(f"没有编号为{scheme}的亩均效益评价方案")
        if not 2000 <= year <= 2100:
            raise CommandError("--year：应在2000到2100之间")
        try:
            result = evaluation.evaluate(s, year)
        except engine.EngineError as err:
            raise CommandError(str(err)) from err
        if json:
            self.stdout.write(dumps(evaluation.evaluation_dict(result)))
            return
        counts = result.counts()
        self.stdout.write(
            f"{s}　{year}年　{len(result.results)}家企业参评：A类{counts['A']}、B类{counts['B']}、"
            f"C类{counts['C']}、D类{counts['D']}、不定等级{counts['']}"
        )
        group = None
        for r in result.results:
            if r.group != group:
                group = r.group
                self.stdout.write(f"【{r.group_name}】{result.group_sizes[group]}家")
            self.stdout.write(
                f"{r.enterprise.credit_code}  {r.total:>8}  {r.class_name}  {r.enterprise.name}"
            )
        for e, why in result.excluded:
            self.stdout.write(f"未参评：{e.credit_code}  {e.name}（{why}）")


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
