"""Every change in 好差评: rating a concluded case, the rectification a bad rating opens (call-back, outcome and reply,
the rater's answer), escalation of overdue rectifications, one reminder per unrated case, appeals and their decision,
moderation of public comments, and the clerk's 请评价 at the window. Keyword-only, atomic, audited; messages are for the
person acting."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.core import audit
from govhall.core.bounds import whole_number
from govhall.core.workdays import add_working_days
from govhall.evaluation import access
from govhall.evaluation.constants import (
    BAD_SCORES,
    RATING_CHANNELS,
    AppealState,
    BadReason,
    Level,
    Moderation,
    Outcome,
    RequestState,
    aspects_for,
)
from govhall.evaluation.models import Appeal, Rating, RatingReminder, Rectification, WindowRatingRequest
from govhall.evaluation.moderation import strip_personal_data
from govhall.notices.services import tell
from govhall.organisations.access import staff_can

RATEABLE_STATES = frozenset({CaseState.CONCLUDED, CaseState.DELIVERED})
COMMENT_MAX = 500
# An unrated case is reminded once, this many days after its conclusion (while it may still be rated).
REMIND_AFTER_DAYS = 3


class RatingError(Exception):
    """The act cannot be done; the message says why."""


def rating_deadline(case: Case) -> datetime | None:
    if case.concluded_at is None:
        return None
    return case.concluded_at + timedelta(days=settings.RATING_WINDOW_DAYS)


def why_not_rateable(case: Case, *, now: datetime | None = None) -> str | None:
    """Why the case cannot be rated now (by anyone), or None."""
    if case.state not in RATEABLE_STATES or case.concluded_at is None:
        return "办件办结后才能评价。"
    deadline = rating_deadline(case)
    if deadline is not None and (now or timezone.now()) > deadline:
        return f"评价期已过：办结后 {settings.RATING_WINDOW_DAYS} 天内可以评价。"
    if Rating.objects.filter(case=case).exists():
        return "该办件已经评价过，每件事只能评价一次。"
    return None


def _clean_aspects(channel: str, aspects: dict[str, Any]) -> dict[str, int]:
    known = dict(aspects_for(channel))
    cleaned: dict[str, int] = {}
    for key, value in aspects.items():
        if value in ("", None):
            continue
        if key not in known:
            raise RatingError("评价项目无效。")
        score = whole_number(str(value), maximum=10) or 0
        if score not in Level.values:
            raise RatingError(f"“{known[key]}”请选择 1 到 5 之间的评价。")
        cleaned[key] = score
    return cleaned


def clean_bad_reasons(score: int, reasons: Iterable[str], comment: str) -> list[str]:
    """The reasons of a bad rating (差评原因, GB/T 39735), in BadReason's order: at least one for a score in
    BAD_SCORES, and the text when the reason is 其他; none kept for a rating that is not bad. The one home of the rule:
    the portal, the window screen and the kiosk all rate through rate()."""
    if score not in BAD_SCORES:
        return []
    given = {reason for reason in reasons if reason}
    if given - set(BadReason.values):
        raise RatingError("差评原因无效。")
    if not given:
        raise RatingError("不满意或非常不满意的评价请至少选择一项差评原因，以便部门整改。")
    if BadReason.OTHER in given and not comment.strip():
        raise RatingError("差评原因选择“其他”时，请在意见和建议中写明具体原因。")
    return [reason for reason in BadReason.values if reason in given]


@transaction.atomic
def rate(
    *,
    case: Case,
    rater: User | None,
    channel: str,
    score: int | str,
    aspects: dict[str, Any] | None = None,
    comment: str = "",
    bad_reasons: Iterable[str] = (),
    window_request: WindowRatingRequest | None = None,
) -> Rating:
    """The applicant rates their concluded case, once, within RATING_WINDOW_DAYS of its conclusion. At the window the
    rating answers the clerk's request shown on the rating screen (channel window; the clerk is the staff rated). A bad
    rating (1–2) says why (bad_reasons, clean_bad_reasons) and opens a rectification."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("item").get(pk=case.pk)
    request: WindowRatingRequest | None = None
    if window_request is not None:
        request = WindowRatingRequest.objects.select_for_update().get(pk=window_request.pk)
        if request.case_id != locked.pk or request.state != RequestState.PENDING:
            raise RatingError("该评价请求已结束，请向窗口工作人员确认。")
        rater = locked.applicant
        channel = "window"
    if rater is None or getattr(rater, "pk", None) != locked.applicant_id:
        raise RatingError("只有该办件的申请人可以评价。")
    if channel not in RATING_CHANNELS:
        raise RatingError("评价渠道无效。")
    problem = why_not_rateable(locked)
    if problem:
        raise RatingError(problem)
    value = whole_number(str(score), maximum=10) or 0
    if value not in Level.values:
        raise RatingError("请选择整体满意度（1 到 5 星）。")
    cleaned = _clean_aspects(channel, aspects or {})
    text = comment.strip()
    if len(text) > COMMENT_MAX:
        raise RatingError(f"评价内容请不超过 {COMMENT_MAX} 字。")
    reasons = clean_bad_reasons(value, bad_reasons, text)
    rating = Rating(
        case=locked,
        rater=rater,
        channel=channel,
        score=value,
        aspects=cleaned,
        comment=text,
        bad_reasons=reasons,
        department_id=locked.department_id,
        item_id=locked.item_id,
        handler=request.clerk if request is not None else locked.handler,
        hall=request.hall if request is not None else locked.hall,
        moderation=Moderation.PENDING if text else Moderation.NONE,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as error:
        raise RatingError("该办件已经评价过，每件事只能评价一次。") from error
    if request is not None:
        request.state = RequestState.RATED
        request.answered_at = rating.created_at
        request.rating = rating
        request.save(update_fields=["state", "answered_at", "rating"])
    audit.record(
        actor=rater,
        action="evaluation.rate",
        channel=channel,
        target=rating,
        detail={"case": locked.number, "score": value, "aspects": cleaned, "bad_reasons": reasons},
    )
    if value in BAD_SCORES:
        _open_rectification(rating)
    return rating


def _open_rectification(rating: Rating) -> Rectification:
    case = rating.case
    due = add_working_days(timezone.localdate(rating.created_at), settings.RATING_RECTIFICATION_DAYS)
    rectification = Rectification.objects.create(
        rating=rating, department_id=rating.department_id, owner=case.handler, due_date=due
    )
    audit.record(actor=None, action="evaluation.open_rectification", target=rectification, detail={"due": str(due)})
    owners = [case.handler] if case.handler is not None else _department_staff(rectification)
    for user in owners:
        tell(
            user=user,
            case=case,
            title=f"【差评整改】{case.number}",
            body=f"办件 {case.number}（{case.item.name}）收到{Level(rating.score).label}评价，"
            f"请在 {due:%Y-%m-%d} 前回访并答复评价人。",
            send=False,
        )
    return rectification


def _department_staff(rectification: Rectification) -> list[User]:
    staff = User.objects.filter(memberships__department_id=rectification.department_id).distinct()
    return [user for user in staff if staff_can(user, "cases.decide", rectification.department)]


def _locked(rectification: Rectification, actor: User) -> Rectification:
    if not access.may_handle(actor, rectification.department):
        raise RatingError("只有承办部门的工作人员可以办理整改。")
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("rating__case__item")
        .get(pk=rectification.pk)
    )


@transaction.atomic
def record_call_back(*, rectification: Rectification, actor: User, note: str) -> Rectification:
    """回访: what the rater said when the department called them back."""
    locked = _locked(rectification, actor)
    if locked.called_back_at is not None:
        raise RatingError("已记录回访。")
    if not note.strip():
        raise RatingError("请填写回访记录。")
    locked.called_back_at = timezone.now()
    locked.called_back_by = actor
    locked.call_back_note = note.strip()[:2000]
    if locked.owner_id is None:
        locked.owner = actor
    locked.save(update_fields=["called_back_at", "called_back_by", "call_back_note", "owner"])
    audit.record(actor=actor, action="evaluation.call_back", channel="window", target=locked)
    return locked


@transaction.atomic
def resolve(*, rectification: Rectification, actor: User, outcome: str, reply: str) -> Rectification:
    """The outcome (fixed / explained) and the reply to the rater, who is told (inbox and SMS) and may say whether they
    are satisfied."""
    locked = _locked(rectification, actor)
    if locked.replied_at is not None:
        raise RatingError("已答复评价人。")
    if locked.called_back_at is None:
        raise RatingError("请先回访评价人并记录回访情况。")
    if outcome not in Outcome.values:
        raise RatingError("请选择整改结果：已整改或已解释说明。")
    if not reply.strip():
        raise RatingError("请填写给评价人的答复。")
    locked.outcome = outcome
    locked.reply = reply.strip()[:2000]
    locked.replied_at = timezone.now()
    locked.replied_by = actor
    locked.save(update_fields=["outcome", "reply", "replied_at", "replied_by"])
    case = locked.rating.case
    tell(
        user=locked.rating.rater,
        case=case,
        title=f"【评价回复】{case.item.name}",
        body=f"您对办件 {case.number} 的评价已有答复（{Outcome(outcome).label}）：{locked.reply} "
        f"请登录查看并告诉我们您是否满意：{settings.SITE_URL}{reverse('cases:detail', args=[case.number])}",
    )
    audit.record(actor=actor, action="evaluation.resolve", channel="window", target=locked, detail={"outcome": outcome})
    return locked


@transaction.atomic
def answer_satisfaction(*, rectification: Rectification, rater: User, satisfied: bool) -> Rectification:
    locked = Rectification.objects.select_for_update(of=("self",)).select_related("rating").get(pk=rectification.pk)
    if getattr(rater, "pk", None) != locked.rating.rater_id:
        raise RatingError("只有评价人可以答复是否满意。")
    if locked.replied_at is None:
        raise RatingError("部门尚未答复。")
    if locked.rater_satisfied is not None:
        raise RatingError("您已答复过。")
    locked.rater_satisfied = satisfied
    locked.satisfaction_at = timezone.now()
    locked.save(update_fields=["rater_satisfied", "satisfaction_at"])
    audit.record(actor=rater, action="evaluation.satisfaction", target=locked, detail={"satisfied": satisfied})
    return locked


def escalate_overdue(*, today: date | None = None) -> int:
    """Rectifications still unanswered after their due date are escalated once: the supervisors of the department
    (city-wide supervisors of the government office included) are told in their inbox. Returns how many escalated."""
    today = today or timezone.localdate()
    late = Rectification.objects.filter(
        replied_at__isnull=True, escalated_at__isnull=True, due_date__lt=today, rating__excluded=False
    ).select_related("rating__case__item", "department")
    escalated = 0
    for rectification in late:
        with transaction.atomic():
            now = timezone.now()
            if not Rectification.objects.filter(pk=rectification.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue  # another sweep got there first
            case = rectification.rating.case
            for supervisor in access.supervisors_of(rectification.department):
                tell(
                    user=supervisor,
                    case=case,
                    title=f"【差评整改超期】{rectification.department.name}",
                    body=f"{rectification.department.name}对办件 {case.number}（{case.item.name}）差评的整改已超过期限"
                    f"（{rectification.due_date:%Y-%m-%d}），请督办。",
                    send=False,
                )
            audit.record(
                actor=None,
                action="evaluation.escalate",
                target=rectification,
                detail={"due": str(rectification.due_date), "department": rectification.department.name},
            )
        escalated += 1
    return escalated


def send_reminders(*, now: datetime | None = None) -> int:
    """One reminder (inbox and SMS) per concluded case still unrated REMIND_AFTER_DAYS after its conclusion, while it
    may still be rated. Returns how many were sent."""
    now = now or timezone.now()
    due = Case.objects.filter(
        state__in=RATEABLE_STATES,
        concluded_at__lte=now - timedelta(days=REMIND_AFTER_DAYS),
        concluded_at__gt=now - timedelta(days=settings.RATING_WINDOW_DAYS),
        rating__isnull=True,
        rating_reminder__isnull=True,
    ).select_related("item", "applicant")
    sent = 0
    for case in due.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                reminder = RatingReminder.objects.create(case=case, sent_at=now)
                deadline = rating_deadline(case)
                assert deadline is not None
                reminder.notification = tell(
                    user=case.applicant,
                    case=case,
                    title=f"【请评价】{case.item.name}",
                    body=f"您的办件 {case.number} 已办结，欢迎对本次服务作出评价（{timezone.localdate(deadline):%Y-%m-%d}"
                    f" 前）：{settings.SITE_URL}{reverse('cases:detail', args=[case.number])}",
                )
                reminder.save(update_fields=["notification"])
                audit.record(actor=None, action="evaluation.remind", target=case)
        except IntegrityError:
            continue  # reminded by a concurrent sweep
        sent += 1
    return sent


@transaction.atomic
def file_appeal(*, rating: Rating, actor: User, reason: str) -> Appeal:
    """申诉复核: the department asks a supervisor to remove a malicious or mistaken rating from the figures."""
    if not access.may_appeal(actor, rating.department):
        raise RatingError("只有承办部门的审批人员可以提出申诉。")
    if not reason.strip():
        raise RatingError("请写明申诉理由（如恶意评价、误评的依据）。")
    if rating.excluded or Appeal.objects.filter(rating=rating).exists():
        raise RatingError("该评价已申诉过，每条评价只能申诉一次。")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                rating=rating, department_id=rating.department_id, reason=reason.strip()[:2000], filed_by=actor
            )
    except IntegrityError as error:
        raise RatingError("该评价已申诉过，每条评价只能申诉一次。") from error
    audit.record(actor=actor, action="evaluation.appeal", channel="window", target=appeal)
    return appeal


@transaction.atomic
def decide_appeal(*, appeal: Appeal, actor: User, upheld: bool, decision: str) -> Appeal:
    """A supervisor decides; upheld removes the rating from every figure (Rating.excluded). The decision is kept."""
    locked = Appeal.objects.select_for_update(of=("self",)).select_related("rating", "department").get(pk=appeal.pk)
    if not access.may_supervise(actor, locked.department):
        raise RatingError("只有效能监察人员可以复核申诉。")
    if locked.state != AppealState.PENDING:
        raise RatingError("该申诉已复核。")
    if not decision.strip():
        raise RatingError("请填写复核意见。")
    locked.state = AppealState.UPHELD if upheld else AppealState.REJECTED
    locked.decision = decision.strip()[:2000]
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decision", "decided_by", "decided_at"])
    if upheld:
        Rating.objects.filter(pk=locked.rating_id).update(excluded=True)
        locked.rating.excluded = True
    audit.record(
        actor=actor,
        action="evaluation.decide_appeal",
        target=locked,
        detail={"upheld": upheld, "rating": locked.rating_id},
    )
    return locked


@transaction.atomic
def moderate_comment(*, rating: Rating, actor: User, approve: bool, text: str | None = None) -> Rating:
    """Approve a comment for public display (personal data removed automatically, also from the moderator's edit) or
    keep it private."""
    locked = Rating.objects.select_for_update(of=("self",)).select_related("rater__person", "handler").get(pk=rating.pk)
    if not access.may_supervise(actor, locked.department):
        raise RatingError("只有效能监察人员可以审核评价内容。")
    if not locked.comment:
        raise RatingError("该评价没有评价内容。")
    if approve:
        names = [locked.rater.username]
        person = getattr(locked.rater, "person", None)
        if person is not None:
            names.append(person.real_name)
        if locked.handler is not None:
            names += [locked.handler.username, locked.handler.get_full_name()]
        public = strip_personal_data(text if text is not None and text.strip() else locked.comment, names)
        if not public:
            raise RatingError("公开的评价内容不能为空。")
        locked.public_comment = public[:COMMENT_MAX]
        locked.moderation = Moderation.APPROVED
    else:
        locked.public_comment = ""
        locked.moderation = Moderation.REJECTED
    locked.moderated_by = actor
    locked.moderated_at = timezone.now()
    locked.save(update_fields=["public_comment", "moderation", "moderated_by", "moderated_at"])
    audit.record(actor=actor, action="evaluation.moderate", target=locked, detail={"approved": approve})
    return locked


@transaction.atomic
def request_window_rating(*, case: Case, clerk: User) -> WindowRatingRequest:
    """The clerk presses 请评价: the case appears on the window's rating screen (the clerk's earlier request, if still
    pending, is withdrawn)."""
    if not getattr(clerk, "is_staff_member", False) or not staff_can(clerk, "cases.receive", case.department):
        raise RatingError("只有本部门的窗口人员可以请群众评价。")
    problem = why_not_rateable(case)
    if problem:
        raise RatingError(problem)
    WindowRatingRequest.objects.filter(clerk=clerk, state=RequestState.PENDING).update(
        state=RequestState.CANCELLED, answered_at=timezone.now()
    )
    memberships = list(clerk.memberships.filter(hall__isnull=False).order_by("department_id"))
    hall = next((m.hall for m in memberships if m.department_id == case.department_id), None) or (
        memberships[0].hall if memberships else case.hall
    )
    request = WindowRatingRequest.objects.create(case=case, clerk=clerk, hall=hall)
    audit.record(actor=clerk, action="evaluation.request_window_rating", channel="window", target=case)
    return request
