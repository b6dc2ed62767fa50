"""Answered questions made public as the item's Q&A on its guide page: a member of staff who handles the item's
department's enquiries edits the question and the answer; personal data is stripped (evaluation.moderation's rules,
plus the names the system knows: the person's, the staff's) before and after the edit. Withdrawing hides it again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.enquiries.constants import CONTENT_MAX, HANDLE, REPLY_MAX, Act, Kind, State
from govhall.enquiries.models import Enquiry, EnquiryEvent, PublicAnswer
from govhall.enquiries.services import EnquiryRefused, clean_text
from govhall.evaluation.moderation import strip_personal_data
from govhall.organisations.access import staff_can


def known_names(enquiry: Enquiry) -> list[str]:
    names = [enquiry.contact_name or ""]
    for staff in (enquiry.assignee, enquiry.replied_by, enquiry.about_staff, enquiry.user):
        if staff is not None:
            names += [staff.display_name, staff.get_full_name()]
    return names


def why_not_publishable(enquiry: Enquiry) -> str:
    if enquiry.kind != Kind.CONSULT:
        return _("只有咨询可以公开为问答。")
    if enquiry.state not in (State.ANSWERED, State.CLOSED):
        return _("答复后才能公开。")
    if enquiry.item_id is None:
        return _("该咨询没有关联事项，无法在办事指南中公开。")
    return ""


def draft(enquiry: Enquiry) -> tuple[str, str]:
    """The question and answer as proposed to the moderator: personal data already stripped."""
    names = known_names(enquiry)
    return strip_personal_data(enquiry.content, names), strip_personal_data(enquiry.reply, names)


def publish(enquiry: Enquiry, *, actor: User, question: str, answer: str) -> PublicAnswer:
    enquiry = Enquiry.objects.select_related("item", "department").get(pk=enquiry.pk)
    problem = why_not_publishable(enquiry)
    if problem:
        raise EnquiryRefused(problem)
    if not staff_can(actor, HANDLE, enquiry.department):
        raise EnquiryRefused(_("您不在该部门处理咨询投诉。"))
    names = known_names(enquiry)
    question = strip_personal_data(clean_text(question, label=_("问题"), limit=CONTENT_MAX), names)
    answer = strip_personal_data(clean_text(answer, label=_("答复"), limit=REPLY_MAX), names)
    assert enquiry.item is not None
    with transaction.atomic():
        public, _created = PublicAnswer.objects.update_or_create(
            enquiry=enquiry,
            defaults={
                "item": enquiry.item,
                "question": question,
                "answer": answer,
                "published_by": actor,
                "published_at": timezone.now(),
                "withdrawn_at": None,
            },
        )
        EnquiryEvent.objects.create(enquiry=enquiry, act=Act.PUBLISH, actor=actor)
        audit.record(actor=actor, action="enquiries.published", channel=Channel.WEB, target=enquiry)
    return public


def withdraw(enquiry: Enquiry, *, actor: User) -> None:
    if not staff_can(actor, HANDLE, enquiry.department):
        raise EnquiryRefused(_("您不在该部门处理咨询投诉。"))
    with transaction.atomic():
        if PublicAnswer.objects.filter(enquiry=enquiry, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now()):
            EnquiryEvent.objects.create(enquiry=enquiry, act=Act.UNPUBLISH, actor=actor)
            audit.record(actor=actor, action="enquiries.withdrawn", channel=Channel.WEB, target=enquiry)
