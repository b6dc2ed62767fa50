"""An enquiry (咨询 / 投诉 / 建议) and what happens to it: Enquiry (the question and its answer, the department that
owes it, the working-day limit), EnquiryEvent (every act, in order), PublicAnswer (a moderated Q&A on the item's
guide page) and HotlineDelivery (each notice owed to the 12345 hotline about an order it sent, sent once)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.crypto import EncryptedTextField, mask_name, mask_phone
from govhall.enquiries.constants import Act, Kind, Satisfaction, Source, State


class Enquiry(models.Model):
    number = models.CharField(_("编号"), max_length=24, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.PENDING)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    # Who asked: a signed-in person, or a caller of the hotline (name and phone only, encrypted).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries"
    )
    contact_name = EncryptedTextField(_("联系人"), blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    # What it is about and who owes the answer.
    item = models.ForeignKey("catalog.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries")
    about_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries_about",
        verbose_name=_("被投诉的工作人员"),
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="enquiries"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries_assigned",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    due_on = models.DateField(_("答复期限"))
    reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("标记超期时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("提交督办时间"), null=True, blank=True)
    reply = models.TextField(_("答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries_replied"
    )
    replied_on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    # An order of the 12345 hotline: its id there (one enquiry per order: the inbound webhook is idempotent by it).
    hotline_order_id = models.CharField(_("12345 工单号"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("咨询投诉建议")
        verbose_name_plural = _("咨询投诉建议")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["department", "state", "due_on"], name="enquiry_queue_idx"),
            models.Index(fields=["user", "created_at"], name="enquiry_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=[s.value for s in State]), name="enquiry_state_valid"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="enquiry_kind_valid"),
            models.CheckConstraint(
                condition=Q(state__in=[State.PENDING, State.PROCESSING]) | Q(replied_at__isnull=False),
                name="enquiry_answered_has_reply",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def masked_name(self) -> str:
        return mask_name(self.contact_name or "")

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone or "")

    @property
    def is_open(self) -> bool:
        return self.state in (State.PENDING, State.PROCESSING)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class EnquiryEvent(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="events")
    act = models.CharField(_("动作"), max_length=12, choices=Act.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    from_department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("咨询投诉处理记录")
        verbose_name_plural = _("咨询投诉处理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enquiry_id} {self.act}"


class PublicAnswer(models.Model):
    """A question and its answer shown on the item's guide page: the moderator's text, personal data stripped."""

    enquiry = models.OneToOneField(Enquiry, on_delete=models.CASCADE, related_name="public_answer")
    item = models.ForeignKey("catalog.Item", on_delete=models.CASCADE, related_name="public_answers")
    question = models.TextField(_("问题"))
    answer = models.TextField(_("答复"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公开时间"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公开问答")
        verbose_name_plural = _("公开问答")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.question[:40]


class HotlineDelivery(models.Model):
    """One notice to the 12345 hotline (an order it sent was replied or closed), at most one per order and event. Its
    state is committed before the hotline is called (pending → sending → sent; back to pending on a failure, failed
    after MAX_ATTEMPTS); the delivery id travels signed, so the hotline drops a second copy."""

    class Event(models.TextChoices):
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已关闭")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="hotline_deliveries")
    event = models.CharField(_("事件"), max_length=12, choices=Event.choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    sending_at = models.DateTimeField(_("本次发送开始"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("12345 回传")
        verbose_name_plural = _("12345 回传")
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "event"], name="hotline_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enquiry_id} {self.event}"

    @property
    def delivery_id(self) -> str:
        return f"govhall-hotline-{self.pk}"
