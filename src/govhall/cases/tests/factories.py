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
