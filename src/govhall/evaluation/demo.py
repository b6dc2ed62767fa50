"""Demo ratings for the dashboards: a few of zhangsan's cases filed, handled to the end through the case services and
rated — good ones online and at the window, a bad one answered and accepted, a bad one still open, one overdue and
escalated, and one removed by an upheld appeal. Idempotent (`manage.py load_demo_ratings`, also run by `load_demo`
when wired there)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases import services as case_services
from govhall.cases.constants import Act
from govhall.cases.models import Case
from govhall.cases.permissions import review_steps
from govhall.catalog.models import Item
from govhall.evaluation import services
from govhall.evaluation.constants import Outcome
from govhall.evaluation.models import Rating, Rectification

DEMO_KEY = "demo-rating-"
# (score, channel, comment, what happens next)
PLAN: list[tuple[int, str, str, str]] = [
    (5, "web", "全程网上办理，第二天就办好了，点赞！", "publish"),
    (4, "window", "窗口工作人员很耐心，一次就办好了。", "publish"),
    (5, "mobile", "", ""),
    (3, "web", "材料要求写得不够清楚，我打了 13800000001 咨询才明白。", "publish"),
    (1, "web", "来回跑了两趟，办事指南写的材料不全。", "resolved"),
    (2, "window", "排队时间太长。", "open"),
    (1, "web", "没有办下来，非常不满意。", "escalated"),
    (1, "web", "乱打的。", "appeal"),
]
# The 差评原因 of the bad ones (PLAN's index → reasons).
DEMO_BAD_REASONS: dict[int, tuple[str, ...]] = {
    4: ("visits", "guide"),
    5: ("slow",),
    6: ("other",),
    7: ("attitude",),
}


def conclude_case(case: Case, *, actor: User | None = None) -> Case:
    """Take a submitted case through accept, review steps, approval and conclusion (system acts unless `actor`)."""
    channel = "system"
    case = case_services.act_on(case=case, act=Act.ACCEPT, actor=actor, channel=channel)
    if review_steps(case):
        case = case_services.act_on(case=case, act=Act.START_REVIEW, actor=actor, channel=channel)
        for _step in review_steps(case):
            case = case_services.act_on(case=case, act=Act.PASS_STEP, actor=actor, channel=channel)
    case = case_services.act_on(case=case, act=Act.APPROVE, actor=actor, channel=channel)
    return case_services.act_on(case=case, act=Act.CONCLUDE, actor=actor, channel=channel)


@transaction.atomic
def load_demo_ratings() -> int:
    applicant = User.objects.filter(username="zhangsan").first()
    approver = User.objects.filter(username="approver").first()
    supervisor = User.objects.filter(username="supervisor").first()
    clerk = User.objects.filter(username="clerk").first()
    if applicant is None or approver is None or supervisor is None or clerk is None:
        return 0
    departments = [m.department_id for m in approver.memberships.all()]
    items = list(
        Item.objects.filter(department_id__in=departments, current_version__catalog_only=False)
        .exclude(current_version__isnull=True)
        .order_by("-popularity", "pk")[:40]
    )
    made = 0
    for index, (score, channel, comment, then) in enumerate(PLAN):
        key = f"{DEMO_KEY}{index}"
        if Case.objects.filter(applicant=applicant, idempotency_key=key).exists():
            continue
        case = _concluded(applicant, items[index:] + items[:index], key)
        if case is None:
            continue
        Case.objects.filter(pk=case.pk).update(handler=approver)
        case.handler = approver
        if channel == "window":
            request = services.request_window_rating(case=case, clerk=clerk)
            rating = services.rate(
                case=case,
                rater=None,
                channel="window",
                score=score,
                comment=comment,
                bad_reasons=DEMO_BAD_REASONS.get(index, ()),
                window_request=request,
            )
        else:
            rating = services.rate(
                case=case,
                rater=applicant,
                channel=channel,
                score=score,
                comment=comment,
                bad_reasons=DEMO_BAD_REASONS.get(index, ()),
            )
        _follow_up(rating, then, approver=approver, supervisor=supervisor)
        made += 1
    return made


def _concluded(applicant: User, items: list[Item], key: str) -> Case | None:
    """A case of the first item the demo can file without answers (no required form fields or 情形), concluded."""
    for item in items:
        try:
            with transaction.atomic():
                case = case_services.submit_case(
                    applicant=applicant, item=item, form_data={}, idempotency_key=key, channel="web"
                )
                case = conclude_case(case)
        except case_services.CaseError:
            continue
        if case.state in services.RATEABLE_STATES:
            return case
    return None


def _follow_up(rating: Rating, then: str, *, approver: User, supervisor: User) -> None:
    rectification = Rectification.objects.filter(rating=rating).first()
    if then == "publish":
        services.moderate_comment(rating=rating, actor=supervisor, approve=True)
    elif then == "resolved" and rectification is not None:
        services.record_call_back(
            rectification=rectification, actor=approver, note="电话回访：申请人反映指南未列明租赁合同。"
        )
        services.resolve(
            rectification=rectification,
            actor=approver,
            outcome=Outcome.FIXED,
            reply="已在办事指南中补充租赁合同要求，并向您致歉。",
        )
        services.answer_satisfaction(rectification=rectification, rater=rating.rater, satisfied=True)
    elif then == "escalated" and rectification is not None:
        Rectification.objects.filter(pk=rectification.pk).update(due_date=timezone.localdate() - timedelta(days=3))
        services.escalate_overdue()
    elif then == "appeal":
        appeal = services.file_appeal(rating=rating, actor=approver, reason="评价人电话中承认误操作。")
        services.decide_appeal(appeal=appeal, actor=supervisor, upheld=True, decision="经回访核实为误评，申诉成立。")
