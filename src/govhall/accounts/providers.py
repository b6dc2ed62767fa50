"""The outside world of identity: the real-name check, a provider (core.providers) chosen by setting
(IDENTITY_PROVIDER). `HttpIdentityCheck` speaks signed JSON over HTTP (core.providers.signed_request) to
IDENTITY_SERVICE_URL; in development and the tests `govhall.contrib.demo` answers it over loopback. (The SMS gateway is
notices' provider: notices.providers.)"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


@dataclass(frozen=True)
class IdentityResult:
    matched: bool
    reason: str = ""
    reference: str = ""


class IdentityCheck(Provider):
    """The national population information service (公安人口信息核验): does the name belong to the document?"""

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult:
        raise NotImplementedError


class HttpIdentityCheck(IdentityCheck):
    """POSTs {name, document_type, document_number} signed to IDENTITY_SERVICE_URL; the service answers
    {"result": "match" | "mismatch", "reason": …, "reference": …}. A service that cannot be reached is not a match
    (the person is told to try again later), never a pass."""

    name = "http"
    required_settings = ("IDENTITY_SERVICE_URL", "IDENTITY_SERVICE_KEY_ID", "IDENTITY_SERVICE_KEY_SECRET")

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult:
        try:
            answer = providers.signed_request(
                settings.IDENTITY_SERVICE_URL,
                key_id=settings.IDENTITY_SERVICE_KEY_ID,
                secret=settings.IDENTITY_SERVICE_KEY_SECRET,
                payload={"name": real_name, "document_type": document_type, "document_number": document_number},
            )
        except ProviderError:
            return IdentityResult(False, gettext("实名核验服务暂时不可用，请稍后重试。"))
        return IdentityResult(
            answer.get("result") == "match", str(answer.get("reason", "")), str(answer.get("reference", ""))
        )


def identity_check() -> IdentityCheck:
    return providers.get("identity", IdentityCheck)
