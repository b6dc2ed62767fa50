"""/supervision/enquiries/: the enquiry figures of the supervisor's departments; others refused; bad dates 400."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.enquiries import services
from govhall.enquiries.constants import Kind, Satisfaction
from govhall.enquiries.tests.factories import clerk, enquiry, item, other_department
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_a_supervisor_sees_the_figures_of_their_department(client):
    asked = enquiry()
    services.reply(asked, actor=clerk(), text="答复")
    services.rate(asked, user=asked.user, satisfaction=Satisfaction.SATISFIED)
    enquiry(kind=Kind.COMPLAINT, department=other_department(), item=None, title="别的部门的投诉")
    client.force_login(staff("sam", Role.SUPERVISOR, department=item().department))
    page = client.get("/supervision/enquiries/").content.decode()
    assert "按时答复率" in page and "100%" in page and item().department.name in page
    assert "区市场监管局" not in page
    assert client.get("/supervision/enquiries/?day_from=2026-12-05&day_to=2026-01-01").status_code == 400


def test_others_are_refused(client):
    client.force_login(clerk())
    assert client.get("/supervision/enquiries/").status_code == 403
