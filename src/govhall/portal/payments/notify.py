"""POST /payments/notify/<channel>/: where payment gateways tell GovHall about trades and refunds. Thin: the gateway
checks the signature (and decrypts) FIRST — a forged or malformed notification is answered with the gateway's own
refusal and a 4xx, nothing read or changed — then payments.services.receive_notification takes it in (replay, order,
channel and amount checked; kept once with its apply task, applied by the worker), then the gateway's acknowledgement
is answered. An unknown channel is 404; nothing a client sends makes a 500. A machine endpoint (core/machine.py):
POST only, no CSRF token, none of the people's middleware."""

import logging

from django.http import Http404, HttpRequest, HttpResponse

from govhall.core.machine import machine_endpoint
from govhall.payments import services
from govhall.payments.channels import configured
from govhall.payments.constants import GATEWAY_CHANNELS
from govhall.payments.gateways import Acknowledgement, NotificationRefused, gateway
from govhall.payments.models import PaymentNotification

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024  # a notification is a few hundred bytes


def _answer(ack: Acknowledgement) -> HttpResponse:
    return HttpResponse(ack.body, status=ack.status, content_type=ack.content_type)


@machine_endpoint
def notify(request: HttpRequest, channel: str) -> HttpResponse:
    if channel not in GATEWAY_CHANNELS or not configured(channel):
        raise Http404("no such payment channel")
    provider = gateway(channel)
    length = request.headers.get("Content-Length", "")
    if not length.isdigit() or int(length) > MAX_BODY:
        return _answer(provider.acknowledge(False, "body missing or too large"))
    body = request.body
    try:
        notification = provider.verify_notification(headers=request.headers, body=body)
    except NotificationRefused as refused:
        log.warning("payment notification refused (%s): %s", channel, refused)
        return _answer(provider.acknowledge(False, str(refused)))
    record = services.receive_notification(channel=channel, notification=notification)
    if record.outcome == PaymentNotification.Outcome.REFUSED:
        return _answer(provider.acknowledge(False, str(record.detail.get("note", ""))))
    return _answer(provider.acknowledge(True))
