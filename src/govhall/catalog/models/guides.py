from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import (
    Audience,
    FeeStage,
    FieldKind,
    GuideStatus,
    HandlingKind,
    ItemType,
    LimitUnit,
    MaterialExemption,
    MaterialForm,
    MaterialNecessity,
    MaterialSource,
    PostagePayer,
    Prefill,
    ResultType,
    ReviewRole,
    ServiceScope,
)
from govhall.organisations.constants import ExerciseLevel


class GuideVersion(models.Model):
    """One version of an item's guide (办事指南). Editing makes a draft; publishing freezes it. A case keeps the
    version it was filed under, so a published version is never changed again."""

    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=12, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    change_note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    snapshot = models.JSONField(_("发布快照"), default=dict, blank=True, editable=False)

    # Basic information
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices)
    catalog_only = models.BooleanField(
        _("仅目录信息"), default=False, help_text=_("仅有事项目录信息，办事指南尚在编制中（如批量导入的事项清单）")
    )
    exercise_level = models.CharField(
        _("行使层级"), max_length=12, choices=ExerciseLevel.choices, default=ExerciseLevel.COUNTY
    )
    service_scope = models.CharField(
        _("通办范围"), max_length=12, choices=ServiceScope.choices, default=ServiceScope.COUNTY
    )
    audiences = models.JSONField(_("服务对象"), default=list, help_text=_("自然人、企业法人等，可多选"))
    keywords = models.CharField(_("检索关键词"), max_length=300, blank=True, help_text=_("群众常用说法，逗号分隔"))
    summary = models.TextField(_("事项简介"), blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("受理条件"), blank=True)
    # Time limits
    statutory_limit = models.PositiveIntegerField(_("法定办结时限"), null=True, blank=True)
    statutory_unit = models.CharField(
        _("法定时限单位"), max_length=12, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAY
    )
    promised_limit = models.PositiveIntegerField(_("承诺办结时限"), null=True, blank=True)
    promised_unit = models.CharField(
        _("承诺时限单位"), max_length=12, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAY
    )
    handling_kind = models.CharField(
        _("办件类型"), max_length=12, choices=HandlingKind.choices, default=HandlingKind.PROMISED
    )
    commitment_allowed = models.BooleanField(
        _("实行告知承诺制"), default=False, help_text=_("申请人书面承诺符合条件的，当场作出决定，事后核查")
    )
    post_check_days = models.PositiveSmallIntegerField(
        _("事后核查时限（工作日）"), null=True, blank=True, help_text=_("告知承诺制事项作出决定后完成核查的期限")
    )
    # Visits and online depth
    visits = models.PositiveSmallIntegerField(_("到办事现场次数"), default=1)
    visit_reason = models.TextField(_("必须现场办理原因"), blank=True)
    online_stages = models.JSONField(_("网上办理深度"), default=list, blank=True)
    # Service options
    appointment = models.BooleanField(_("支持预约办理"), default=False)
    online_payment = models.BooleanField(_("支持网上支付"), default=False)
    express_in = models.BooleanField(_("支持邮寄申请材料"), default=False)
    express_out = models.BooleanField(_("支持快递送达结果"), default=False)
    postage_payer = models.CharField(
        _("邮费承担方"), max_length=12, choices=PostagePayer.choices, default=PostagePayer.GOVERNMENT
    )
    self_service = models.BooleanField(_("支持自助终端办理"), default=False)
    in_hall = models.BooleanField(_("进驻政务服务大厅"), default=True)
    handling_location = models.TextField(_("办理地点"), blank=True)
    handling_hours = models.TextField(_("办理时间"), blank=True)
    # Result
    result_type = models.CharField(
        _("审批结果类型"), max_length=12, choices=ResultType.choices, default=ResultType.NONE
    )
    result_name = models.CharField(_("审批结果名称"), max_length=200, blank=True)
    result_sample = models.FileField(_("审批结果样本"), upload_to="guides/results/", blank=True)
    # Remedies and channels
    review_remedy = models.TextField(_("行政复议"), blank=True)
    litigation_remedy = models.TextField(_("行政诉讼"), blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    consult_channels = models.TextField(_("其他咨询方式"), blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=100, blank=True)
    complaint_channels = models.TextField(_("其他投诉方式"), blank=True)

    class Meta:
        verbose_name = _("办事指南版本")
        verbose_name_plural = _("办事指南版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="guide_version_number_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="draft"), name="guide_one_draft_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in GuideStatus]), name="guide_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.number} 版，{self.get_status_display()}）"

    @property
    def is_editable(self) -> bool:
        return self.status == GuideStatus.DRAFT

    def audience_labels(self) -> list[str]:
        return [str(Audience(code).label) for code in self.audiences if code in Audience.values]


class GuidePart(models.Model):
    """A row belonging to one guide version, kept in the order the guide shows it."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class Variant(GuidePart):
    """A situation (情形) or business sub-item (业务办理项) that changes what is asked."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("情形名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)

    class Meta(GuidePart.Meta):
        verbose_name = _("办理情形")
        verbose_name_plural = _("办理情形")

    def __str__(self) -> str:
        return self.name


class Material(GuidePart):
    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    necessity = models.CharField(
        _("必要性"), max_length=12, choices=MaterialNecessity.choices, default=MaterialNecessity.REQUIRED
    )
    variant_name = models.CharField(_("适用情形"), max_length=200, blank=True, help_text=_("情形必要时填写情形名称"))
    form = models.CharField(_("材料形式"), max_length=12, choices=MaterialForm.choices, default=MaterialForm.BOTH)
    originals = models.PositiveSmallIntegerField(_("原件份数"), default=0)
    copies = models.PositiveSmallIntegerField(_("复印件份数"), default=0)
    source = models.CharField(
        _("来源渠道"), max_length=12, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    source_note = models.CharField(_("来源说明"), max_length=200, blank=True)
    acceptance_standard = models.TextField(_("受理标准"), blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    exemption = models.CharField(
        _("免提交"), max_length=12, choices=MaterialExemption.choices, default=MaterialExemption.NONE
    )
    blank_form = models.FileField(_("空白表格"), upload_to="guides/forms/", blank=True)
    sample = models.FileField(_("示例样表"), upload_to="guides/samples/", blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta(GuidePart.Meta):
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.name


class Fee(GuidePart):
    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("收费项目"), max_length=200)
    standard = models.CharField(_("收费标准"), max_length=300)
    legal_basis = models.TextField(_("收费依据"))
    amount = models.PositiveIntegerField(
        _("金额（分）"), null=True, blank=True, help_text=_("固定金额以分为单位填写；按标准核定的留空，由窗口核定金额")
    )
    stage = models.CharField(_("缴费环节"), max_length=20, choices=FeeStage.choices, default=FeeStage.AFTER_DECISION)
    reducible = models.BooleanField(_("允许减免"), default=False)
    note = models.TextField(_("备注"), blank=True)

    class Meta(GuidePart.Meta):
        verbose_name = _("收费")
        verbose_name_plural = _("收费")

    def __str__(self) -> str:
        return self.name


class Step(GuidePart):
    """A handling step (受理 → 审查 → 决定 → 办结 → 送达) with its office and time limit."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(_("环节名称"), max_length=50)
    office = models.CharField(_("办理机构/岗位"), max_length=100, blank=True)
    time_limit = models.PositiveIntegerField(_("时限"), null=True, blank=True)
    unit = models.CharField(_("时限单位"), max_length=12, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAY)
    description = models.TextField(_("办理标准"), blank=True)
    review_role = models.CharField(
        _("审查岗位"),
        max_length=12,
        choices=ReviewRole.choices,
        blank=True,
        help_text=_("设置后，办件审查须由该岗位逐环节通过"),
    )
    review_department = models.CharField(
        _("审查部门"), max_length=100, blank=True, help_text=_("联合审查时填写其他部门名称；空为承办部门")
    )

    class Meta(GuidePart.Meta):
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")

    def __str__(self) -> str:
        return self.name


class SpecialProcedure(GuidePart):
    """听证、检验、检测、鉴定、专家评审: their time does not count toward the limit."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="special_procedures")
    name = models.CharField(_("特别程序"), max_length=100)
    time_limit = models.PositiveIntegerField(_("时限"), null=True, blank=True)
    unit = models.CharField(_("时限单位"), max_length=12, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAY)
    description = models.TextField(_("说明"), blank=True)

    class Meta(GuidePart.Meta):
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")

    def __str__(self) -> str:
        return self.name


class Faq(GuidePart):
    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("解答"))

    class Meta(GuidePart.Meta):
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")

    def __str__(self) -> str:
        return self.question


class FormField(GuidePart):
    """One field of the application form (申请表), shown to everyone or only in one 情形."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="form_fields")
    key = models.SlugField(_("字段标识"), max_length=40, help_text=_("英文字母、数字或下划线，同一指南内唯一"))
    label = models.CharField(_("字段名称"), max_length=100)
    kind = models.CharField(_("字段类型"), max_length=10, choices=FieldKind.choices, default=FieldKind.TEXT)
    required = models.BooleanField(_("必填"), default=True)
    choices = models.CharField(_("选项"), max_length=500, blank=True, help_text=_("单选字段的选项，用“|”分隔"))
    variant_name = models.CharField(_("适用情形"), max_length=200, blank=True, help_text=_("空为所有情形"))
    prefill = models.CharField(_("预填来源"), max_length=32, choices=Prefill.choices, blank=True)
    help_text = models.CharField(_("填写说明"), max_length=300, blank=True)

    class Meta(GuidePart.Meta):
        verbose_name = _("申请表字段")
        verbose_name_plural = _("申请表字段")

    def __str__(self) -> str:
        return self.label
