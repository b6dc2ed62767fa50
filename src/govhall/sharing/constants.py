from django.db import models
from django.utils.translation import gettext_lazy as _


class SharingClass(models.TextChoices):
    """共享类型 of a data resource (政务信息资源共享管理暂行办法)."""

    UNCONDITIONAL = "unconditional", _("无条件共享")
    CONDITIONAL = "conditional", _("有条件共享")
    NOT_SHARED = "not_shared", _("不予共享")


class SubjectKind(models.TextChoices):
    """Whom a record is about: a natural person (by resident ID) or a legal person (by USCC)."""

    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")


class AccessKind(models.TextChoices):
    FETCH = "fetch", _("调用")
    VIEW = "view", _("查看")


class Outcome(models.TextChoices):
    FOUND = "found", _("已获取")
    NO_RECORD = "no_record", _("无记录")
    FAILED = "failed", _("调用失败")
    REFUSED = "refused", _("已拒绝")
    VIEWED = "viewed", _("已查看")


# The provider name of the resource answered from GovHall's own licence library (licences.selectors), not over HTTP.
LICENCE_LIBRARY = "licences"
