"""Browser tests: headless Debian Chromium (never a downloaded one) driven by Playwright against pytest-django's live
server, over a small demo catalog built with the catalog factories.

Every test in this folder is marked `browser` (deselect them with `-m "not browser"`). Screenshots are written to
var/screenshots/ (under GOVHALL_VAR_DIR when that is set), named after the test; a failing test leaves one too.
"""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parents[1]
# axe-core: the npm copy, or the one `make assets` puts among the static files.
AXE_CANDIDATES = [
    PROJECT_DIR / "node_modules/axe-core/axe.min.js",
    PROJECT_DIR / "src/govhall/static/vendor/axe.min.js",
]
# Playwright's own timeouts, in milliseconds: generous for a loaded CI machine, short enough to fail fast.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session; mark only the tests that live in this folder.
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)
            # WhiteNoise warns that STATIC_ROOT is missing: the live server serves static files from the source tree.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Remember each phase's outcome on the test so the `page` fixture can screenshot a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- the browser -----------------------------------------------------------------------------------------------------


class Chromium:
    """One Playwright driver and one Chromium for all the browser tests of a test process: started by the first test
    that needs it, stopped right after the last one (see pytest_runtest_teardown), not at the end of the session.

    Playwright's sync API keeps an asyncio loop running on the main thread while it is up. Django then refuses database
    work on that thread (SynchronousOnlyOperation) although nothing here is asynchronous, so that is allowed while the
    browser is up; and tests that run after these (pytest-django runs tests without a database last) get their main
    thread back without a loop."""

    def __init__(self) -> None:
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None
        self.saved_env: str | None = None

    def get(self) -> Browser:
        if self.browser is not None and self.browser.is_connected():
            return self.browser
        self.stop()
        if not Path(CHROMIUM).exists():
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/system-deps chromium)")
        self.saved_env = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self.browser

    def stop(self) -> None:
        if self.playwright is None:
            return
        try:
            if self.browser is not None and self.browser.is_connected():
                self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None
            if self.saved_env is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.saved_env


CHROMIUM_PROCESS = Chromium()


def _in_this_folder(item: pytest.Item | None) -> bool:
    return item is not None and HERE in Path(str(item.path)).resolve().parents


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # Runs after the test's own fixtures are torn down (pages and contexts closed).
    if not _in_this_folder(nextitem):
        CHROMIUM_PROCESS.stop()


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (the test database is set up before it starts)."""
    yield CHROMIUM_PROCESS.get()
    CHROMIUM_PROCESS.stop()


@dataclass
class PageLog:
    """What the page said while the test ran: console messages, uncaught errors and CSP violation reports."""

    console: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [f"console {m.type}: {m.text} ({m.location.get('url', '')})" for m in self.console if m.type == "error"]

    def clear(self) -> None:
        self.console.clear()
        self.page_errors.clear()

    def csp_messages(self) -> list[str]:
        pattern = re.compile(r"content security policy|refused to", re.IGNORECASE)
        return [f"console {m.type}: {m.text}" for m in self.console if pattern.search(m.text)]


# Reports every CSP violation the document sees (init scripts run outside the page's CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


def _new_context(browser: Browser, **options: Any) -> BrowserContext:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    return context


def _screenshot_name(request: pytest.FixtureRequest, suffix: str = "") -> str:
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    return f"{name}-{suffix}.png" if suffix else f"{name}.png"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    from django.conf import settings

    directory = Path(settings.VAR_DIR) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _pages(browser: Browser, request: pytest.FixtureRequest, screenshot_dir: Path, **options: Any) -> Iterator[Page]:
    stale = screenshot_dir / _screenshot_name(request, "failed")
    stale.unlink(missing_ok=True)
    if not browser.is_connected():  # stopped after an earlier run of browser tests in this process
        browser = CHROMIUM_PROCESS.get()
    context = _new_context(browser, **options)
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda message: log.console.append(message))
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.log = log  # type: ignore[attr-defined]
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and not page.is_closed():
        page.screenshot(path=screenshot_dir / _screenshot_name(request, "failed"), full_page=True)
    context.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, screenshot_dir: Path) -> Iterator[Page]:
    """A page in a fresh browser context (own cookies and storage), desktop size, with the site's CSP in force."""
    yield from _pages(browser, request, screenshot_dir, viewport={"width": 1280, "height": 900})


@pytest.fixture
def mobile_page(browser: Browser, request: pytest.FixtureRequest, screenshot_dir: Path) -> Iterator[Page]:
    """A phone-sized page: 375×740 CSS pixels, touch, mobile viewport rules."""
    yield from _pages(
        browser,
        request,
        screenshot_dir,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def axe_page(browser: Browser, request: pytest.FixtureRequest, screenshot_dir: Path) -> Iterator[Page]:
    """A page whose context bypasses CSP, so axe-core can be injected as an inline script. For axe checks only."""
    yield from _pages(browser, request, screenshot_dir, viewport={"width": 1280, "height": 900}, bypass_csp=True)


@pytest.fixture
def open_browser(page: Page) -> Iterator[Callable[..., Page]]:
    """open_browser(**options) is another person's browser (own cookies) in the same Chromium as `page`: desktop size
    unless `options` (Playwright's new_context keywords) say otherwise; closed after the test."""
    browser: Browser | None = page.context.browser
    assert browser is not None
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = _new_context(browser, **({"viewport": {"width": 1280, "height": 900}} | options))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, screenshot_dir: Path) -> Callable[..., Path]:
    """screenshot(page, suffix="") saves a full-page PNG named after the test and returns its path."""

    def take(page: Page, suffix: str = "", *, full_page: bool = True) -> Path:
        path = screenshot_dir / _screenshot_name(request, suffix)
        page.screenshot(path=path, full_page=full_page)
        return path

    return take


@pytest.fixture(scope="session")
def axe_source() -> Path:
    for candidate in AXE_CANDIDATES:
        if candidate.is_file():
            return candidate
    pytest.fail("axe-core is missing: run `make assets` (needs node_modules/axe-core)")


@pytest.fixture
def run_axe(axe_source: Path) -> Callable[[Page], list[dict[str, Any]]]:
    """run_axe(page) injects axe-core and returns its violations (id, impact, help, nodes' targets and summaries)."""

    def run(page: Page) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(axe_source))
        return page.evaluate(
            """async () => {
                const results = await axe.run(document, { resultTypes: ["violations"] });
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary })),
                }));
            }"""
        )

    return run


# --- the site under test ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Any) -> None:
    # With DEBUG off the project stores static files with a hashed manifest that `collectstatic` writes; the live
    # server serves the source files through the staticfiles finders, so the tests name them plainly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def site(live_server: Any) -> Callable[[str], str]:
    """site("/path/") is the live server's absolute URL for a path."""
    return lambda path="/": f"{live_server.url}{path}"


@dataclass
class DemoCatalog:
    food: Any
    id_card: Any
    pension: Any
    pharmacy: Any
    hukou: Any
    person_theme: Any
    legal_theme: Any
    life_event: Any
    halls: list[Any]

    @property
    def items(self) -> list[Any]:
        return [self.food, self.id_card, self.pension, self.pharmacy, self.hukou]


STEPS = [{"name": name, "office": "综合受理窗口"} for name in ("受理", "审查", "决定", "办结", "送达")]


@pytest.fixture
def catalog(transactional_db: None, live_server: Any) -> DemoCatalog:
    """Five published items in four departments, a synonym, two themes, one life event and two halls. The live server
    runs in another thread, so the data is committed (transactional_db) and flushed after each test."""
    from govhall.catalog.models import Item
    from govhall.catalog.tests.factories import (
        HallFactory,
        LifeEventFactory,
        SynonymFactory,
        ThemeFactory,
        published_item,
    )

    food = published_item(
        number=101,
        name="食品经营许可（新办）",
        department="区市场监督管理局",
        keywords="开饭店,开餐馆,食品经营许可证",
        handling_location="广安区政务服务中心二楼 市场监管窗口",
        handling_hours="周一至周五 9:00-12:00，13:30-17:30",
        materials=[
            {"name": "食品经营许可申请书", "originals": 1},
            {"name": "营业执照", "copies": 1, "exemption": "e_licence"},
            {"name": "经营场所平面布局图", "originals": 1, "acceptance_standard": "标明操作间、就餐区位置"},
        ],
        steps=[{**step, "time_limit": 1} for step in STEPS],
    )
    id_card = published_item(
        number=102,
        name="居民身份证申领",
        department="区公安局",
        item_type="07",
        audiences=["natural_person"],
        keywords="办身份证,身份证过期,补办身份证",
        summary="年满十六周岁的中国公民申领居民身份证。",
        conditions="在本区登记常住户口的中国公民。",
        faqs=[{"question": "可以异地办理吗？", "answer": "可以，全国范围内均可异地申领。"}],
        promised_limit=20,
        statutory_limit=60,
        statutory_unit="natural_day",
        visit_reason="需现场采集人像和指纹",
        online_stages=["consult", "prereview"],
        result_type="licence",
        result_name="居民身份证",
        consult_phone="0826-2333110",
        variants=[
            {"name": "首次申领", "description": "年满十六周岁首次申领"},
            {"name": "到期换领", "description": "有效期满前三个月内换领"},
        ],
        materials=[
            {"name": "居民户口簿", "originals": 1},
            {"name": "原居民身份证", "necessity": "conditional", "variant_name": "到期换领", "originals": 1},
        ],
        steps=[{"name": name} for name in ("受理", "审核", "制证", "领证")],
    )
    pension = published_item(
        number=103,
        name="城乡居民基本养老保险参保登记",
        department="区人力资源和社会保障局",
        item_type="20",
        audiences=["natural_person"],
        keywords="交养老保险,社保参保",
        summary="未参加职工养老保险的城乡居民在网上登记参保，当场办结。",
        conditions="年满十六周岁、未参加职工基本养老保险的城乡居民。",
        faqs=[{"question": "需要到现场吗？", "answer": "不需要，全程网上办理。"}],
        handling_kind="immediate",
        promised_limit=0,
        statutory_limit=0,
        visits=0,
        visit_reason="",
        online_stages=["consult", "receive", "prereview", "accept", "handle", "result_feedback"],
        result_type="other",
        result_name="参保登记信息",
        consult_phone="0826-2288123",
        materials=[{"name": "居民身份证", "exemption": "e_licence", "form": "electronic"}],
        steps=[{"name": "网上申报"}, {"name": "系统核验"}, {"name": "办结"}],
    )
    pharmacy = published_item(
        number=104,
        name="药品零售企业经营许可",
        department="区市场监督管理局",
        audiences=["enterprise"],
        keywords="开药店,药房",
        summary="开办药品零售企业，应当取得药品经营许可证。",
        conditions="有依法经过资格认定的药师或者其他药学技术人员。",
        faqs=[],
        result_name="药品经营许可证",
        materials=[{"name": "药品经营许可证申请表", "originals": 1}],
    )
    hukou = published_item(
        number=105,
        name="出生登记（新生儿入户）",
        department="区公安局",
        item_type="07",
        audiences=["natural_person"],
        keywords="孩子上户口,新生儿落户",
        summary="婴儿出生后一个月内，由监护人申报出生登记。",
        conditions="在本区出生、父母一方在本区登记常住户口的婴儿。",
        faqs=[],
        promised_limit=1,
        statutory_limit=1,
        visit_reason="需核验出生医学证明原件",
        result_type="other",
        result_name="居民户口簿",
        consult_phone="0826-2333110",
        materials=[{"name": "出生医学证明", "originals": 1}, {"name": "父母居民户口簿", "originals": 1}],
        steps=[{"name": "受理"}, {"name": "审核"}, {"name": "办结"}],
    )
    for popularity, item in enumerate([hukou, pharmacy, pension, id_card, food], start=1):
        Item.objects.filter(pk=item.pk).update(popularity=popularity * 100)

    SynonymFactory(term="开饭店", expansions="餐饮,食品经营")

    person_theme = ThemeFactory(name="户籍办理", slug="huji", audience="person", description="身份证、户口登记")
    person_theme.items.add(id_card, hukou)
    legal_theme = ThemeFactory(name="市场准入", slug="shichang-zhunru", audience="legal")
    legal_theme.items.add(food, pharmacy)
    life_event = LifeEventFactory(
        name="开办餐馆一件事",
        slug="kaiban-canguan",
        audience="legal",
        description="开办餐馆涉及的许可一次告知、一表申请、一窗受理。",
    )
    life_event.items.add(food, pension)
    centre = HallFactory(
        name="广安区政务服务中心",
        slug="guangan-centre",
        address="广安区金安大道二段 1 号",
        latitude="30.474000",
        longitude="106.633000",
        has_self_service=True,
        transport="乘 2 路、11 路公交至政务中心站",
    )
    town = HallFactory(
        name="协兴镇便民服务中心",
        slug="xiexing",
        address="广安区协兴镇园区路 8 号",
        phone="0826-2450000",
        latitude="30.401000",
        longitude="106.702000",
    )
    centre.items.add(food, id_card, pension, pharmacy, hukou)
    town.items.add(id_card, hukou)
    for item in (food, id_card, pension, pharmacy, hukou):
        item.refresh_from_db()
    return DemoCatalog(
        food=food,
        id_card=id_card,
        pension=pension,
        pharmacy=pharmacy,
        hukou=hukou,
        person_theme=person_theme,
        legal_theme=legal_theme,
        life_event=life_event,
        halls=[centre, town],
    )
