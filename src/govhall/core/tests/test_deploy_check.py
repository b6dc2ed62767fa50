"""`manage.py check --deploy` with the production settings of docs/deployment.md passes with no warning."""

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

from govhall.core import gm
from govhall.payments import keys as payment_keys

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "zwfw.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://zwfw.example.gov.cn",
    "SITE_URL": "https://zwfw.example.gov.cn",
    "TRUSTED_PROXIES": "127.0.0.1,::1",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "OIDC_REDIRECT_SCHEMES": "https",
    "VIRUS_SCAN_PROVIDER": "govhall.cases.scanning.ClamdScanner",
    "CLAMD_HOST": "127.0.0.1",
    "CLAMD_PORT": "3310",
    "SMS_PROVIDER": "govhall.notices.providers.HttpSmsSender",
    "SMS_GATEWAY_URL": "https://sms.example.com/send",
    "SMS_GATEWAY_KEY_ID": "govhall",
    "SMS_GATEWAY_KEY_SECRET": "sms-secret",
    "IDENTITY_PROVIDER": "govhall.accounts.providers.HttpIdentityCheck",
    "IDENTITY_SERVICE_URL": "https://identity.example.gov.cn/verify",
    "IDENTITY_SERVICE_KEY_ID": "govhall",
    "IDENTITY_SERVICE_KEY_SECRET": "identity-secret",
    "COURIER_PROVIDER": "govhall.delivery.couriers.HttpCourier",
    "COURIER_API_URL": "https://courier.example.com/api",
    "COURIER_KEY_ID": "govhall",
    "COURIER_KEY_SECRET": "courier-secret",
    "SHARED_DATA_PROVIDER": "govhall.sharing.providers.HttpDataSource",
    "SHARED_DATA_URL": "https://exchange.example.gov.cn/api",
    "SHARED_DATA_KEY_ID": "govhall",
    "SHARED_DATA_KEY_SECRET": "exchange-secret",
    "NON_TAX_PROVIDER": "govhall.payments.nontax.NonTaxGateway",
    "NON_TAX_URL": "https://finance.example.gov.cn/nontax",
    "NON_TAX_KEY_ID": "govhall",
    "NON_TAX_KEY_SECRET": "finance-secret",
    "WECHAT_PAY_PROVIDER": "govhall.payments.wechat.WechatPayV3",
    "WECHAT_PAY_MCHID": "1900000109",
    "WECHAT_PAY_APPID": "wxd678efh567hg6787",
    "WECHAT_PAY_CERT_SERIAL": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    "WECHAT_PAY_APIV3_KEY": "0123456789abcdef0123456789abcdef",
    "WECHAT_PAY_PLATFORM_SERIAL": "PUB_KEY_ID_0119000000012025000000000001",
    "ALIPAY_PROVIDER": "govhall.payments.alipay.Alipay",
    "ALIPAY_APP_ID": "2021000000000001",
}


def run_check(tmp_path, collected=True, **extra):
    if collected:  # what collectstatic leaves
        (tmp_path / "static").mkdir(exist_ok=True)
        (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    key = tmp_path / "oidc.pem"
    key.write_text(
        subprocess.run(
            ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # The merchant keys (any RSA key will do here) and the gateways' public keys.
    gateway_public = tmp_path / "gateway-public.pem"
    gateway_public.write_text(payment_keys.public_pem(key.read_text()))
    log_key = tmp_path / "log.pem"
    log_key.write_bytes(gm.private_key_pem(gm.generate_private_key()))
    env = {key_: value for key_, value in os.environ.items() if not key_.startswith(("DEBUG", "SECURE_"))}
    env.update(PRODUCTION_ENV)
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
            "OIDC_RSA_PRIVATE_KEY_FILE": str(key),
            "LOG_SIGNING_KEY_FILE": str(log_key),
            "WECHAT_PAY_PRIVATE_KEY_FILE": str(key),
            "WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE": str(gateway_public),
            "ALIPAY_PRIVATE_KEY_FILE": str(key),
            "ALIPAY_PUBLIC_KEY_FILE": str(gateway_public),
            "GOVHALL_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "govhall.settings",
            "PYTHONPATH": str(settings.PROJECT_DIR / "src"),
        }
    )
    env.update(extra)
    return subprocess.run(
        [sys.executable, str(settings.PROJECT_DIR / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_documented_production_settings_pass_check_deploy(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_hsts_is_off_unless_configured(tmp_path):
    result = run_check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_hsts_off_by_default():
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_SSL_REDIRECT is False


def test_check_deploy_names_missing_static_files(tmp_path):
    result = run_check(tmp_path, collected=False)
    assert result.returncode != 0
    assert "govhall.E005" in result.stderr and "collectstatic" in result.stderr


def test_check_deploy_names_an_unnamed_provider_and_a_provider_missing_its_key(tmp_path):
    result = run_check(tmp_path, SMS_PROVIDER="", COURIER_KEY_SECRET="")
    assert result.returncode != 0
    assert "govhall.E020" in result.stderr and "SMS_PROVIDER" in result.stderr
    assert "govhall.E023" in result.stderr and "COURIER_KEY_SECRET" in result.stderr


def test_a_district_without_wechat_pay_or_alipay_passes_but_not_without_non_tax(tmp_path):
    result = run_check(tmp_path, WECHAT_PAY_PROVIDER="", ALIPAY_PROVIDER="")
    assert result.returncode == 0, result.stderr
    result = run_check(tmp_path, NON_TAX_PROVIDER="")
    assert result.returncode != 0
    assert "NON_TAX_PROVIDER is not set" in result.stderr
