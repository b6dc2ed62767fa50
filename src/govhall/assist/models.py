from django.db import models
from django.utils.translation import gettext_lazy as _

INTENT_CHOICES = [
    ("materials", _("申请材料")),
    ("time_limit", _("办理时限")),
    ("fees", _("收费")),
    ("place", _("办理地点")),
    ("how", _("办理流程")),
    ("online", _("网上办理")),
]


class AnswerFeedback(models.Model):
    """ "这个回答有帮助吗？" — one anonymous answer: no account, no address; the question with personal data taken out."""

    question = models.CharField(_("问题"), max_length=200)
    item_code = models.CharField(_("回答的事项编码"), max_length=80, blank=True)
    intent = models.CharField(_("问的是"), max_length=12, choices=INTENT_CHOICES)
    confident = models.BooleanField(_("回答时有把握"))
    helpful = models.BooleanField(_("有帮助"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("导办回答评价")
        verbose_name_plural = _("导办回答评价")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.question}（{'有帮助' if self.helpful else '没有帮助'}）"
