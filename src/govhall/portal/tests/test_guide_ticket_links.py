"""The guide page (办事指南) links 手机取号 with the item in each open hall whose queue takes it
(`/halls/<hall>/ticket/?item=<实施编码>`), beside 预约办理; nothing where no hall queues for the item."""

import pytest
from django.urls import reverse

from govhall.catalog.tests.factories import HallFactory, published_item
from govhall.queueing.tests.factories import hall_floor

pytestmark = pytest.mark.django_db


def test_the_guide_links_taking_a_ticket_for_the_item_in_each_hall_that_queues_for_it(client):
    item = published_item(appointment=True)
    hall, a, *_ = hall_floor(HallFactory(name="广安区政务服务中心"))
    a.items.add(item)
    _closed, closed_a, *_ = hall_floor(HallFactory(name="已关闭的大厅", is_open=False))
    closed_a.items.add(item)
    hall_floor(HallFactory(name="不办此事项的大厅"))
    page = client.get(reverse("portal:guide", args=[item.implementation_code]))
    assert page.status_code == 200
    link = f"{reverse('portal:take_ticket', args=[hall.slug])}?item={item.implementation_code}"
    assert f'广安区政务服务中心 · <a href="{link}">手机取号</a>' in page.text
    assert "已关闭的大厅" not in page.text and "不办此事项的大厅" not in page.text
    assert reverse("appointments:book", args=[item.implementation_code]) in page.text  # 预约办理 stays
    taken = client.get(link)  # the link chooses the item's group (once signed in)
    assert taken.status_code == 302 and "/accounts/login/" in taken["Location"]


def test_no_ticket_links_where_no_hall_queues_for_the_item(client):
    item = published_item()
    page = client.get(reverse("portal:guide", args=[item.implementation_code]))
    assert page.status_code == 200 and "手机取号" not in page.text
