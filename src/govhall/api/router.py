"""GovHall's REST API (django-ninja), under /api/v1/. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from govhall.api.accounts import router as accounts_router
from govhall.api.appointments import router as appointments_router
from govhall.api.assist import router as assist_router
from govhall.api.bookings import router as bookings_router
from govhall.api.bundles import router as bundles_router
from govhall.api.cases import router as cases_router
from govhall.api.catalog import router as catalog_router
from govhall.api.docs import local_swagger
from govhall.api.errors import document_common_errors
from govhall.api.hotline import router as hotline_router
from govhall.api.licences import router as licences_router
from govhall.api.log import router as log_router
from govhall.api.parsing import NUL_REFUSED, UNREADABLE_BODY, GovHallParser
from govhall.api.payments import router as payments_router
from govhall.api.ratings import router as ratings_router
from govhall.api.sharing import router as sharing_router
from govhall.catalog.search import QueryError

logger = logging.getLogger(__name__)
# What the database driver raises while the server restarts or a connection is cut.
DatabaseUnavailable = (OperationalError, InterfaceError)


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class GovHallAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_common_errors(schema)
        return schema


api = GovHallAPI(
    renderer=UnicodeJSONRenderer(),
    parser=GovHallParser(),
    title="GovHall API",
    version="1.0.0",
    description="一网通办 GovHall 的开放接口：事项目录与办事指南、部门、大厅、主题。",
    urls_namespace="api",
    docs=local_swagger(),
)
api.add_router("/catalog", catalog_router)
api.add_router("/accounts", accounts_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", payments_router)
api.add_router("/cases", ratings_router)
api.add_router("/log", log_router)
api.add_router("/licences", licences_router)
api.add_router("/sharing", sharing_router)
api.add_router("/halls", appointments_router)
api.add_router("/hotline", hotline_router)
api.add_router("/assist", assist_router)
api.add_router("/bundles", bundles_router)
api.add_router("/appointments", bookings_router)


@api.get("/health", tags=["system"], summary="Liveness check (also the trivial view the benchmark compares with)")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "请求参数无效。", "errors": errors}, status=422)


@api.exception_handler(QueryError)
def bad_query(request: HttpRequest, exc: QueryError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "需要有效的访问令牌（Bearer），且其权限范围包含本接口。"}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):  # django-ninja's own words
        cause = exc.__cause__
        message = NUL_REFUSED if cause is not None and str(cause) == NUL_REFUSED else UNREADABLE_BODY
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return api.create_response(request, {"detail": f"请求内容过大：不能超过 {limit} MB。"}, status=413)


@api.exception_handler(MultiPartParserError)
def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return api.create_response(request, {"detail": "无法读取上传的表单内容（multipart 格式有误）。"}, status=400)


@api.exception_handler(UnreadablePostError)
def unreadable(request: HttpRequest, exc: UnreadablePostError) -> HttpResponse:
    return api.create_response(request, {"detail": "请求内容不完整，无法读取。"}, status=400)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Too many fields or files, a bad host, and the like: the client's request, refused with 400."""
    return api.create_response(request, {"detail": "请求无效。"}, status=400)


def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database went away (a restart or failover): nothing was saved; the client may send the same request again
    (with its Idempotency-Key) shortly — 503 with Retry-After, not a 500."""
    logger.warning("API answered 503, database unavailable on %s %s: %s", request.method, request.path, exc)
    response = api.create_response(request, {"detail": "系统正在恢复，请稍后重试。"}, status=503)
    response["Retry-After"] = "5"
    return response


for _unavailable in DatabaseUnavailable:
    api.add_exception_handler(_unavailable, database_unavailable)  # type: ignore[arg-type]


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A fault of ours: logged with its traceback; the client still gets JSON."""
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "系统暂时出了问题，请稍后再试。"}, status=500)
