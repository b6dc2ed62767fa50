"""Which ways of paying this deployment offers: a gateway channel counts when its provider is named in the settings
(core.providers KINDS); the window channels (cash, POS) always do."""

from django.conf import settings

from govhall.core.providers import KINDS
from govhall.payments.constants import GATEWAY_CHANNELS, METHOD_CHANNEL, CheckoutMethod
from govhall.payments.gateways import GATEWAY_KINDS


def configured(channel: str) -> bool:
    """Is a gateway named for `channel` (wechat, alipay, non_tax)?"""
    kind = KINDS.get(GATEWAY_KINDS.get(channel, ""))  # type: ignore[call-overload]
    return kind is not None and bool(getattr(settings, kind.setting, ""))


def gateway_channels() -> list[str]:
    return [str(channel) for channel in GATEWAY_CHANNELS if configured(channel)]


def checkout_methods() -> list[str]:
    """The CheckoutMethods a payer may choose here (for the pay page)."""
    return [str(method) for method in CheckoutMethod if configured(METHOD_CHANNEL[method])]
