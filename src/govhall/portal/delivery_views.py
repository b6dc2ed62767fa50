"""The courier's tracking push (delivery.push): a machine endpoint (core/machine.py: POST only, no session or CSRF —
the signature is the authentication), the body read only up to delivery.push.MAX_BODY. Answers JSON: 200
{"recorded": true|false} (false: a repeat), 400 / 401 / 404 / 413 {"error"} and nothing changed."""

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

from govhall.core.machine import machine_endpoint
from govhall.delivery import push


@machine_endpoint
def notify(request: HttpRequest, carrier: str) -> HttpResponse:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > push.MAX_BODY:
        return JsonResponse({"error": "body missing or too large"}, status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    try:
        recorded = push.receive(carrier=carrier[:20], headers=request.headers, body=request.read(length))
    except push.PushRefused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    return HttpResponse(json.dumps({"recorded": recorded is not None}), content_type="application/json")
