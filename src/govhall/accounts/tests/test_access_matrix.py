"""For every page and API endpoint that returns or changes an account object, the owner, an unrelated person, an agent
and every staff role try it: only the entitled succeed; the rest get 403/404 (or a login redirect), never the data."""

import pytest

from govhall.accounts.models import Address, Authorisation
from govhall.accounts.tests.factories import authorise, organisation, person, staff
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
DENIED = {403, 404}
ACTORS = ["owner", "stranger", "agent", *[role.value for role in Role]]


@pytest.fixture
def world():
    carol = person("carol", number=0)  # legal representative, owner of everything below
    dave = person("dave", number=1)  # an agent of carol's enterprise
    stranger = person("erin", number=2)
    org = organisation(carol)
    grant = authorise(org, dave)
    address = Address.objects.create(
        user=carol, recipient="卡罗", phone="13900000000", area="广安区", detail="秘密路 1 号"
    )
    people = {"owner": carol, "agent": dave, "stranger": stranger}
    for role in Role:
        people[role.value] = staff(f"staff-{role.value}", role)
    return {"org": org, "grant": grant, "address": address, "people": people}


# (name, method, url, data, who may: {actor: status}); anyone not listed must be denied.
def endpoints(w):
    org, grant, address = w["org"], w["grant"], w["address"]
    return [
        ("agents page", "get", f"/accounts/me/organisations/{org.pk}/agents/", None, {"owner": 200}),
        (
            "grant agent",
            "post",
            f"/accounts/me/organisations/{org.pk}/agents/",
            {"agent_username": "erin", "valid_until": "2099-01-01"},
            {"owner": 302},
        ),
        ("revoke agent", "post", f"/accounts/me/authorisations/{grant.pk}/revoke/", {}, {"owner": 302}),
        ("act as enterprise", "post", "/accounts/me/act-as/", {"organisation": org.pk}, {"owner": 302, "agent": 302}),
        ("delete address", "post", f"/accounts/me/addresses/{address.pk}/delete/", {}, {"owner": 302}),
    ]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("index", range(5))
def test_account_objects(client, world, actor, index):
    name, method, url, data, allowed = endpoints(world)[index]
    client.force_login(world["people"][actor])
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    if actor in allowed:
        assert response.status_code == allowed[actor], name
    else:
        assert response.status_code in DENIED, (name, actor, response.status_code)
        body = response.content.decode()
        assert "秘密路" not in body and "91350100M000100Y43" not in body
    grant = Authorisation.objects.get(pk=world["grant"].pk)
    if not (actor == "owner" and name == "revoke agent"):
        assert grant.revoked_at is None
    if not (actor == "owner" and name == "delete address"):
        assert Address.objects.filter(pk=world["address"].pk).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_own_pages_show_only_own_data(client, world, actor):
    client.force_login(world["people"][actor])
    for url in ("/accounts/me/", "/accounts/me/addresses/", "/accounts/me/activity/", "/accounts/me/organisations/"):
        body = client.get(url).content.decode()
        if actor != "owner":
            assert "秘密路" not in body, (url, actor)
        if actor not in ("owner", "agent"):
            assert "91350100M000100Y43" not in body, (url, actor)
