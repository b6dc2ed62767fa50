"""The installable app offline: a guide page once opened is readable without a network, a page never opened shows the
offline page, and personal pages are never stored by the service worker."""

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories

pytestmark = pytest.mark.browser

# Resolves once the service worker controls the page.
CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise(resolve => navigator.serviceWorker.addEventListener("controllerchange", resolve));
  }
}"""
STORED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def test_a_visited_guide_is_readable_offline(mobile_page: Page, site, catalog, screenshot) -> None:
    page = mobile_page
    factories.person("alice")
    page.goto(site("/"))
    # The worker installs and takes over the page (clients.claim), then the pages opened are kept.
    page.evaluate(CONTROLLED)
    page.goto(site(catalog.id_card.get_absolute_url()))
    expect(page.locator("main h1")).to_contain_text("居民身份证申领")

    # Signed in, the person's pages go to the network only.
    page.goto(site("/accounts/login/?next=/cases/mine/"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill("alice")
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的办件")
    page.goto(site("/accounts/me/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    stored = page.evaluate(STORED_URLS)
    assert catalog.id_card.get_absolute_url() in stored and "/offline/" in stored, stored
    personal = [url for url in stored if url.startswith(("/cases/", "/accounts/", "/workbench/", "/api/"))]
    assert personal == [], f"personal pages stored: {personal}"

    page.context.set_offline(True)
    page.goto(site(catalog.id_card.get_absolute_url()))
    expect(page.locator("main h1")).to_contain_text("居民身份证申领")
    expect(page.locator("main")).to_contain_text("居民户口簿")
    screenshot(page, "guide-offline")

    page.goto(site(catalog.food.get_absolute_url()))  # never opened
    expect(page.get_by_role("heading", level=1)).to_have_text("您当前处于离线状态")
    page.goto(site("/cases/mine/"))  # personal: never stored
    expect(page.get_by_role("heading", level=1)).to_have_text("您当前处于离线状态")
    screenshot(page, "personal-offline")
    page.context.set_offline(False)
