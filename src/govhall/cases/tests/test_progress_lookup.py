import pytest

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
