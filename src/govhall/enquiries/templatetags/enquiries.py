"""One-line insertions in the portal's pages:

- {% item_questions item %} on the guide page: the item's public Q&A (moderated answers) and 我要咨询 / 投诉;
- {% case_enquiry_link case %} on the applicant's case page: 咨询或投诉该办件."""

from typing import Any

from django import template

from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.enquiries.selectors import public_answers

register = template.Library()


@register.inclusion_tag("enquiries/_item_questions.html")
def item_questions(item: Item) -> dict[str, Any]:
    return {"item": item, "answers": public_answers(item)}


@register.inclusion_tag("enquiries/_case_link.html")
def case_enquiry_link(case: Case) -> dict[str, Any]:
    return {"case": case}
