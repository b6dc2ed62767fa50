"""一件事一次办: a bundle of items a life event needs (docs/bundles.md). Configured in admin: the items (BundleItem, some
after another whose result they need), a short questionnaire (情形引导: Question → Option, each option including or
excluding items). Filed once: a BundleCase holds one BundlePart per item that applies, each part becoming an ordinary
case (cases.filing) at once or, when it waits for another's result, when that one concludes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.bundles.constants import BundleState, PartState
from govhall.core.constants import Channel


class Bundle(models.Model):
    """The filing side of a life event (catalog.LifeEvent stays the catalog's page of it; a bundle adds what one
    submission needs: the items that may apply, their order, the questionnaire and the promise)."""

    life_event = models.OneToOneField(
        "catalog.LifeEvent",
        verbose_name=_("对应一件事主题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bundle",
    )
    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    for_legal = models.BooleanField(_("面向法人"), default=False, help_text=_("以企业身份申请（否则为个人）"))
    description = models.TextField(_("说明"), blank=True)
    keywords = models.CharField(
        _("检索关键词"), max_length=300, blank=True, help_text=_("群众常用说法，逗号分隔，如：开饭店,开餐馆")
    )
    promised_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"))
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("一件事（联办）")
        verbose_name_plural = _("一件事（联办）")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    """One item a bundle may include. `after` names the part whose result this one needs: it is filed when that one
    concludes approved, with the result as the material `result_material` (trust level A)."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="parts")
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    included = models.BooleanField(_("默认包含"), default=True, help_text=_("不经问卷选择时是否办理"))
    variant_name = models.CharField(_("办理情形"), max_length=200, blank=True, help_text=_("该事项有情形时按此办理"))
    after = models.ForeignKey(
        "self",
        verbose_name=_("前序事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
        help_text=_("需要其办理结果的事项：前序事项办结后自动提交本事项"),
    )
    result_material = models.CharField(
        _("前序结果作为材料"), max_length=200, blank=True, help_text=_("本事项中由前序事项结果替代的材料名称")
    )

    class Meta:
        verbose_name = _("包含事项")
        verbose_name_plural = _("包含事项")
        ordering = ["bundle", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundle_item_unique")]

    def __str__(self) -> str:
        return f"{self.bundle.name}·{self.item.name}"


class Question(models.Model):
    """One question of the questionnaire (情形引导)."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("问题"), max_length=200)
    help_text = models.CharField(_("说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("情形引导问题")
        verbose_name_plural = _("情形引导问题")
        ordering = ["bundle", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """An answer; choosing it includes and excludes items of the bundle."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("选项"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    includes = models.ManyToManyField(BundleItem, verbose_name=_("选择后办理"), blank=True, related_name="included_by")
    excludes = models.ManyToManyField(
        BundleItem, verbose_name=_("选择后不办理"), blank=True, related_name="excluded_by"
    )

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class BundleCase(models.Model):
    """One application for a bundle: the answers, the promise (one deadline) and its parts."""

    number = models.CharField(_("一件事编号"), max_length=24, unique=True)
    bundle = models.ForeignKey(Bundle, verbose_name=_("一件事"), on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="bundle_cases"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("代表法人"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(_("申报渠道"), max_length=10, choices=Channel.choices)
    answers = models.JSONField(_("情形引导答案"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=BundleState.choices, default=BundleState.OPEN)
    submitted_at = models.DateTimeField(_("申报时间"), default=timezone.now)
    promised_deadline = models.DateField(_("承诺办结日期"))
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("一件事办件")
        verbose_name_plural = _("一件事办件")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"], condition=~Q(idempotency_key=""), name="bundle_case_idempotent"
            ),
            models.CheckConstraint(condition=Q(state__in=BundleState.values), name="bundle_case_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.bundle.name}"


class BundlePart(models.Model):
    """One item of a bundle case: its case once filed; while waiting, what it will be filed with (the form values,
    sealed, and the applicant's locker documents per material)."""

    bundle_case = models.ForeignKey(BundleCase, on_delete=models.CASCADE, related_name="parts")
    bundle_item = models.ForeignKey(BundleItem, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="bundle_part"
    )
    state = models.CharField(_("状态"), max_length=10, choices=PartState.choices)
    pending = models.JSONField(_("待提交内容"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["bundle_case", "bundle_item__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bundle_case", "bundle_item"], name="bundle_part_unique"),
            models.CheckConstraint(condition=Q(state__in=PartState.values), name="bundle_part_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_case.number}·{self.bundle_item.item.name}"
