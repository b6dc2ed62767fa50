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


class RateCounter(models.Model):
    """How many times something was done under a key (an address, a case number) in one window of time. Taken with one
    conditional UPDATE (core/throttle.py), so a limit holds with several workers at once."""

    key = models.CharField(_("键"), max_length=100)
    window = models.DateTimeField(_("时段开始"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("频率计数")
        verbose_name_plural = _("频率计数")
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_counter_key_window")]
        indexes = [models.Index(fields=["window"], name="rate_counter_window_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.window:%Y-%m-%d %H:%M} {self.count}"


class TaskLease(models.Model):
    """The task worker's claim on a running task, renewed every few seconds while the task runs (a heartbeat). A
    running task whose lease has not been renewed for TASK_LEASE_SECONDS belongs to a worker that died: the reaper
    (core.worker.requeue_abandoned_tasks) makes it ready again. Every task is safe to run twice."""

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(_("执行进程"), max_length=64)
    renewed_at = models.DateTimeField(_("续租时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("任务租约")
        verbose_name_plural = _("任务租约")

    def __str__(self) -> str:
        return f"{self.task_id} {self.worker_id}"


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
