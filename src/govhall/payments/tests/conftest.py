"""The payments tests' own fixtures."""

import threading

import pytest

from govhall.payments.tests.receiver import Receiver


@pytest.fixture
def receiver(settings):  # type: ignore[no-untyped-def]
    """GovHall's notification endpoint played on a loopback port; PAYMENT_NOTIFY_BASE_URL points at it."""
    server = Receiver()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    settings.PAYMENT_NOTIFY_BASE_URL = server.url
    yield server
    server.shutdown()
    server.server_close()
