"""我的证照: a person sees their own licences, and the enterprise's while acting for it; downloads their own copy of the
document (audited); someone else's licence is a 404 for every page. Linked from 我的账户 and the home page."""

import pytest
from django.urls import reverse

from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_wallet_needs_a_login(client):
    response = client.get(reverse("wallet:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_sees_their_own_licences_only(client, people):
    client.force_login(people.alice)
    page = client.get(reverse("wallet:home")).content.decode()
    assert people.licence.number in page and people.licence.licence_type.name in page
    assert people.licence.issuer_name in page and "有效" in page
    assert people.business.number not in page
    assert reverse("wallet:show", args=[people.licence.pk]) in page


def test_acting_for_the_enterprise_adds_its_licences(client, people, act_for):
    client.force_login(people.dave)
    assert people.business.number not in client.get(reverse("wallet:home")).content.decode()
    act_for(client, people.enterprise)
    page = client.get(reverse("wallet:home")).content.decode()
    assert people.business.number in page and people.enterprise.name in page


def test_the_holder_downloads_their_copy_and_it_is_audited(client, people):
    client.force_login(people.alice)
    response = client.get(reverse("wallet:document", args=[people.licence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="licences.download")
    assert event.actor_id == people.alice.pk and event.object_id == str(people.licence.pk)


@pytest.mark.parametrize(
    ("name", "method"),
    [("wallet:document", "get"), ("wallet:show", "post"), ("wallet:grant", "get"), ("wallet:grant", "post")],
)
def test_someone_elses_licence_is_404_everywhere(client, people, act_for, name, method):
    client.force_login(people.bob)
    act_for(client, people.enterprise)  # bob may not act for it: the session's claim is dropped
    for licence in (people.licence, people.business):
        response = getattr(client, method)(reverse(name, args=[licence.pk]))
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__in=["licences.download", "licences.show"]).exists()


def test_the_wallet_is_linked_from_my_account_and_the_home_page(client, people):
    client.force_login(people.alice)
    url = reverse("wallet:home")
    assert url in client.get(reverse("accounts:me")).content.decode()
    assert url in client.get(reverse("portal:home")).content.decode()


def test_the_wallet_page_asks_a_fixed_number_of_queries(client, people, django_assert_max_num_queries):
    from govhall.licences.tests.wallet_factories import personal_licence

    for _ in range(3):
        personal_licence(people.alice)
    client.force_login(people.alice)
    client.get(reverse("wallet:home"))
    with django_assert_max_num_queries(40):
        assert client.get(reverse("wallet:home")).status_code == 200
