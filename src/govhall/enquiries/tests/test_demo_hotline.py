"""The whole 12345 path over loopback: the demo hotline (contrib.demo.hotline) files a work order through GovHall's
live API (signed), reads it back, a clerk answers it, and GovHall's notice reaches the demo hotline once."""

from typing import Any

import pytest

from govhall.contrib.demo.hotline import DemoHotline
from govhall.enquiries import services
from govhall.enquiries.models import Enquiry
from govhall.enquiries.tests.factories import SECRET, clerk, item

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_order_from_the_demo_hotline_round_trips(live_server: Any, settings: Any) -> None:
    hotline = DemoHotline(secret=SECRET, govhall_url=live_server.url).start()
    try:
        settings.HOTLINE_PROVIDER = "govhall.enquiries.hotline.HttpHotline"
        settings.HOTLINE_NOTIFY_URL = hotline.notify_url
        order = {
            "kind": "complaint",
            "title": "窗口排队太久",
            "content": "来电人反映办理食品经营许可排队两小时。",
            "caller_name": "李四",
            "caller_phone": "13900001111",
            "item_code": item().implementation_code,
        }
        sent = hotline.dispatch(order)
        assert sent["status"] == 201, sent
        again = hotline.dispatch({**order, "order_id": sent["order_id"]})
        assert again["status"] == 200 and again["answer"]["number"] == sent["answer"]["number"]
        made = Enquiry.objects.get()
        assert made.hotline_order_id == sent["order_id"] and made.department == item().department
        services.reply(made, actor=clerk(), text="已核实，增开窗口并致歉。")
        status, answer = hotline.read_order(sent["order_id"])
        assert status == 200 and answer["state"] == "answered" and answer["reply"] == "已核实，增开窗口并致歉。"
        [notice] = hotline.notices.values()
        assert notice["order_id"] == sent["order_id"] and notice["event"] == "replied"
        wrong = DemoHotline(secret="not-the-secret", govhall_url=live_server.url)
        assert wrong.dispatch(order)["status"] == 401
        wrong.server_close()
    finally:
        hotline.stop()
