"""Who may see a payment order: whoever may see its case (cases.access: the applicant, the enterprise's agents, staff
whose role in the case's department holds cases.view — a place in another department adds nothing). Every page and
API handler fetches orders through get_order_for_user; a refund or receipt is reached through its order."""

from django.db.models import QuerySet
from django.http import Http404

from govhall.accounts.models import User
from govhall.cases.access import cases_for_user
from govhall.payments.models import PaymentOrder


def orders_for_user(user: User) -> QuerySet[PaymentOrder]:
    return PaymentOrder.objects.filter(case__in=cases_for_user(user).values("pk"))


def get_order_for_user(user: User, number: str) -> PaymentOrder:
    """The order `number` if `user` may see it, else Http404 (the same answer as for no such order)."""
    related = ("case__item", "case__department", "case__applicant", "payer")
    order = orders_for_user(user).select_related(*related).filter(number=str(number)[:32]).first()
    if order is None:
        raise Http404("没有该支付订单，或您无权查看。")
    return order
