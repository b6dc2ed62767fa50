from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSULT = "consult", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")


class State(models.TextChoices):
    PENDING = "pending", _("待受理")
    PROCESSING = "processing", _("处理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class Source(models.TextChoices):
    GUIDE = "guide", _("办事指南")
    CASE = "case", _("办件页面")
    PORTAL = "portal", _("网上大厅")
    HOTLINE = "hotline", _("12345 热线")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Act(models.TextChoices):
    SUBMIT = "submit", _("提交")
    ACCEPT = "accept", _("受理")
    ASSIGN = "assign", _("指派")
    TRANSFER = "transfer", _("转办")
    REPLY = "reply", _("答复")
    CLOSE = "close", _("关闭")
    RATE = "rate", _("评价答复")
    ESCALATE = "escalate", _("提交督办")
    REMIND = "remind", _("到期提醒")
    OVERDUE = "overdue", _("超期")
    PUBLISH = "publish", _("公开问答")
    UNPUBLISH = "unpublish", _("撤下问答")


# The states in which staff still owe an answer (the queue, reminders, overdue flags).
OPEN_STATES = (State.PENDING, State.PROCESSING)
# The acts staff may perform in each state (one table; services check it).
ALLOWED: dict[str, tuple[str, ...]] = {
    Act.ACCEPT: (State.PENDING,),
    Act.ASSIGN: (State.PENDING, State.PROCESSING),
    Act.TRANSFER: (State.PENDING, State.PROCESSING),
    Act.REPLY: (State.PENDING, State.PROCESSING),
    Act.CLOSE: (State.ANSWERED,),
    Act.RATE: (State.ANSWERED,),
}

# The permissions (organisations.roles): handling (accept, assign, reply, transfer, close, publish).
HANDLE = "enquiries.handle"
# Supervisors told of escalated complaints.
ESCALATE_TO = "supervision.escalate"
# Who sees a person's full name and phone (each view audited); everyone else sees them masked.
FULL_PERSONAL_DATA = "personal_data.full"

TITLE_MAX = 100
CONTENT_MAX = 2000
REPLY_MAX = 4000
