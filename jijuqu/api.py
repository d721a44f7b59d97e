from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from jijuqu.core import api_errors
from jijuqu.core.api import AUTH, PreconditionFailed, ValidationFailed
from jijuqu.core.models import StaleRecord


class ChineseJSONRenderer(JSONRenderer):
    # Chinese stays readable in responses instead of \uXXXX escapes.
    json_dumps_params = {"ensure_ascii": False}


class JijuquAPI(NinjaAPI):
    def create_temporal_response(self, request):
        # Kept on the request so shared helpers (scoped_get, save_form) can set headers such as ETag.
        response = super().create_temporal_response(request)
        request.api_response = response
        return response


api = JijuquAPI(
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


@api.exception_handler(StaleRecord)
def stale_record(request, exc):
    # A save elsewhere (a status change, an import) found the row changed under it.
    error = PreconditionFailed(exc.obj.__class__.all_objects.get(pk=exc.obj.pk).version)
    return api.create_response(request, {"detail": error.message}, status=412)


api.add_router("/", "jijuqu.zones.api.router")
api.add_router("/", "jijuqu.enterprises.api.router")
api.add_router("/", "jijuqu.projects.api.router")
api.add_router("/", "jijuqu.assessment.api.router")
api.add_router("/", "jijuqu.reports.api.router")
api.add_router("/", "jijuqu.attraction.api.router")
api.add_router("/", "jijuqu.land.api.router")
api.add_router("/", "jijuqu.service.api.router")
api.add_router("/", "jijuqu.chains.api.router")
