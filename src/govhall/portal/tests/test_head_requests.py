"""HEAD answers wherever GET does (monitoring probes and `curl -I` use it): pages that only read allow GET and HEAD."""

import pytest

from govhall.cases.tests.factories import submitted_case

pytestmark = pytest.mark.django_db


def test_pages_that_read_answer_head(client):
    case = submitted_case()
    for path in ("/", "/search/?q=户口", "/supervision/public/"):
        assert client.head(path).status_code == 200, path
    client.force_login(case.applicant)
    for path in (f"/cases/{case.number}/", "/cases/mine/"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""
