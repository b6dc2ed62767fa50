import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_clerk_finds_by_document_or_phone_masked_then_reveals_with_audit(client):
    alice = person("alice", phone="13812341234")
    clerk = staff("clerk", Role.WINDOW_CLERK)
    client.force_login(clerk)
    page = client.post("/accounts/staff/people/", {"q": "11010519491231002x"}).content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page
    assert "138****1234" in client.post("/accounts/staff/people/", {"q": "13812341234"}).content.decode()
    revealed = client.post(f"/accounts/staff/people/{alice.person.pk}/reveal/").content.decode()
    assert "11010519491231002X" in revealed and "13812341234" in revealed
    event = AuditEvent.objects.get(action="accounts.view_personal_data")
    assert (event.actor, event.object_id) == (clerk, str(alice.pk))
    client.force_login(alice)
    assert "accounts.view_personal_data" in client.get("/accounts/me/activity/").content.decode()


@pytest.mark.parametrize(
    ("role", "lookup", "reveal"),
    [
        (Role.WINDOW_CLERK, 200, 200),
        (Role.REVIEWER, 200, 200),
        (Role.APPROVER, 200, 200),
        (Role.SUPERVISOR, 200, 403),
        (Role.CATALOG_MANAGER, 403, 403),
        (Role.OPERATOR, 403, 403),
        ("citizen", 403, 403),
    ],
)
def test_access_matrix(client, role, lookup, reveal):
    alice = person("alice", number=0)
    visitor = person("bob", number=1) if role == "citizen" else staff("someone", role)
    client.force_login(visitor)
    assert client.post("/accounts/staff/people/", {"q": "11010519491231002X"}).status_code == lookup
    response = client.post(f"/accounts/staff/people/{alice.person.pk}/reveal/")
    assert response.status_code == reveal
    if reveal != 200:
        assert "11010519491231002X" not in response.content.decode()
        assert not AuditEvent.objects.filter(action="accounts.view_personal_data").exists()


def test_unknown_person(client):
    client.force_login(staff("clerk", Role.WINDOW_CLERK))
    assert "没有找到" in client.post("/accounts/staff/people/", {"q": "110101199003077710"}).content.decode()
    assert client.post("/accounts/staff/people/999999/reveal/").status_code == 404


def test_only_a_person_found_in_this_session_is_revealed(client):
    """Reveal by id alone let a clerk walk the ids and read every person's full document number and phone."""
    alice, bob = person("alice", phone="13812341234"), person("bob", number=1)
    client.force_login(staff("clerk", Role.WINDOW_CLERK))
    for profile in (alice.person, bob.person):
        response = client.post(f"/accounts/staff/people/{profile.pk}/reveal/")
        assert response.status_code == 404
        assert "11010519491231002X" not in response.content.decode()
    client.post("/accounts/staff/people/", {"q": "13812341234"})  # finds alice by her phone
    assert client.post(f"/accounts/staff/people/{bob.person.pk}/reveal/").status_code == 404
    assert "11010519491231002X" in client.post(f"/accounts/staff/people/{alice.person.pk}/reveal/").content.decode()
    assert AuditEvent.objects.filter(action="accounts.view_personal_data").count() == 1


def test_the_number_searched_for_is_never_in_the_address(client):
    """A GET put the full document number or phone in access logs, Referer headers and the browser's history."""
    person("alice", phone="13812341234")
    client.force_login(staff("clerk", Role.WINDOW_CLERK))
    page = client.get("/accounts/staff/people/", {"q": "13812341234"}).content.decode()
    assert "138****1234" not in page and 'method="post"' in page
    assert "138****1234" in client.post("/accounts/staff/people/", {"q": "13812341234"}).content.decode()
