from django.db import models
from django.utils.translation import gettext_lazy as _


class BundleState(models.TextChoices):
    OPEN = "open", _("办理中")
    CONCLUDED = "concluded", _("已办结")


class PartState(models.TextChoices):
    WAITING = "waiting", _("等待前序事项办结")
    FILED = "filed", _("已提交部门")
    DROPPED = "dropped", _("未能提交")
