"""Ratings, rectifications, appeals and the supervision lists for staff with places in two departments: each place
grants only what its role grants in that department (docs/roles.md)."""

import pytest

from govhall.accounts.models import User
from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import published_item
from govhall.evaluation.models import Appeal
from govhall.evaluation.tests.factories import concluded_case, rated
from govhall.organisations.constants import Role
from govhall.organisations.models import Department, StaffMembership
from govhall.supervision.access import supervision_scope

pytestmark = pytest.mark.django_db
DENIED = {403, 404}


def place(user: User, department: Department, role: str) -> User:
    StaffMembership.objects.create(user=user, department=department, role=role)
    return user


@pytest.fixture
def world():
    items = {"a": published_item(number=1), "b": published_item(number=2, department="区市场监管局", name="个体登记")}
    ratings = {key: rated(concluded_case(item=item), score=1) for key, item in items.items()}
    a, b = items["a"].department, items["b"].department
    people = {
        "approver A + catalog B": place(staff("app-cat", Role.APPROVER, department=a), b, Role.CATALOG_MANAGER),
        "reviewer A + approver B": place(staff("rev-app", Role.REVIEWER, department=a), b, Role.APPROVER),
        "supervisor A + clerk B": place(staff("sup-clerk", Role.SUPERVISOR, department=a), b, Role.WINDOW_CLERK),
    }
    return {"a": a, "b": b, "ratings": ratings, "people": people}


SEES = {"approver A + catalog B": {"a"}, "reviewer A + approver B": {"a", "b"}, "supervisor A + clerk B": {"a", "b"}}
APPEALS = {"approver A + catalog B": {"a"}, "reviewer A + approver B": {"b"}, "supervisor A + clerk B": set()}


@pytest.mark.parametrize("who", sorted(SEES))
def test_department_rating_pages_follow_the_role_in_each_department(client, world, who):
    client.force_login(world["people"][who])
    listing = client.get("/ratings/department/").content.decode()
    for key, rating in world["ratings"].items():
        seen = key in SEES[who]
        assert (rating.case.number in listing) is seen, (who, key)
        page = client.get(f"/ratings/department/{rating.pk}/")
        assert page.status_code == (200 if seen else 404), (who, key)
        response = client.post(f"/ratings/department/{rating.pk}/appeal/", {"reason": "评价人误解了收费标准。"})
        assert response.status_code in ({302} if seen else DENIED), (who, key, response.status_code)
        assert Appeal.objects.filter(rating=rating).exists() is (key in APPEALS[who]), (who, key)


def test_a_supervisor_in_a_supervises_only_a_even_with_a_clerk_place_in_b(client, world):
    user = world["people"]["supervisor A + clerk B"]
    assert supervision_scope(user) == [world["a"].pk]
    client.force_login(user)
    for url in ("/supervision/rectifications/", "/supervision/drill/concluded/numerator/"):
        listing = client.get(url).content.decode()
        assert world["ratings"]["a"].case.number in listing, url
        assert world["ratings"]["b"].case.number not in listing, url
    other = {"department": world["b"].pk}
    assert (
        world["ratings"]["b"].case.number
        not in client.get("/supervision/drill/concluded/numerator/", other).content.decode()
    )
    approver_b = place(staff("ab", Role.APPROVER, department=world["b"]), world["a"], Role.CATALOG_MANAGER)
    client.force_login(approver_b)
    client.post(f"/ratings/department/{world['ratings']['b'].pk}/appeal/", {"reason": "评价与本部门无关。"})
    appeal = Appeal.objects.get(rating=world["ratings"]["b"])
    client.force_login(user)
    assert client.get(f"/ratings/appeals/{appeal.pk}/").status_code == 404
    assert world["ratings"]["b"].case.number not in client.get("/ratings/appeals/").content.decode()


@pytest.mark.parametrize("who", ["approver A + catalog B", "reviewer A + approver B"])
def test_staff_without_a_supervision_role_get_no_supervision_pages(client, world, who):
    client.force_login(world["people"][who])
    for url in ("/supervision/", "/supervision/rectifications/", "/ratings/appeals/", "/outreach/"):
        assert client.get(url).status_code == 403, (who, url)
