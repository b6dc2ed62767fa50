"""Department systems told about new cases and their changes by signed webhook (see docs/api.md)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.crypto import EncryptedTextField


class DepartmentEndpoint(models.Model):
    """Where a department's own system receives case events. The secret signs every request and is kept encrypted."""

    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="endpoints"
    )
    name = models.CharField(_("系统名称"), max_length=100)
    url = models.URLField(_("接收地址"), max_length=500)
    secret = EncryptedTextField(_("签名密钥"), editable=False)
    acts = models.JSONField(_("推送的动作"), default=list, blank=True, help_text=_("不选则推送全部动作"))
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("部门系统接收地址")
        verbose_name_plural = _("部门系统接收地址")
        ordering = ["department", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.url}）"

    def wants(self, act: str) -> bool:
        return not self.acts or act in self.acts


class WebhookDelivery(models.Model):
    """One case event sent to one endpoint: at most one row per pair. The attempt is recorded (sending) and committed
    before the POST, so a retry never sends an event that was delivered; one left sending by a worker that died is
    sent again with the same X-GovHall-Delivery id, which the receiver de-duplicates by."""

    class State(models.TextChoices):
        PENDING = "pending", _("待重试")
        SENDING = "sending", _("发送中")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("失败")

    endpoint = models.ForeignKey(
        DepartmentEndpoint, verbose_name=_("接收地址"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "cases.CaseEvent", verbose_name=_("办件事件"), on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sending", "delivered", "failed"]), name="webhook_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "last_attempt_at"], name="webhook_pending_idx")]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.event_id} {self.get_state_display()}"
