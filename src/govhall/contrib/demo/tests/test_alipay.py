"""The demo Alipay's own side: it refuses requests not signed by the app, and the development merchant's keys are
made once and kept."""

import json
import urllib.error
import urllib.parse
import urllib.request

from govhall.contrib.demo.paydesk import DemoMerchant
from govhall.payments import keys


def gateway_call(url: str, params: dict[str, str]) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"{url}/alipay/gateway.do?{urllib.parse.urlencode(params)}") as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_requests_not_signed_by_the_app_are_refused(outside_world):
    demo = outside_world.alipay
    params = {"app_id": demo.merchant.alipay_app_id, "method": "alipay.trade.query", "sign_type": "RSA2"}
    params["biz_content"] = '{"out_trade_no":"GH-1"}'
    assert gateway_call(outside_world.url, params)[0] == 401
    # signed by Alipay's own key instead of the app's
    params["sign"] = demo.sign("&".join(f"{k}={params[k]}" for k in sorted(params)))
    status, answer = gateway_call(outside_world.url, params)
    assert status == 401 and answer["error_response"]["msg"] == "验签出错"  # type: ignore[index]
    assert gateway_call(outside_world.url, {**params, "app_id": "2021000000000999"})[0] == 401


def test_the_development_merchant_is_made_once_and_kept(settings, tmp_path):
    settings.PAYMENT_DEMO_KEY_DIR = tmp_path / "demo-keys"
    settings.WECHAT_PAY_PRIVATE_KEY = settings.ALIPAY_PRIVATE_KEY = ""
    first, again = DemoMerchant.development(), DemoMerchant.development()
    assert first == again
    assert sorted(path.name for path in (tmp_path / "demo-keys").iterdir()) == [
        "alipay-app.pem",
        "alipay-gateway.pem",
        "wechat-merchant.pem",
        "wechat-platform.pem",
    ]
    assert (tmp_path / "demo-keys" / "wechat-platform.pem").stat().st_mode & 0o777 == 0o600
    assert first.govhall_settings("http://x")["ALIPAY_PUBLIC_KEY"] == keys.public_pem(first.alipay_gateway_key)


def test_a_server_without_debug_gets_the_development_merchant_from_the_key_directory(settings, tmp_path):
    """The benchmark's way: GovHall with DEBUG off configured from the directory run_demo_services reads too."""
    merchant = DemoMerchant.from_directory(tmp_path)
    for name in ("WECHAT_PAY_PRIVATE_KEY", "ALIPAY_PRIVATE_KEY", "WECHAT_PAY_MCHID", "ALIPAY_APP_ID"):
        setattr(settings, name, "")
    settings.PAYMENT_DEMO_KEY_DIR = tmp_path
    assert DemoMerchant.development() == merchant
    environment = merchant.govhall_settings("http://127.0.0.1:8470")
    assert environment["WECHAT_PAY_URL"] == "http://127.0.0.1:8470/wechatpay"
    assert environment["WECHAT_PAY_MCHID"] == "1900000001"
