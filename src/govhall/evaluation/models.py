"""好差评: ratings of concluded cases, the rectification a bad one opens, departments' appeals, the window's rating
requests and the one reminder per unrated case.

Field names for the supervision figures (DOMAIN.md, 好差评):
- 评价率 = cases with a Rating ÷ concluded cases (Case.concluded_at set); a Rating with `excluded` set (an upheld
  appeal) counts neither as rated nor in the rates below.
- 好评率 = ratings with `score` in 4–5 ÷ ratings; 差评率 = `score` in 1–2 ÷ ratings (`excluded=False` throughout).
- 差评整改率 = Rectification with `replied_at` set ÷ bad ratings; 回访率 = Rectification with `called_back_at` set ÷ bad
  ratings; 整改满意率 = `rater_satisfied=True` ÷ rectifications the rater answered.
- By department (`Rating.department`), item (`Rating.item`), channel (`Rating.channel`: web/mobile/kiosk online,
  window at a hall), staff (`Rating.handler`) and hall (`Rating.hall`) — copied from the case when the rating is given, so
  figures never depend on later reassignment; by month of `Rating.created_at`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.constants import Channel
from govhall.evaluation.constants import (
    BAD_SCORES,
    GOOD_SCORES,
    RATING_CHANNELS,
    AppealState,
    BadReason,
    Level,
    Moderation,
    Outcome,
    RequestState,
)


class Rating(models.Model):
    """One rating of one concluded case by its applicant (一事一评 online, 一次一评 at the window): `score` is the overall
    satisfaction (整体满意度, 1–5), `aspects` the channel's other questions as {aspect key: 1–5} (constants.ONLINE_ASPECTS
    or WINDOW_ASPECTS; unanswered ones are left out). `department`, `item`, `handler` (the member of staff rated: the
    case's handler, or the clerk at the window for a window rating) and `hall` are copied from the case. `excluded` is
    set by an upheld appeal: the rating then counts in no figure. `comment` is the rater's own text (never shown
    publicly); `public_comment` is the moderated text with personal data removed, shown on the item's guide page once
    `moderation` is approved."""

    case = models.OneToOneField("cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="rating")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="ratings_given"
    )
    channel = models.CharField(
        _("评价渠道"), max_length=10, choices=[(c.value, c.label) for c in RATING_CHANNELS], default=Channel.WEB
    )
    score = models.PositiveSmallIntegerField(_("整体满意度"), choices=Level.choices)
    aspects = models.JSONField(_("分项评价"), default=dict, blank=True)
    comment = models.TextField(_("评价内容"), blank=True, default="")
    bad_reasons = models.JSONField(
        _("差评原因"), default=list, blank=True, help_text=_("差评（1–2 星）时所选原因（constants.BadReason）")
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="ratings"
    )
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="ratings")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被评价工作人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings_received",
    )
    hall = models.ForeignKey(
        "organisations.Hall",
        verbose_name=_("大厅"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now, db_index=True)
    excluded = models.BooleanField(_("申诉成立，不计入统计"), default=False)
    moderation = models.CharField(
        _("评价内容公开审核"), max_length=10, choices=Moderation.choices, default=Moderation.NONE
    )
    public_comment = models.TextField(_("公开的评价内容"), blank=True, default="")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_to_5"),
            models.CheckConstraint(condition=Q(channel__in=[c.value for c in RATING_CHANNELS]), name="rating_channel"),
            models.CheckConstraint(condition=Q(moderation__in=Moderation.values), name="rating_moderation_valid"),
        ]
        indexes = [
            models.Index(fields=["department", "created_at"], name="rating_department_idx"),
            models.Index(fields=["item", "moderation"], name="rating_item_public_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_score_display()}"

    @property
    def is_bad(self) -> bool:
        return self.score in BAD_SCORES

    def bad_reason_labels(self) -> list[str]:
        return [str(BadReason(code).label) for code in self.bad_reasons if code in BadReason.values]

    @property
    def is_good(self) -> bool:
        return self.score in GOOD_SCORES


class Rectification(models.Model):
    """整改 of a bad rating (1–2), owned by the department that handled the case (`owner`: the case's handler, if any),
    due `due_date` (RATING_RECTIFICATION_DAYS working days after the rating). Steps: the call-back (回访:
    `called_back_at`, `call_back_note`), the outcome (fixed / explained) with the reply to the rater (`replied_at`),
    and the rater's answer whether they are satisfied (`rater_satisfied`). `escalated_at` is set once when it was still
    unanswered after `due_date` and the supervisors were told."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("整改部门"), on_delete=models.PROTECT, related_name="rectifications"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    opened_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    due_date = models.DateField(_("整改期限"), db_index=True)
    called_back_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    called_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_back_note = models.TextField(_("回访记录"), blank=True, default="")
    outcome = models.CharField(_("整改结果"), max_length=10, choices=Outcome.choices, blank=True, default="")
    reply = models.TextField(_("答复评价人"), blank=True, default="")
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rater_satisfied = models.BooleanField(_("评价人是否满意"), null=True, blank=True)
    satisfaction_at = models.DateTimeField(_("评价人答复时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超期督办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=["", *Outcome.values]), name="rectification_outcome"),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(outcome=""), name="rectification_reply_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating.case_id} {self.department}"

    @property
    def is_open(self) -> bool:
        return self.replied_at is None

    def is_overdue(self, today: object = None) -> bool:
        return self.replied_at is None and self.due_date < (today or timezone.localdate())  # type: ignore[operator]

    @property
    def stage(self) -> str:
        """What happens next, for lists."""
        if self.replied_at is None:
            return str(_("待回访")) if self.called_back_at is None else str(_("待答复"))
        if self.rater_satisfied is None:
            return str(_("待评价人确认"))
        return str(_("评价人满意")) if self.rater_satisfied else str(_("评价人不满意"))


class Appeal(models.Model):
    """申诉复核: a department asks that a malicious or mistaken rating be removed from the figures; a supervisor decides.
    Upheld sets Rating.excluded; the decision stays on record here either way. At most one appeal per rating."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="appeal")
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("申诉部门"), on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField(_("申诉理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("申诉时间"), default=timezone.now)
    state = models.CharField(_("复核结果"), max_length=10, choices=AppealState.choices, default=AppealState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.TextField(_("复核意见"), blank=True, default="")
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价申诉")
        verbose_name_plural = _("评价申诉")
        ordering = ["-filed_at"]
        constraints = [models.CheckConstraint(condition=Q(state__in=AppealState.values), name="appeal_state_valid")]

    def __str__(self) -> str:
        return f"{self.rating.case_id} {self.get_state_display()}"


class WindowRatingRequest(models.Model):
    """The clerk pressed 请评价 for a case at the window: the window's rating screen (a tablet facing the citizen,
    opened with the clerk's screen link) shows it until the citizen rates or the clerk asks again. One pending request
    per clerk."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rating_requests")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_requests")
    hall = models.ForeignKey("organisations.Hall", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    rating = models.OneToOneField(Rating, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("窗口评价请求")
        verbose_name_plural = _("窗口评价请求")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clerk"], condition=Q(state=RequestState.PENDING), name="rating_request_one_pending"
            ),
            models.CheckConstraint(condition=Q(state__in=RequestState.values), name="rating_request_state"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_state_display()}"


class RatingReminder(models.Model):
    """The one reminder an unrated concluded case gets (in-app inbox and SMS)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rating_reminder")
    sent_at = models.DateTimeField(_("提醒时间"), default=timezone.now)
    notification = models.ForeignKey(
        "notices.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("评价提醒")
        verbose_name_plural = _("评价提醒")

    def __str__(self) -> str:
        return f"{self.case_id} {self.sent_at:%Y-%m-%d}"
