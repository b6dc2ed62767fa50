from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.cases.constants import (
    FETCH_FALLBACK,
    OPEN_STATES,
    Act,
    CaseState,
    DeliveryMethod,
    DocumentKind,
    FetchOutcome,
    PaymentState,
    PostCheckState,
    TrustLevel,
)
from govhall.core.constants import Channel
from govhall.core.crypto import EncryptedTextField


class Case(models.Model):
    """One application (办件) for one item, filed under one published guide version."""

    number = models.CharField(_("办件编号"), max_length=24, unique=True)
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases")
    guide_version = models.ForeignKey(
        "catalog.GuideVersion", verbose_name=_("指南版本"), on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey("organisations.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="cases"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("代表法人"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(_("申报渠道"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT)
    variant_name = models.CharField(_("办理情形"), max_length=200, blank=True, db_default="")
    form_data = models.JSONField(_("申请表内容"), default=dict, blank=True)
    hall = models.ForeignKey(
        "organisations.Hall",
        verbose_name=_("收件大厅"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("在窗口帮办代办时的收件大厅"),
    )
    review_step = models.PositiveSmallIntegerField(
        _("已通过审查环节数"), default=0, db_default=0, help_text=_("按指南配置的审查环节逐一通过")
    )
    commitment_signed_at = models.DateTimeField(_("签署告知承诺书时间"), null=True, blank=True)
    delivery_method = models.CharField(
        _("送达方式"), max_length=8, choices=DeliveryMethod.choices, default=DeliveryMethod.ONLINE, db_default="online"
    )
    delivery_address = EncryptedTextField(_("邮寄地址"), blank=True, default="", db_default="")
    tracking_number = models.CharField(_("快递单号"), max_length=40, blank=True, db_default="")
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True)
    revision = models.PositiveIntegerField(_("修订号"), default=0, help_text=_("每次状态变化加一，用于发现并发修改"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Derived from the events by cases.clocks and kept here for inboxes and supervision queries.
    promised_deadline = models.DateField(_("承诺办结日期"), null=True, blank=True, db_index=True)
    statutory_deadline = models.DateField(_("法定办结日期"), null=True, blank=True)
    clock_stopped = models.BooleanField(_("计时暂停"), default=False)
    days_used = models.PositiveIntegerField(
        _("办结用时"),
        null=True,
        blank=True,
        help_text=_(
            "受理次日至办结当日的天数（法定时限单位，不含暂停计时的天数），办结时由 cases.clocks.days_used 计算"
        ),
    )
    payment_state = models.CharField(
        _("缴费状态"), max_length=8, choices=PaymentState.choices, default=PaymentState.NONE, db_default="none"
    )
    deadline_alert = models.CharField(
        _("时限提醒"), max_length=8, blank=True, help_text=_("已发出的最高提醒级别：warning（临期）或 overdue（超期）")
    )

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"], condition=~Q(idempotency_key=""), name="case_idempotent"
            ),
            models.CheckConstraint(condition=Q(state__in=CaseState.values), name="case_state_valid"),
        ]
        indexes = [
            models.Index(fields=["department", "state", "promised_deadline"], name="case_inbox_idx"),
            # The inbox (cases.inbox) reads open cases only: small partial indexes in its page order.
            models.Index(
                fields=["department", "promised_deadline", "submitted_at"],
                condition=Q(state__in=OPEN_STATES),
                name="case_open_dept_idx",
            ),
            models.Index(
                fields=["department", "state", "promised_deadline", "submitted_at"],
                condition=Q(state__in=OPEN_STATES),
                name="case_open_state_idx",
            ),
            models.Index(
                fields=["handler", "promised_deadline", "submitted_at"],
                condition=Q(state__in=OPEN_STATES),
                name="case_open_handler_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"


class CaseEvent(models.Model):
    """One act in a case's history: when, who, through which channel, why, and the state before and after."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    act = models.CharField(_("动作"), max_length=20, choices=Act.choices)
    from_state = models.CharField(_("原状态"), max_length=16, choices=CaseState.choices)
    to_state = models.CharField(_("新状态"), max_length=16, choices=CaseState.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    reason = models.TextField(_("理由"), blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办件事件")
        verbose_name_plural = _("办件事件")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.act} {self.at:%Y-%m-%d %H:%M}"


class Visit(models.Model):
    """Every time the applicant had to come in person (跑动), so 最多跑一次 is measured, not claimed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    hall = models.ForeignKey("organisations.Hall", null=True, blank=True, on_delete=models.SET_NULL)
    purpose = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("到场记录")
        verbose_name_plural = _("到场记录")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d} {self.purpose}"


class CaseNumberSequence(models.Model):
    """The last case number handed out on a day (GH + date + sequence), locked while a number is taken."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件编号序列")
        verbose_name_plural = _("办件编号序列")

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class LockerDocument(models.Model):
    """A document in a person's material locker (材料库): given once, reused in later cases."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="locker")
    name = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="locker/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=120)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64, db_index=True)
    trust_level = models.CharField(_("可信等级"), max_length=1, choices=TrustLevel.choices, default=TrustLevel.C)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("材料库文件")
        verbose_name_plural = _("材料库文件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.original_name}）"


class CaseMaterial(models.Model):
    """A material given for a case, pointing at the locker document that holds the file."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    document = models.ForeignKey(LockerDocument, on_delete=models.PROTECT, related_name="uses")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="case_material_once")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.name}"


class CaseDocument(models.Model):
    """A PDF written for a case (receipt, 一次性告知书, decisions). Written once from the case's events and kept, so
    what the person received is what stays on file."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书类型"), max_length=24, choices=DocumentKind.choices)
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    number = models.CharField(_("文号"), max_length=40)
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办件文书")
        verbose_name_plural = _("办件文书")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "event"], name="case_document_once")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"


class PostCheck(models.Model):
    """事后核查 of a decision made on the applicant's signed commitment (告知承诺制); a false commitment revokes."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="post_check")
    due_date = models.DateField(_("核查期限"), db_index=True)
    state = models.CharField(
        _("核查结果"), max_length=8, choices=PostCheckState.choices, default=PostCheckState.PENDING
    )
    finding = models.TextField(_("核查情况"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("事后核查")
        verbose_name_plural = _("事后核查")
        ordering = ["due_date"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_state_display()}"


class ExemptedMaterial(models.Model):
    """A required material the guide marks 免提交 (电子证照 / 数据共享): the applicant is not asked for it; the case
    records it at submission and the system fetches it from the licence library or a shared data source once the case
    is filed (cases.exemptions). What was fetched becomes a case material of trust level A; if the source has nothing
    or fails, the case says which source and why and the applicant is asked to upload it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exempted_materials")
    name = models.CharField(_("材料名称"), max_length=200)
    exemption = models.CharField(
        _("免提交方式"), max_length=12, choices=[("e_licence", _("电子证照")), ("shared_data", _("数据共享"))]
    )
    source_note = models.CharField(_("来源说明"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    outcome = models.CharField(
        _("获取结果"), max_length=10, choices=FetchOutcome.choices, default=FetchOutcome.PENDING, db_default="pending"
    )
    source = models.CharField(_("数据来源"), max_length=200, blank=True, db_default="")
    message = models.CharField(_("说明"), max_length=300, blank=True, db_default="")
    attempts = models.PositiveSmallIntegerField(_("获取次数"), default=0, db_default=0)
    obtained_at = models.DateTimeField(_("获取时间"), null=True, blank=True)
    fetched = EncryptedTextField(_("获取的信息"), blank=True, default="", db_default="")
    access = models.ForeignKey("sharing.DataAccess", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    material = models.ForeignKey(
        "cases.CaseMaterial", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("免提交材料")
        verbose_name_plural = _("免提交材料")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="case_exempted_material_once"),
            models.CheckConstraint(condition=Q(outcome__in=FetchOutcome.values), name="case_exempted_material_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.name}"

    @property
    def obtained(self) -> bool:
        return self.outcome == FetchOutcome.OBTAINED

    @property
    def asks_upload(self) -> bool:
        return self.outcome in FETCH_FALLBACK

    @property
    def status(self) -> str:
        if self.outcome == FetchOutcome.PENDING:
            return str(_("将由系统通过%(source)s获取") % {"source": self.get_exemption_display()})
        return self.get_outcome_display()
