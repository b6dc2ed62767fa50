from typing import Any

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person
from govhall.cases.models import Case
from govhall.cases.services import submit_case
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import published_item


def submitted_case(applicant: Any = None, item: Any = None, **extra: Any) -> Case:
    applicant = applicant or User.objects.filter(username="applicant").first() or person("applicant", number=4)
    item = item or Item.objects.filter(name="食品经营许可（新办）").first() or published_item()
    return submit_case(
        applicant=applicant, item=item, form_data={"reason": "开设餐馆"}, idempotency_key="", channel="web", **extra
    )


def reviewed(case: Case, actor: Any = None) -> Case:
    """An accepted case taken through its review (start_review and every review step) by `actor`, ready for a
    decision."""
    from govhall.cases.constants import Act
    from govhall.cases.permissions import review_steps
    from govhall.cases.services import act_on

    case = act_on(case=case, act=Act.START_REVIEW, actor=actor, channel="window")
    for _step in review_steps(case):
        case = act_on(case=case, act=Act.PASS_STEP, actor=actor, channel="window")
    return case


def draft_case(applicant: Any = None, item: Any = None) -> Case:
    """An unfinished application saved as a draft on the portal."""
    from govhall.cases.services import Application, save_draft

    applicant = applicant or User.objects.filter(username="applicant").first() or person("applicant", number=4)
    item = item or Item.objects.filter(name="食品经营许可（新办）").first() or published_item()
    return save_draft(
        applicant=applicant,
        item=item,
        application=Application(form_data={"reason": "还没想好"}),
        channel="web",
        draft=None,
    )
