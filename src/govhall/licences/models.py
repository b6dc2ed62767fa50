"""The licence library (电子证照库): licence types (证照目录), licences and their state changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.crypto import EncryptedTextField, mask_document_number, mask_name
from govhall.licences.constants import HolderKind, LicenceState


class LicenceType(models.Model):
    """A kind of licence (证照目录条目): who defines and issues it, whom it is for, its fields and their sources."""

    code = models.CharField(
        _("证照类型代码"),
        max_length=21,
        unique=True,
        help_text=_("定义机构的统一社会信用代码加 3 位数字（GB/T 36904）"),
    )
    name = models.CharField(_("证照名称"), max_length=100)
    issuing_department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("颁证部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licence_types",
        help_text=_("由其他系统颁发的证照留空"),
    )
    issuer_name = models.CharField(_("颁证单位名称"), max_length=200)
    issuer_uscc = models.CharField(_("颁证单位统一社会信用代码"), max_length=18)
    holder_kind = models.CharField(_("持证主体类型"), max_length=12, choices=HolderKind.choices)
    fields = models.JSONField(
        _("证照字段"),
        default=list,
        blank=True,
        help_text=_('[{"key", "label", "source"}]：source 为表单字段或 holder.name 等'),
    )
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), null=True, blank=True, help_text=_("留空为长期有效")
    )
    template = models.CharField(_("文书模板"), max_length=50, default="licence")
    items = models.ManyToManyField(
        "catalog.Item", verbose_name=_("产生本证照的事项"), blank=True, related_name="licence_types"
    )
    external = models.BooleanField(_("由其他系统颁发"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照目录")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Licence(models.Model):
    """One issued licence (one version of it), with the exact bytes that were signed and where the log holds it."""

    identifier = models.CharField(_("电子证照标识"), max_length=160, unique=True)
    licence_type = models.ForeignKey(
        LicenceType, verbose_name=_("证照类型"), on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField(_("证照编号"), max_length=100)
    serial = models.CharField(_("顺序号"), max_length=64)
    version = models.PositiveSmallIntegerField(_("版本号"), default=1)
    holder_kind = models.CharField(_("持证主体类型"), max_length=12, choices=HolderKind.choices)
    holder_name = EncryptedTextField(_("持证主体名称"))
    holder_id = EncryptedTextField(_("持证主体代码"))
    holder_id_type = models.CharField(_("持证主体代码类型"), max_length=30)
    holder_salt = models.CharField(
        _("持证主体摘要盐值"),
        max_length=32,
        blank=True,
        editable=False,
        help_text=_("签名原文中个人信息摘要的随机盐，仅告知持证人"),
    )
    holder_index = models.CharField(_("持证主体代码索引"), max_length=64, db_index=True, editable=False)
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="licences"
    )
    holder_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="licences"
    )
    issuer_department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="issued_licences"
    )
    issuer_name = models.CharField(_("颁证单位"), max_length=200)
    issuer_uscc = models.CharField(_("颁证单位代码"), max_length=18)
    data = models.JSONField(_("证照信息"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("颁证时间"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("留空为长期有效"))
    state = models.CharField(
        _("状态"), max_length=10, choices=LicenceState.choices, default=LicenceState.VALID, db_index=True
    )
    case_number = models.CharField(_("办件编号"), max_length=40, blank=True)
    item = models.ForeignKey("catalog.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="licences")
    canonical = models.BinaryField(_("签名原文"))
    sm3 = models.CharField(_("SM3 摘要"), max_length=64)
    signature = models.CharField(_("SM2 签名"), max_length=128)
    key_id = models.CharField(_("签名密钥标识"), max_length=64)
    public_key = models.CharField(_("签名公钥"), max_length=130)
    log_index = models.BigIntegerField(_("存证序号"), null=True, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["licence_type", "holder_index", "state"], name="licence_holder_state")]

    def __str__(self) -> str:
        return self.identifier

    @property
    def holder_masked(self) -> str:
        """The holder as shown to anyone: a person's name and ID masked; an organisation's name and code in full."""
        if self.holder_kind == HolderKind.PERSON:
            return f"{mask_name(self.holder_name)}（{mask_document_number(self.holder_id)}）"
        return f"{self.holder_name}（{self.holder_id}）"


class LicenceEvent(models.Model):
    """A change of a licence's state, with its reason and where the log holds it."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("原状态"), max_length=10, choices=LicenceState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10, choices=LicenceState.choices)
    reason = models.TextField(_("原因"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    log_index = models.BigIntegerField(_("存证序号"), null=True, blank=True)

    class Meta:
        verbose_name = _("证照状态变更")
        verbose_name_plural = _("证照状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.licence} {self.from_state}→{self.to_state}"


class SerialCounter(models.Model):
    """The last serial (顺序号) a department issued for a licence type; locked while a licence is issued."""

    licence_type = models.ForeignKey(LicenceType, on_delete=models.CASCADE, related_name="+")
    issuer_uscc = models.CharField(max_length=18)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("证照顺序号计数器")
        verbose_name_plural = _("证照顺序号计数器")
        constraints = [
            models.UniqueConstraint(fields=["licence_type", "issuer_uscc"], name="licence_serial_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.licence_type.code} {self.issuer_uscc} {self.last}"
