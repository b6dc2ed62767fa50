"""删除草稿: the applicant deletes their own draft (audited); a filed case or someone else's draft is refused."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases import drafts
from govhall.cases.models import Case
from govhall.cases.services import CaseError
from govhall.cases.tests.factories import draft_case, submitted_case
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_applicant_deletes_a_draft_and_it_is_audited():
    alice = person("alice")
    draft = draft_case(alice)
    number = drafts.delete_draft(case=draft, actor=alice, channel="web")
    assert number == draft.number
    assert not Case.objects.filter(pk=draft.pk).exists()
    row = AuditEvent.objects.get(action="cases.delete_draft")
    assert row.actor_id == alice.pk and row.object_id == str(draft.pk) and row.detail["number"] == number


def test_a_filed_case_is_not_deleted():
    alice = person("alice")
    case = submitted_case(alice)
    with pytest.raises(CaseError, match="已提交"):
        drafts.delete_draft(case=case, actor=alice, channel="web")
    assert Case.objects.filter(pk=case.pk).exists()


def test_only_the_applicant_deletes_their_draft():
    draft = draft_case(person("alice"))
    with pytest.raises(CaseError, match="只有申请人"):
        drafts.delete_draft(case=draft, actor=person("bob", number=2), channel="web")
    assert Case.objects.filter(pk=draft.pk).exists()
    assert not AuditEvent.objects.filter(action="cases.delete_draft").exists()
