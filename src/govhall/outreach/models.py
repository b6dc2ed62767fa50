"""Targeted outreach (引导网办): a campaign tells people who came to a hall window for an item that can be done fully
online (全程网办) that they can apply online next time, and keeps, per person, when and how they were told, so that how
many then apply online can be measured against a held-out baseline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.outreach.constants import MAX_HOLDOUT_PERCENT, ContactGroup


class Campaign(models.Model):
    """One outreach campaign: who started it and when, the items and the period of window cases it covers, and the
    message sent (each person's notice adds the guide and 在线申报 links of their own items)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("发起时间"), default=timezone.now, db_index=True)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("引导事项"), related_name="outreach_campaigns")
    period_start = models.DateField(_("窗口办件起始日期"))
    period_end = models.DateField(_("窗口办件截止日期"))
    message = models.TextField(_("引导内容"))
    holdout_percent = models.PositiveSmallIntegerField(
        _("对照组比例（%）"), default=0, help_text=_("随机留出不发送的人员比例，用于对比网办转化")
    )
    sent_at = models.DateTimeField(_("发送完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("引导网办活动")
        verbose_name_plural = _("引导网办活动")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="campaign_period_order"),
            models.CheckConstraint(condition=Q(holdout_percent__lte=MAX_HOLDOUT_PERCENT), name="campaign_holdout_max"),
        ]

    def __str__(self) -> str:
        return f"引导网办 #{self.pk}（{self.started_at:%Y-%m-%d}）"


class Contact(models.Model):
    """One person in a campaign, for the campaign's items they handled at a window: told (the notice, when it reached
    their inbox, and through which channels) or held out as the baseline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办事人"), on_delete=models.CASCADE, related_name="outreach_contacts"
    )
    items = models.ManyToManyField("catalog.Item", verbose_name=_("窗口办理过的事项"), related_name="+")
    group = models.CharField(_("分组"), max_length=10, choices=ContactGroup.choices, default=ContactGroup.CONTACTED)
    window_cases = models.PositiveIntegerField(_("窗口办件数"), default=0)
    notification = models.OneToOneField(
        "notices.Notification",
        verbose_name=_("站内消息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_contact",
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    channels = models.CharField(
        _("送达渠道"), max_length=40, blank=True, help_text=_("已送达的渠道：inbox（站内消息）、sms、email，逗号分隔")
    )

    class Meta:
        verbose_name = _("引导对象")
        verbose_name_plural = _("引导对象")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="contact_once_per_campaign"),
            models.CheckConstraint(condition=Q(group__in=ContactGroup.values), name="contact_group_valid"),
            models.CheckConstraint(
                condition=Q(group=ContactGroup.CONTACTED) | Q(sent_at__isnull=True), name="contact_holdout_unsent"
            ),
        ]
        indexes = [models.Index(fields=["person", "campaign"], name="contact_person_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.person_id} {self.group}"
