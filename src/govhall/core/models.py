from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.constants import AuditResult, Channel


class Holiday(models.Model):
    """A date whose working status differs from the plain weekday rule: a statutory holiday on a weekday, or a
    make-up working day (调休) on a weekend. Seeded from chinesecalendar; a new year is entered here when announced."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"), help_text=_("调休上班的周末勾选；法定节假日不勾选。"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：春节、国庆节、春节调休上班"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"


class AuditEvent(models.Model):
    """One audited act: who, when, what, through which channel, on which object, with what result.
    Rows are only ever added (等保 2.0: audit records are protected and kept at least six months)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    on_behalf_of = models.CharField(_("代表"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=80, blank=True)
    object_label = models.CharField(_("对象名称"), max_length=255, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_label}"


class KeyCheck(models.Model):
    """What the configured keys must reproduce for this database: the field key's token of a known text, and the
    newest blind-index key's hash of it. Written at the first migrate and by `manage.py rotate_keys`; compared at
    every start, so a database restored under other keys is refused with a message, not served as 500s."""

    name = models.CharField(max_length=40, unique=True)
    value = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("密钥核对值")
        verbose_name_plural = _("密钥核对值")

    def __str__(self) -> str:
        return self.name
