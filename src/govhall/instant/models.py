"""秒批 rules per item, and the record of each case the system decided (or handed to a person) by them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.instant.constants import Outcome, ReviewState
from govhall.sharing.conditions import DataCondition


class InstantRuleSet(models.Model):
    """The rules under which the system approves a case of `item` at once (无人干预自动审批)."""

    item = models.OneToOneField(
        "catalog.Item", on_delete=models.CASCADE, related_name="instant_rules", verbose_name=_("事项")
    )
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("秒批规则集")
        verbose_name_plural = _("秒批规则集")

    def __str__(self) -> str:
        return str(self.item)


class InstantRule(DataCondition):
    """One rule: a condition over shared data that must hold (all rules of the set must)."""

    rule_set = models.ForeignKey(InstantRuleSet, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("规则名称"), max_length=60, help_text=_("如：名称核验、住所核验。"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("秒批规则")
        verbose_name_plural = _("秒批规则")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class InstantDecision(models.Model):
    """What the rules gave for one case: approved by the system, with each rule and the value that decided it, or
    handed to a person with the reason. A sample of approvals is audited by a reviewer (秒批抽查)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="instant_decision")
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("时间"), default=timezone.now)
    review_state = models.CharField(
        _("抽查"), max_length=12, choices=ReviewState.choices, default=ReviewState.NOT_SAMPLED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("抽查时间"), null=True, blank=True)
    review_note = models.CharField(_("抽查意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("秒批记录")
        verbose_name_plural = _("秒批记录")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="instant_decision_outcome"),
            models.CheckConstraint(
                condition=models.Q(review_state__in=ReviewState.values), name="instant_decision_review_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_outcome_display()}"
