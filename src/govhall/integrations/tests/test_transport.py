"""Webhooks go out through the configured WebhookTransport provider."""

from govhall.integrations import transport
from govhall.integrations.transport import UrllibTransport, WebhookTransport

calls: list[tuple[str, bytes, float]] = []


class Recording(WebhookTransport):
    name = "recording"

    def post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> int:
        calls.append((url, body, timeout))
        return 204


def test_the_default_transport_is_urllib_refusing_redirects():
    assert isinstance(transport.transport(), UrllibTransport)


def test_the_configured_transport_is_used(settings):
    settings.WEBHOOK_TRANSPORT = f"{__name__}.Recording"
    assert transport.transport().post("http://127.0.0.1:9/hook", {}, b"{}", 5) == 204
    assert calls == [("http://127.0.0.1:9/hook", b"{}", 5)]
