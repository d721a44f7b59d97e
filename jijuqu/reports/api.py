from ninja import Query, Router, Schema
from ninja.errors import HttpError

from jijuqu.core.api import ValidationFailed
from jijuqu.core.forms import form_errors
from jijuqu.core.scope import is_government

from .builder import build
from .forms import MonthlyReportForm
from .tables import report_tables

router = Router(tags=["月通报"])


class ReportQuery(Schema):
    area: str
    period: str
    levels: list[str] = []
    issuer: str = ""
    number: str = ""
    issued_on: str = ""


@router.get("/reports/monthly/")
def monthly_report(request, query: Query[ReportQuery]):
    """The monthly report of a region or zone the user may report on, for a month (YYYY-MM): the
    drafted text and the 附表, every figure as printed (strings, rounded as in the text)."""
    if not is_government(request.user):
        raise HttpError(403, "月通报仅供政府部门查看。")
    form = MonthlyReportForm(
        {
            "area": query.area,
            "period": query.period,
            "levels": query.levels,
            "issuer": query.issuer,
            "number": query.number,
            "issued_on": query.issued_on,
        },
        user=request.user,
    )
    if not form.is_valid():
        raise ValidationFailed(form_errors(form))
    report = build(
        form.cleaned_data["area"],
        form.cleaned_data["period"],
        user=request.user,
        levels=form.cleaned_data["levels"],
        issuance=form.issuance(),
    )
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "area": report.area.code,
        "period": str(report.period),
        "issuer": report.issuance.issuer,
        "number": report.issuance.number,
        "issued_on": report.issuance.date.isoformat(),
        "sections": [{"heading": h, "text": t} for h, t in report.sections],
        "tables": [
            {
                "title": table.title,
                "unit": table.unit,
                "columns": [c.header for c in table.columns],
                "rows": table.text_rows(),
            }
            for table in report_tables(report)
        ],
    }
