from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from jijuqu.core import api_errors
from jijuqu.core.api import AUTH, ValidationFailed


class ChineseJSONRenderer(JSONRenderer):
    # Chinese stays readable in responses instead of \uXXXX escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    parser=api_errors.SurrogateSafeParser(),
    title="jijuqu API",
    version="1",
    description="集聚区管理平台接口。每个请求只能读写当前用户数据范围内的记录。"
    "认证：浏览器会话，或 `Authorization: Bearer <token>`（`jijuqu create_token 用户名` 生成）。",
    auth=AUTH,
    urls_namespace="api",
)

api_errors.install(api)


@api.exception_handler(ValidationFailed)
def validation_failed(request, exc):
    return api.create_response(request, {"detail": _("Nothing was saved."), "errors": exc.errors}, status=422)


api.add_router("/", "jijuqu.zones.api.router")
api.add_router("/", "jijuqu.enterprises.api.router")
api.add_router("/", "jijuqu.projects.api.router")
api.add_router("/", "jijuqu.assessment.api.router")
api.add_router("/", "jijuqu.reports.api.router")
