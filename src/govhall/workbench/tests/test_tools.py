"""The inbox's tools (workbench/tools.py): each role sees exactly the tools whose pages open for it — every link
shown opens, none that would answer 403 is shown."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.organisations.constants import Role
from govhall.organisations.roles import permissions_of
from govhall.workbench.tools import TOOLS


@pytest.mark.parametrize("role", list(Role))
def test_every_tool_shown_opens_and_every_tool_hidden_is_refused(client, db, role):
    member = staff("wang", role)
    client.force_login(member)
    inbox = client.get(reverse("workbench:inbox"))
    assert inbox.status_code == 200
    held = permissions_of(role)
    for tool in TOOLS:
        url = reverse(tool.url_name)
        shown = f'href="{url}"' in inbox.text
        assert shown == (tool.permission in held), (role, tool.url_name)
        assert (client.get(url).status_code == 200) == shown, (role, tool.url_name)


def test_a_clerk_sees_the_window_tools_and_not_the_catalog_managers(client, db):
    client.force_login(staff("li", Role.WINDOW_CLERK))
    text = client.get(reverse("workbench:inbox")).text
    assert "窗口叫号" in text and "窗口收件" in text and "检索分析" not in text
