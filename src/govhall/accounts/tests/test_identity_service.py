"""HttpIdentityCheck against the demo national identity-check service over loopback."""

import pytest

from govhall.accounts.constants import DocumentType
from govhall.accounts.providers import HttpIdentityCheck


def verify(number: str, document_type: str = DocumentType.RESIDENT_ID, name: str = "张三"):  # type: ignore[no-untyped-def]
    return HttpIdentityCheck().verify(real_name=name, document_type=document_type, document_number=number)


def test_a_valid_document_matches_with_the_services_reference():
    result = verify("11010519491231002X")
    assert result.matched and result.reference.startswith("demo-")


@pytest.mark.parametrize(
    ("number", "document_type", "reason"),
    [
        ("110101199003070134", DocumentType.RESIDENT_ID, "不一致"),  # in the service's mismatch list
        ("110105194912310021", DocumentType.RESIDENT_ID, "校验位"),
        ("E99999999", DocumentType.PASSPORT, "不一致"),
        ("12", DocumentType.TAIWAN_PERMIT, "格式"),
    ],
)
def test_the_service_answers_mismatch(number, document_type, reason):
    result = verify(number, document_type)
    assert not result.matched and reason in result.reason


def test_a_wrong_key_is_refused_and_is_not_a_match(settings):
    settings.IDENTITY_SERVICE_KEY_SECRET = "wrong"
    result = verify("11010519491231002X")
    assert not result.matched and "暂时不可用" in result.reason


def test_a_service_that_is_down_is_not_a_match(settings):
    settings.IDENTITY_SERVICE_URL = "http://127.0.0.1:9/identity/verify"
    assert not verify("11010519491231002X").matched
