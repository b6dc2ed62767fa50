from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where an act came from (办理渠道): one system behind every surface."""

    WEB = "web", _("网上办事大厅")
    MOBILE = "mobile", _("移动端")
    KIOSK = "kiosk", _("自助终端")
    WINDOW = "window", _("大厅窗口")
    POST = "post", _("邮寄")
    API = "api", _("接口")
    ADMIN = "admin", _("管理后台")
    SYSTEM = "system", _("系统")


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")
