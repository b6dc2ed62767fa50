"""A new person on a 390×844 phone: registers from the bottom bar, finds an item by search, applies for it (no fee),
follows the case on 我的办件, deletes a draft, and looks up the progress from the menu — screenshots of every step are
kept under test-results/phone-journey/ to be looked at."""

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ID_NUMBER = "11010519491231002X"
MOBILE = "13912345678"
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "phone-journey"


@pytest.fixture
def shots(screenshot) -> Any:  # type: ignore[no-untyped-def]
    """Each step's screenshot, also copied under test-results/phone-journey/ (numbered in the order taken)."""
    shutil.rmtree(RESULTS, ignore_errors=True)
    RESULTS.mkdir(parents=True)
    taken: list[Path] = []

    def take(page: Page, name: str, *, full_page: bool = False) -> None:
        path = screenshot(page, name, full_page=full_page)
        taken.append(shutil.copy(path, RESULTS / f"{len(taken) + 1:02d}-{name}.png"))

    return take


def sms_code(outbox: str, phone: str) -> str:
    texts = [
        m["text"] for m in map(json.loads, Path(outbox).read_text(encoding="utf-8").splitlines()) if m["phone"] == phone
    ]
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def fits(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]}px wide on a {widths[1]}px screen"


def test_a_new_person_applies_and_follows_the_case_on_a_phone(
    mobile_page: Page, site, catalog, settings, tmp_path, shots
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    page = mobile_page
    page.set_viewport_size(PHONE)
    bar = page.get_by_role("navigation", name="快捷导航")

    page.goto(site("/"))
    fits(page)
    shots(page, "home")

    # 我的 → the sign-in page → 注册.
    bar.get_by_role("link", name="我的", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    fits(page)
    shots(page, "login")
    page.get_by_role("main").get_by_role("link", name=re.compile("注册")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册个人账户")
    page.get_by_label("用户名").fill("xiaoli")
    page.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    page.get_by_label("确认密码").fill(factories.PASSWORD)
    page.get_by_label("真实姓名").fill("李小丽")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("手机号码").fill(MOBILE)
    with page.expect_response(lambda r: "/accounts/code/" in r.url):
        page.get_by_role("button", name="获取短信验证码").click()
    expect(page.locator("#code-status")).to_contain_text("验证码已发送")
    page.get_by_label("短信验证码").fill(sms_code(settings.SMS_OUTBOX_FILE, MOBILE))
    fits(page)
    shots(page, "register", full_page=True)
    page.get_by_role("button", name="注册并实名认证").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    fits(page)
    shots(page, "account")

    # 办事 → search in everyday words → the guide.
    bar.get_by_role("link", name="办事").click()
    page.get_by_role("searchbox", name="搜索事项").fill("交养老保险")
    page.get_by_role("searchbox", name="搜索事项").press("Enter")
    result = page.get_by_role("link", name=catalog.pension.name)
    expect(result).to_be_visible()
    fits(page)
    shots(page, "search")
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(catalog.pension.name)
    fits(page)
    shots(page, "guide")

    # 在线申报: nothing to pay, the ID card fetched by the system; first a draft, then the real application.
    page.get_by_role("link", name="在线申报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("在线申报")
    expect(page.locator("main")).not_to_contain_text("本事项收费")
    fits(page)
    shots(page, "apply", full_page=True)
    page.get_by_label("申请事由").fill("参加城乡居民养老保险")
    page.get_by_role("button", name="保存草稿").click()
    expect(page).to_have_url(re.compile(r"\?draft=GH\d+"))
    # The draft waits on 我的办件 (filtered to 草稿); it is deleted there, not withdrawn.
    bar.get_by_role("link", name=re.compile("^我的办件")).click()
    page.get_by_label("状态").select_option(label="草稿")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".item-card")).to_have_count(1)
    page.get_by_role("link", name=catalog.pension.name).click()
    expect(page.locator("main")).to_contain_text("草稿")
    expect(page.get_by_role("button", name="撤回申请")).to_have_count(0)
    page.get_by_text("删除草稿", exact=True).click()
    shots(page, "draft-delete")
    page.get_by_role("button", name="确认删除草稿").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的办件")
    expect(page.locator("main")).to_contain_text("已删除草稿")

    page.goto(site(catalog.pension.get_absolute_url()))
    page.get_by_role("link", name="在线申报").click()
    page.get_by_label("申请事由").fill("参加城乡居民养老保险")
    page.get_by_label(re.compile("本人承诺")).check()
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(re.compile(r"/cases/GH\d+/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.locator("main")).to_contain_text(number)
    fits(page)
    shots(page, "case", full_page=True)

    # 我的办件 from the bottom bar: found by searching its number, filtered by status.
    bar.get_by_role("link", name=re.compile("^我的办件")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的办件")
    expect(page.get_by_role("link", name=catalog.pension.name)).to_be_visible()
    page.get_by_label("办件编号或事项名称").fill(number[-6:])
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".item-card")).to_have_count(1)
    page.get_by_label("状态").select_option(label="草稿")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("没有符合条件的办件")
    page.get_by_role("link", name="显示全部").click()
    expect(page.locator(".item-card")).to_have_count(1)
    fits(page)
    shots(page, "my-cases")

    # The public progress lookup, from the menu.
    page.get_by_role("button", name="菜单").click()
    shots(page, "menu-open")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="办件进度查询").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("进度")
    fits(page)
    shots(page, "progress-lookup")
    assert page.log.page_errors == []  # type: ignore[attr-defined]
    assert page.evaluate("window.__cspViolations") == []
