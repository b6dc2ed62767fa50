from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    APPROVED = "approved", _("系统秒批")
    FALLBACK = "fallback", _("转人工办理")


class ReviewState(models.TextChoices):
    """The audit of a sampled instant approval (秒批抽查)."""

    NOT_SAMPLED = "not_sampled", _("未抽中")
    PENDING = "pending", _("待抽查")
    CORRECT = "correct", _("通过")
    WRONG = "wrong", _("有误")


REVIEWED_STATES = frozenset({ReviewState.CORRECT, ReviewState.WRONG})
