"""免申即享 policies, their runs against shared data, and the offers made to the people found eligible."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.entitlements.constants import RUN_PREFIX, OfferState
from govhall.sharing.conditions import DataCondition


class BenefitPolicy(models.Model):
    """A benefit (高龄津贴, 残疾人两项补贴 …) granted through its service item to everyone whose shared data meets all
    of the policy's conditions."""

    code = models.SlugField(_("政策代码"), max_length=40, unique=True)
    name = models.CharField(_("政策名称"), max_length=100)
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="benefit_policies", verbose_name=_("兑现事项")
    )
    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("主管部门")
    )
    summary = models.TextField(_("政策内容"), blank=True, help_text=_("告知符合条件的群众时一并说明。"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("免申即享政策")
        verbose_name_plural = _("免申即享政策")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BenefitCondition(DataCondition):
    """One condition of a policy (all must hold), in the condition language of sharing.conditions."""

    policy = models.ForeignKey(BenefitPolicy, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("享受条件")
        verbose_name_plural = _("享受条件")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.describe()


class PolicyRun(models.Model):
    """One matching of a policy against the platform's real-name users; its number is the purpose of its fetches."""

    policy = models.ForeignKey(BenefitPolicy, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    checked = models.PositiveIntegerField(_("比对人数"), default=0)
    offered = models.PositiveIntegerField(_("推送人数"), default=0)
    failed = models.PositiveIntegerField(_("比对失败"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("政策比对")
        verbose_name_plural = _("政策比对")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{RUN_PREFIX}{self.pk:08d}"


class BenefitOffer(models.Model):
    """The benefit offered to one person: a draft case prefilled from the data, which they confirm or decline. One
    per policy and person, ever; an opt-out without an offer is a row with no case."""

    policy = models.ForeignKey(BenefitPolicy, on_delete=models.CASCADE, related_name="offers", verbose_name=_("政策"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefit_offers", verbose_name=_("群众")
    )
    state = models.CharField(_("状态"), max_length=12, choices=OfferState.choices, default=OfferState.OFFERED)
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="benefit_offer"
    )
    run = models.ForeignKey(PolicyRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers")
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    offered_at = models.DateTimeField(_("推送时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("免申即享推送")
        verbose_name_plural = _("免申即享推送")
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "person"], name="benefit_offer_once"),
            models.CheckConstraint(condition=models.Q(state__in=OfferState.values), name="benefit_offer_state"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} → {self.person_id}"
