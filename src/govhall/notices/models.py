"""Messages to people and how each went out: the in-app inbox message (Notification), one Delivery per channel (SMS,
email) and the operator's SMS outbox (OutboundSms). The tables keep their first names (cases_notification,
cases_delivery, accounts_outboundsms): the models moved here in issue 10 without a row being copied."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.crypto import EncryptedTextField, mask_phone


class Notification(models.Model):
    """A message to a person, shown in their in-app inbox and also sent by SMS and email; about a case when `case` is
    set (the case's event made it once, `event`), otherwise a rating's or a campaign's message."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.OneToOneField(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        db_table = "cases_notification"
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One sending of a notification through one channel, at most one row per pair. Its state is recorded and
    committed before the provider is called: pending → sending → sent, or back to pending on a failure (retried) and
    failed after MAX_ATTEMPTS. A row left `sending` by a worker that died is sent again only with the same idempotency
    key (SMS) or Message-ID (email), so the provider or the receiver drops the copy if the first one went out."""

    class Via(models.TextChoices):
        SMS = "sms", _("短信")
        EMAIL = "email", _("电子邮件")

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    via = models.CharField(_("渠道"), max_length=8, choices=Via.choices)
    state = models.CharField(
        _("状态"), max_length=8, choices=State.choices, default=State.PENDING, db_default=State.PENDING
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sending_at = models.DateTimeField(_("本次发送开始"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        db_table = "cases_delivery"
        verbose_name = _("消息投递")
        verbose_name_plural = _("消息投递")
        constraints = [
            models.UniqueConstraint(fields=["notification", "via"], name="delivery_once_per_channel"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "sent", "failed"]), name="delivery_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="sent", sent_at__isnull=False) | ~Q(state="sent"), name="delivery_sent_has_time"
            ),
        ]
        indexes = [models.Index(fields=["state", "sending_at"], name="delivery_state_idx")]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.via}"

    @property
    def idempotency_key(self) -> str:
        """What the SMS provider de-duplicates by: the same for every attempt of this delivery."""
        return f"govhall-delivery-{self.pk}"

    @property
    def message_id(self) -> str:
        """The email's Message-ID, the same for every attempt: a receiver drops a second copy of the same message."""
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<delivery-{self.pk}@{domain}>"


class OutboundSms(models.Model):
    """Every code SMS GovHall sent, as the operator's outbox shows it: the number stored encrypted (shown masked), the
    text with the one-time code masked (notices.sms.record_code_message)."""

    phone = EncryptedTextField(_("手机号码"))
    text = models.CharField(_("内容"), max_length=500)
    provider = models.CharField(_("通道"), max_length=50)
    provider_message_id = models.CharField(_("通道消息号"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now, db_index=True)

    class Meta:
        db_table = "accounts_outboundsms"
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.sent_at:%Y-%m-%d %H:%M}"
