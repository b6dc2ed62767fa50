"""Deleting an unfinished application (删除草稿): a draft was never filed, so nothing about it is kept for the
department — it goes with its material links and messages; the files stay in the person's 材料库 (locker). Filed cases
are withdrawn instead (services.withdraw), never deleted."""

from django.db import transaction
from django.db.models import ProtectedError

from govhall.accounts.models import User
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.cases.services import CaseError
from govhall.core import audit


@transaction.atomic
def delete_draft(*, case: Case, actor: User, channel: str) -> str:
    """Delete the applicant's own draft; returns the number it had (for the message)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.applicant_id != actor.pk:
        raise CaseError("只有申请人可以删除草稿。")
    if case.state != CaseState.DRAFT:
        raise CaseError("该申请已提交，不能删除；如需撤回请在办件页撤回申请。")
    number = case.number
    audit.record(
        actor=actor,
        action="cases.delete_draft",
        channel=channel,
        target=case,
        detail={"number": number, "item": case.item_id},
    )
    try:
        with transaction.atomic():
            case.delete()
    except ProtectedError as error:  # e.g. a payment or a shipment already points at it
        raise CaseError("该草稿已有关联的缴费或寄递记录，不能删除。") from error
    return number
