"""自助终端: a kiosk device in a hall (KioskDevice: its code, and the SHA-256 of the key it is opened with) and the
print jobs it sent to its printer (PrintJob)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KioskDevice(models.Model):
    """One self-service kiosk standing in a hall. The kiosk's browser is opened once with its code and key
    (/kiosk/start/); only the key's SHA-256 is kept, and a new key (kiosk.devices.issue_key) ends every earlier
    opening."""

    hall = models.ForeignKey(
        "organisations.Hall", verbose_name=_("所在大厅"), on_delete=models.PROTECT, related_name="kiosks"
    )
    code = models.SlugField(_("终端编号"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, help_text=_("如：一楼大厅 1 号自助终端"))
    key_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("自助终端")
        verbose_name_plural = _("自助终端")
        ordering = ["hall", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class PrintJob(models.Model):
    """A document a kiosk printed for the signed-in person: which case's which document, and the printer's job id."""

    device = models.ForeignKey(KioskDevice, on_delete=models.PROTECT, related_name="print_jobs")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书类型"), max_length=24)
    job_id = models.CharField(_("打印任务号"), max_length=64)
    printed_at = models.DateTimeField(_("打印时间"), default=timezone.now)

    class Meta:
        verbose_name = _("打印记录")
        verbose_name_plural = _("打印记录")
        ordering = ["-printed_at"]

    def __str__(self) -> str:
        return f"{self.job_id} {self.kind}"
