"""/api/v1/docs: Swagger UI from our own static files renders the API's operations under the site's CSP."""

import pytest
from playwright.sync_api import Page, expect
from tests.browser.test_security_headers import assert_clean, policy_problems

pytestmark = pytest.mark.browser


def test_api_docs_render_the_operations_under_the_policy(page: Page, site) -> None:
    asked_elsewhere: list[str] = []
    page.on(
        "request", lambda request: None if request.url.startswith(site("")) else asked_elsewhere.append(request.url)
    )
    response = page.goto(site("/api/v1/docs"))
    assert response is not None and response.status == 200
    assert policy_problems(response.headers) == []
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("GovHall API")
    health = page.locator(".opblock", has_text="/api/v1/health")
    expect(health).to_have_count(1)
    expect(page.locator(".opblock-tag", has_text="system")).to_be_visible()
    health.locator(".opblock-summary").click()
    expect(health.get_by_text("Liveness check", exact=False).first).to_be_visible()
    assert_clean(page)
    assert asked_elsewhere == []
