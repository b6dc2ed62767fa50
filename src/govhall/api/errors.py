"""The API's error answers, documented in the OpenAPI schema: every refusal is JSON with a Chinese `detail`; invalid
parameters (422) also list the fields at fault."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class InvalidOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


DESCRIPTIONS = {
    400: "请求无效（业务规则不允许，或请求体无法读取）",
    401: "缺少或无效的访问令牌",
    403: "令牌无权使用此接口",
    404: "对象不存在，或无权查看",
    409: "与办件当前状态或修订号冲突",
    413: "请求内容过大",
    422: "参数或请求体不符合接口定义",
    503: "暂时无法处理（如文件无法进行病毒检查），请稍后再试",
}


def errors(*codes: int) -> dict[int, type[Schema]]:
    """Response declarations for a route's own refusals, e.g. `response={200: CaseOut, **errors(404, 409)}`."""
    return {code: InvalidOut if code == 422 else ErrorOut for code in codes}


def document_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Adds the answers every operation can give by its shape: 401 where a token is required, 422 where it takes
    input, 400 and 413 where it takes a body; and describes each error response."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    if "InvalidOut" not in components:
        invalid = InvalidOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(invalid.pop("$defs", {}))
        components["InvalidOut"] = invalid
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            codes: set[int] = set()
            if operation.get("security"):
                codes.add(401)
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add(422)
            if operation.get("requestBody"):
                codes |= {400, 413}
            responses = operation.setdefault("responses", {})
            present = {int(code) for code in responses if str(code).isdigit()}
            for code in sorted(codes - present):
                name = "InvalidOut" if code == 422 else "ErrorOut"
                responses.setdefault(
                    code,
                    {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}},
                )
            for code, response in responses.items():
                if str(code).isdigit() and int(code) in DESCRIPTIONS:
                    response["description"] = DESCRIPTIONS[int(code)]
    return schema
