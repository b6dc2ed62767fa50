"""The public licence verification page on a phone: status first, nothing wider than the screen, no axe violations;
and the keyboard path from the lookup form to the licence."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def licence(transactional_db: None, live_server: Any) -> Any:
    from govhall.licences import services
    from govhall.licences.tests.factories import issued

    valid = issued()
    revoked = issued(holder_id="510802199001011238")
    services.revoke(revoked, reason="事后核查发现承诺不实")
    return valid, revoked


def test_verify_page_on_a_phone(mobile_page: Page, site, licence, screenshot) -> None:
    valid, revoked = licence
    for current, label in ((valid, "有效"), (revoked, "已撤销")):
        response = mobile_page.goto(site(f"/verify/{current.identifier}"))
        assert response is not None and response.status == 200
        expect(mobile_page.locator(".licence-status-label")).to_have_text(label)
        expect(mobile_page.get_by_text("SM2 签名核验通过")).to_be_visible()
        widths = mobile_page.evaluate(
            "() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })"
        )
        assert widths["scroll"] <= widths["client"] + 1, widths
        screenshot(mobile_page, f"licence-{current.state}")
    response = mobile_page.goto(site("/verify/keys/"))
    assert response is not None and response.status == 200
    widths = mobile_page.evaluate(
        "() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })"
    )
    assert widths["scroll"] <= widths["client"] + 1, widths


def test_lookup_by_keyboard_and_no_axe_violations(axe_page: Page, site, licence, run_axe) -> None:
    valid, _revoked = licence
    axe_page.goto(site("/verify/"))
    assert run_axe(axe_page) == []
    field = axe_page.get_by_label("电子证照标识")
    field.focus()
    field.type(valid.identifier)
    field.press("Enter")
    expect(axe_page.locator(".licence-status-label")).to_have_text("有效")
    assert run_axe(axe_page) == []
    response = axe_page.goto(site("/verify/1.2.156.3005.2.nonsense"))
    assert response is not None and response.status == 404
    assert run_axe(axe_page) == []
