"""数据资源目录 (the shared-data catalog), which source gives which 免提交 material, and the log of every access."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.constants import Channel
from govhall.core.crypto import EncryptedTextField, mask_document_number
from govhall.sharing.constants import LICENCE_LIBRARY, AccessKind, Outcome, SharingClass, SubjectKind


class DataResource(models.Model):
    """A shared data resource (户籍信息, 婚姻登记信息, …, and the licence library itself): the department that owns
    it, the provider it is fetched through, its fields, and the items allowed to use it."""

    code = models.CharField(_("资源代码"), max_length=40, unique=True)
    name = models.CharField(_("资源名称"), max_length=100)
    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="data_resources", verbose_name=_("提供部门")
    )
    provider = models.CharField(
        _("数据源"),
        max_length=40,
        help_text=_("共享交换平台上的数据源名称（请求路径 /<数据源>/query）；“licences”表示本平台电子证照库。"),
    )
    subject_kind = models.CharField(
        _("数据主体"), max_length=12, choices=SubjectKind.choices, default=SubjectKind.PERSON
    )
    sharing_class = models.CharField(
        _("共享类型"), max_length=16, choices=SharingClass.choices, default=SharingClass.CONDITIONAL
    )
    fields = models.JSONField(
        _("信息项"), default=list, blank=True, help_text=_('[{"key": "…", "label": "…", "personal": true}, …]')
    )
    items = models.ManyToManyField(
        "catalog.Item", blank=True, related_name="data_resources", verbose_name=_("可使用的事项")
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("超时（秒）"), default=5)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("数据资源")
        verbose_name_plural = _("数据资源目录")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sharing_class__in=SharingClass.values), name="data_resource_sharing_class"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_licence_library(self) -> bool:
        return self.provider == LICENCE_LIBRARY

    def field_labels(self) -> dict[str, str]:
        return {str(field["key"]): str(field.get("label") or field["key"]) for field in self.fields if "key" in field}


class MaterialSource(models.Model):
    """Where the system takes one 免提交 material of an item from: a data resource, and for the licence library the
    licence type (证照类型代码) it looks for."""

    item = models.ForeignKey(
        "catalog.Item", on_delete=models.CASCADE, related_name="material_sources", verbose_name=_("事项")
    )
    material_name = models.CharField(_("材料名称"), max_length=200)
    resource = models.ForeignKey(
        DataResource, on_delete=models.PROTECT, related_name="material_sources", verbose_name=_("数据资源")
    )
    licence_type_code = models.CharField(
        _("证照类型代码"), max_length=40, blank=True, help_text=_("数据资源为电子证照库时必填。")
    )

    class Meta:
        verbose_name = _("材料数据来源")
        verbose_name_plural = _("材料数据来源")
        constraints = [models.UniqueConstraint(fields=["item", "material_name"], name="material_source_once")]

    def __str__(self) -> str:
        return f"{self.material_name} ← {self.resource}"


class DataAccess(models.Model):
    """One access to someone's data: a fetch from a source (found, no record, failed or refused) or a member of staff
    viewing a fetched record. The subject's number is kept encrypted, found by its blind index, never in clear."""

    resource = models.ForeignKey(
        DataResource, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("数据资源")
    )
    kind = models.CharField(_("方式"), max_length=8, choices=AccessKind.choices, default=AccessKind.FETCH)
    subject_kind = models.CharField(_("数据主体"), max_length=12, choices=SubjectKind.choices)
    subject_number = EncryptedTextField(_("主体证件号码"))
    subject_index = models.CharField(_("主体证件号码索引"), max_length=64, db_index=True, editable=False)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("用途（办件编号）"), max_length=64, blank=True)
    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("调用部门")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices, default=Channel.SYSTEM)
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    fields_returned = models.JSONField(_("返回信息项"), default=list, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("数据调用记录")
        verbose_name_plural = _("数据调用记录")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="data_access_outcome"),
            models.CheckConstraint(condition=models.Q(kind__in=AccessKind.values), name="data_access_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.get_outcome_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def masked_subject(self) -> str:
        return mask_document_number(self.subject_number)
