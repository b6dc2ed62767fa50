"""The provider registry: one cached instance per configured class, and the system check that refuses to start with
a provider that cannot load (bad dotted path, wrong base class, missing setting) — without any network call."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from govhall.core import providers
from govhall.core.checks import KEYS
from govhall.notices.providers import HttpSmsSender, SmsSender


class NotASender:
    pass


def provider_errors() -> set[str]:
    return {message.id for message in providers.providers_configured(None)}


def test_get_returns_one_instance_of_the_configured_class():
    first = providers.get("sms", SmsSender)
    assert isinstance(first, HttpSmsSender) and providers.get("sms", SmsSender) is first


def test_the_configured_providers_pass_the_check():
    assert provider_errors() == set()


def test_the_check_runs_at_every_start():
    """Tagged with the key checks, which manage.py check, the worker, run_periodic and wsgi.py (gunicorn) run."""
    from django.core.checks import registry

    assert (
        providers.providers_configured in registry.registry.get_checks() and KEYS in providers.providers_configured.tags
    )


def test_a_dotted_path_that_cannot_be_imported_fails_the_check(settings):
    settings.SMS_PROVIDER = "govhall.notices.providers.NoSuchSender"
    assert provider_errors() == {"govhall.E021"}
    with pytest.raises(ImportError):
        providers.get("sms", SmsSender)


def test_a_class_of_the_wrong_kind_fails_the_check(settings):
    settings.COURIER_PROVIDER = "govhall.notices.providers.HttpSmsSender"
    assert provider_errors() == {"govhall.E022"}
    settings.SMS_PROVIDER = f"{__name__}.NotASender"
    with pytest.raises(ImproperlyConfigured):
        providers.get("sms", SmsSender)


def test_a_missing_key_fails_the_check(settings):
    settings.SMS_GATEWAY_KEY_SECRET = ""
    [error] = providers.providers_configured(None)
    assert error.id == "govhall.E023"
    assert "SMS_GATEWAY_KEY_SECRET" in error.msg


def test_an_unimportable_mailer_fails_the_check(settings):
    settings.MAILERS = {"default": {"BACKEND": "no.such.Backend"}}
    assert provider_errors() == {"govhall.E021"}


def test_production_must_name_every_provider(settings):
    settings.IDENTITY_PROVIDER = ""
    [unset] = providers.providers_named(None)
    assert unset.id == "govhall.E020" and "IDENTITY_PROVIDER" in unset.msg
    assert provider_errors() == set()  # unset is not a broken start: the kind's own use says it is not configured
    with pytest.raises(ImproperlyConfigured):
        providers.get("identity", SmsSender)


def test_a_payment_gateway_missing_or_with_a_broken_key_fails_the_check(settings):
    settings.ALIPAY_PUBLIC_KEY = ""
    [error] = providers.providers_configured(None)
    assert error.id == "govhall.E023" and "ALIPAY_PUBLIC_KEY" in error.msg
    settings.ALIPAY_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----"
    [error] = providers.providers_configured(None)
    assert error.id == "govhall.E023" and "ALIPAY_PUBLIC_KEY is not an RSA public key" in error.msg
