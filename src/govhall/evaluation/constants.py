"""好差评 (GB/T 39734-2020, GB/T 39735-2020; DOMAIN.md): levels, channels, the aspect questions per channel, and the
states of rectifications, appeals, comment moderation and window rating requests."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.core.constants import Channel


class Level(models.IntegerChoices):
    """Five levels. Good = 5 or 4; bad = 2 or 1 (a bad rating opens a rectification)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIRLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


GOOD_SCORES = frozenset({5, 4})
BAD_SCORES = frozenset({2, 1})


class BadReason(models.TextChoices):
    """Why a rating is bad (差评原因): GB/T 39734/39735 ask a 差评 to say what went wrong so that the department can
    rectify it. At least one is chosen for a score in BAD_SCORES (services.clean_bad_reasons); 其他 needs the text."""

    SLOW = "slow", _("办理时间长、效率低")
    GUIDE = "guide", _("办事指南不准确、不清楚")
    MATERIALS = "materials", _("材料要求多或重复提交")
    VISITS = "visits", _("多次跑动")
    PLATFORM = "platform", _("系统操作不便或出错")
    ATTITUDE = "attitude", _("工作人员态度不好")
    SKILL = "skill", _("业务不熟练、解释不清")
    FEES = "fees", _("收费不合理或不明确")
    OTHER = "other", _("其他")


# Where a rating is given: 一事一评 online (web portal, mobile pages, a self-service kiosk) and 一次一评 on the rating
# screen at a hall window.
RATING_CHANNELS = (Channel.WEB, Channel.MOBILE, Channel.KIOSK, Channel.WINDOW)
ONLINE_CHANNELS = frozenset({Channel.WEB, Channel.MOBILE, Channel.KIOSK})

Aspects = tuple[tuple[str, str | Promise], ...]

# The aspect questions per channel (DOMAIN.md). 整体满意度 is the rating's score itself; the others are asked beside it.
ONLINE_ASPECTS: Aspects = (
    ("efficiency", _("办事效率")),
    ("guide_accuracy", _("办事指南精确度")),
    ("convenience", _("办事便捷度")),
    ("usability", _("平台操作性")),
)
WINDOW_ASPECTS: Aspects = (
    ("service_efficiency", _("服务效率")),
    ("service_level", _("服务水平")),
    ("attitude", _("服务态度")),
)


def aspects_for(channel: str) -> Aspects:
    return WINDOW_ASPECTS if channel == Channel.WINDOW else ONLINE_ASPECTS


class Outcome(models.TextChoices):
    """How a department answered a bad rating."""

    FIXED = "fixed", _("已整改")
    EXPLAINED = "explained", _("已解释说明")


class AppealState(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class Moderation(models.TextChoices):
    """Whether a rating's comment may be shown publicly on the item's guide page."""

    NONE = "none", _("无评价内容")
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已公开")
    REJECTED = "rejected", _("不予公开")


class RequestState(models.TextChoices):
    """A clerk's 请评价 at the window, shown on the window's rating screen until answered."""

    PENDING = "pending", _("等待评价")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")
