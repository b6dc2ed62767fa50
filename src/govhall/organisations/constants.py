from django.db import models
from django.utils.translation import gettext_lazy as _


class ExerciseLevel(models.TextChoices):
    """The level of government (层级) a department or hall belongs to, and at which an item is exercised."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("镇（乡、街道）级")


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("窗口人员")
    REVIEWER = "reviewer", _("审查人员")
    APPROVER = "approver", _("审批人员")
    SUPERVISOR = "supervisor", _("效能监察人员")
    CATALOG_MANAGER = "catalog_manager", _("事项管理员")
    OPERATOR = "operator", _("运维人员")
