import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.tests.factories import submitted_case

pytestmark = pytest.mark.django_db


def test_lookup_by_number_and_last_four(client):
    case = submitted_case()  # applicant phone 13900000004, document 11010119900307001X
    page = client.post("/cases/progress/", {"number": case.number, "last4": "0004"})
    assert page.status_code == 200 and "已申报" in page.content.decode()
    by_id = client.post("/cases/progress/", {"number": case.number.lower(), "last4": "001x"})
    assert by_id.status_code == 200
    body = by_id.content.decode()
    assert "11010119900307001X" not in body and "13900000004" not in body


@pytest.mark.parametrize(
    "data",
    [{"number": "GH000", "last4": "0004"}, {"number": "", "last4": ""}, {"number": "x" * 500, "last4": "y" * 500}],
)
def test_wrong_details_say_so(client, data):
    submitted_case()
    response = client.post("/cases/progress/", data)
    assert response.status_code == 400 and "不正确" in response.content.decode()


def test_wrong_last_four_and_rate_limit(client, settings):
    settings.LOOKUP_PER_IP_PER_HOUR = 3
    case = submitted_case()
    for _ in range(3):
        assert client.post("/cases/progress/", {"number": case.number, "last4": "9999"}).status_code == 400
    refused = client.post("/cases/progress/", {"number": case.number, "last4": "0004"})
    assert refused.status_code == 429 and "频繁" in refused.content.decode()


def test_the_form_is_prefilled_from_the_qr_link(client):
    assert 'value="GH20261122000001"' in client.get("/cases/progress/?number=GH20261122000001").content.decode()


def test_wrong_tries_per_case_are_limited_from_any_address(client, settings):
    settings.LOOKUP_FAILURES_PER_CASE_PER_DAY = 3
    case = submitted_case()
    for guess in range(3):
        response = client.post(
            "/cases/progress/", {"number": case.number, "last4": f"{guess:04d}"}, REMOTE_ADDR=f"10.1.0.{guess}"
        )
        assert response.status_code == 400
    refused = client.post("/cases/progress/", {"number": case.number, "last4": "0004"}, REMOTE_ADDR="10.1.0.99")
    assert refused.status_code == 429 and "验证失败次数过多" in refused.content.decode()
    other = submitted_case(applicant=person("other", number=1, phone="13900000005"))
    assert client.post("/cases/progress/", {"number": other.number, "last4": "0005"}).status_code == 200


def test_right_answers_do_not_use_up_the_cases_allowance(client, settings):
    settings.LOOKUP_FAILURES_PER_CASE_PER_DAY = 2
    case = submitted_case()
    for _ in range(5):
        assert client.post("/cases/progress/", {"number": case.number, "last4": "0004"}).status_code == 200


def test_the_address_behind_a_trusted_proxy_is_the_forwarded_one(client, settings):
    settings.LOOKUP_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]
    case = submitted_case()
    via_proxy = {"REMOTE_ADDR": "10.9.0.5"}
    for client_ip in ("203.0.113.7", "203.0.113.7"):
        headers = {"X-Forwarded-For": f"198.51.100.1, {client_ip}"}  # the first entry is the client's own claim
        assert (
            client.post(
                "/cases/progress/", {"number": case.number, "last4": "0004"}, headers=headers, **via_proxy
            ).status_code
            == 200
        )
    blocked = client.post(
        "/cases/progress/",
        {"number": case.number, "last4": "0004"},
        headers={"X-Forwarded-For": "203.0.113.7"},
        **via_proxy,
    )
    assert blocked.status_code == 429
    # another client behind the same proxy is not blocked with them
    other = client.post(
        "/cases/progress/",
        {"number": case.number, "last4": "0004"},
        headers={"X-Forwarded-For": "203.0.113.8"},
        **via_proxy,
    )
    assert other.status_code == 200
    from govhall.core.models import AuditEvent

    assert set(AuditEvent.objects.filter(action="cases.lookup").values_list("ip_address", flat=True)) == {
        "203.0.113.7",
        "203.0.113.8",
    }
