import pytest

from govhall.contrib.demo.hotline import DemoHotline
from govhall.enquiries.tests.factories import SECRET


@pytest.fixture
def demo_hotline(settings):  # type: ignore[no-untyped-def]
    """The demo 12345 hotline on a free loopback port; GovHall's provider pointed at it with the test secret."""
    server = DemoHotline(secret=SECRET).start()
    settings.HOTLINE_PROVIDER = "govhall.enquiries.hotline.HttpHotline"
    settings.HOTLINE_NOTIFY_URL = server.notify_url
    settings.HOTLINE_SECRET = SECRET
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _hotline_secret(settings):  # type: ignore[no-untyped-def]
    settings.HOTLINE_SECRET = SECRET
    settings.HOTLINE_PROVIDER = ""
