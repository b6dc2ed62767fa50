"""Money (docs/payments.md): a payment order per fee request of a case, the notifications the gateways sent, refunds,
the 财政电子票据 of a paid order and the daily reconciliation. Amounts are integer fen; every change is made by
payments.services under a row lock and audited."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.payments.constants import OrderState, PaymentChannel, PaymentPurpose, RefundState


class PaymentSequence(models.Model):
    """The last serial handed out per kind and period (orders per day, receipts per year, refunds per day)."""

    kind = models.CharField(max_length=12)
    period = models.CharField(max_length=8)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "period"], name="payment_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}: {self.last}"


class PaymentOrder(models.Model):
    """One amount the applicant owes for a case (the lines of one 通知缴费), paid once through one channel."""

    number = models.CharField(_("支付订单号"), max_length=32, unique=True, help_text=_("即商户订单号 out_trade_no"))
    case = models.ForeignKey("cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="payments")
    request_event = models.ForeignKey(
        "cases.CaseEvent",
        verbose_name=_("通知缴费事件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_orders",
        help_text=_("订单所依据的通知缴费；过期或改换渠道后重新生成的订单依据同一事件"),
    )
    purpose = models.CharField(_("用途"), max_length=10, choices=PaymentPurpose.choices, default=PaymentPurpose.FEE)
    lines = models.JSONField(_("收费明细"), default=list, help_text=_("[{name, amount_fen}]"))
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    state = models.CharField(_("状态"), max_length=14, choices=OrderState.choices, default=OrderState.PENDING)
    channel = models.CharField(_("支付渠道"), max_length=10, choices=PaymentChannel.choices, blank=True)
    method = models.CharField(_("支付方式"), max_length=16, blank=True)
    code_url = models.CharField(_("二维码内容"), max_length=500, blank=True)
    redirect_url = models.CharField(_("支付页面"), max_length=1000, blank=True)
    payment_code = models.CharField(_("缴款码"), max_length=32, blank=True, db_index=True)
    gateway_trade_no = models.CharField(_("渠道交易号"), max_length=64, blank=True)
    reference = models.CharField(_("窗口收款凭证号"), max_length=64, blank=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("缴款人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_orders",
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收款人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collected_payments",
    )
    refunded_fen = models.PositiveIntegerField(_("已退款（分）"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("支付截止时间"))
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    notified_at = models.DateTimeField(_("最近收到通知时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=0, help_text=_("每次变化加一"))

    class Meta:
        verbose_name = _("支付订单")
        verbose_name_plural = _("支付订单")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0), name="payment_refunded_not_negative"),
            models.CheckConstraint(condition=Q(refunded_fen__lte=F("amount_fen")), name="payment_refund_within_amount"),
            models.CheckConstraint(condition=Q(state__in=OrderState.values), name="payment_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="payment_state_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def refundable_fen(self) -> int:
        return self.amount_fen - self.refunded_fen if self.paid_at is not None else 0


class PaymentNotification(models.Model):
    """Each notification a gateway sent, once: a replay (the same notification id) is recognised and changes nothing."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("已接收，待处理")
        APPLIED = "applied", _("已处理")
        DUPLICATE = "duplicate", _("重复通知")
        IGNORED = "ignored", _("已忽略（状态已更新）")
        REFUSED = "refused", _("已拒绝")

    channel = models.CharField(_("支付渠道"), max_length=10, choices=PaymentChannel.choices)
    notification_id = models.CharField(_("通知编号"), max_length=128)
    out_trade_no = models.CharField(_("支付订单号"), max_length=64, blank=True)
    order = models.ForeignKey(PaymentOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("支付通知")
        verbose_name_plural = _("支付通知")
        constraints = [models.UniqueConstraint(fields=["channel", "notification_id"], name="payment_notification_once")]

    def __str__(self) -> str:
        return f"{self.channel} {self.notification_id}"


class Refund(models.Model):
    """退款: asked by one member of staff, approved by another, then sent to the gateway (idempotent by out_refund_no)."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.PROTECT, related_name="refunds")
    out_refund_no = models.CharField(_("退款单号"), max_length=32, unique=True)
    amount_fen = models.PositiveIntegerField(_("退款金额（分）"))
    reason = models.TextField(_("退款理由"))
    state = models.CharField(_("状态"), max_length=10, choices=RefundState.choices, default=RefundState.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空：系统自动申请（如撤回申请后退还已缴费用）"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("审批意见"), blank=True)
    gateway_refund_no = models.CharField(_("渠道退款单号"), max_length=64, blank=True)
    failure = models.CharField(_("失败原因"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款")
        verbose_name_plural = _("退款")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(condition=Q(state__in=RefundState.values), name="refund_state_valid"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("requested_by")),
                name="refund_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return self.out_refund_no


class Receipt(models.Model):
    """财政电子票据 of a paid order: 票据代码, 票据号码 and 校验码 identify it; the PDF is written on demand with a QR
    to its verification page."""

    order = models.OneToOneField(PaymentOrder, on_delete=models.PROTECT, related_name="receipt")
    code = models.CharField(_("票据代码"), max_length=8)
    number = models.CharField(_("票据号码"), max_length=10)
    check_code = models.CharField(_("校验码"), max_length=6)
    issuer = models.CharField(_("开票单位"), max_length=200)
    payer_name = models.CharField(_("交款人"), max_length=200)
    amount_fen = models.PositiveIntegerField(_("金额（分）"))
    lines = models.JSONField(_("项目明细"), default=list)
    issued_at = models.DateTimeField(_("开票时间"), default=timezone.now)

    class Meta:
        verbose_name = _("财政电子票据")
        verbose_name_plural = _("财政电子票据")
        constraints = [models.UniqueConstraint(fields=["code", "number"], name="receipt_code_number_unique")]

    def __str__(self) -> str:
        return f"{self.code}-{self.number}"


class ReconciliationRun(models.Model):
    """One comparison of a channel's daily bill (对账单) with our orders and refunds of that day."""

    channel = models.CharField(_("支付渠道"), max_length=10, choices=PaymentChannel.choices)
    day = models.DateField(_("对账日期"))
    ours = models.PositiveIntegerField(_("我方笔数"), default=0)
    theirs = models.PositiveIntegerField(_("渠道笔数"), default=0)
    matched = models.PositiveIntegerField(_("一致笔数"), default=0)
    differences = models.PositiveIntegerField(_("差异笔数"), default=0)
    created_at = models.DateTimeField(_("对账时间"), default=timezone.now)

    class Meta:
        verbose_name = _("对账")
        verbose_name_plural = _("对账")
        ordering = ["-day", "-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}"


class ReconciliationDifference(models.Model):
    """A difference between us and a gateway: from a reconciliation run, or raised by a notification that could not
    be applied (a wrong amount, money for a closed order) — kept until someone resolves it."""

    class Kind(models.TextChoices):
        MISSING_HERE = "missing_here", _("渠道有、我方无")
        MISSING_AT_GATEWAY = "missing_at_gateway", _("我方有、渠道无")
        AMOUNT_MISMATCH = "amount_mismatch", _("金额不一致")
        STATE_MISMATCH = "state_mismatch", _("状态不一致")

    run = models.ForeignKey(
        ReconciliationRun, null=True, blank=True, on_delete=models.CASCADE, related_name="difference_rows"
    )
    channel = models.CharField(_("支付渠道"), max_length=10, choices=PaymentChannel.choices)
    kind = models.CharField(_("差异类型"), max_length=20, choices=Kind.choices)
    out_trade_no = models.CharField(_("支付订单号"), max_length=64)
    out_refund_no = models.CharField(_("退款单号"), max_length=64, blank=True)
    ours_fen = models.IntegerField(_("我方金额（分）"), null=True, blank=True)
    theirs_fen = models.IntegerField(_("渠道金额（分）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("对账差异")
        verbose_name_plural = _("对账差异")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.out_trade_no}"
