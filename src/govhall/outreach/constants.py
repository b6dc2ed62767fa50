"""Code lists and fixed numbers of the targeted outreach (引导网办)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.constants import Channel

# A person included in a campaign for an item (told, or held out as the baseline) is not chosen again for that item
# within this many days.
RECONTACT_DAYS = 90
# Applying through these channels is "online" (网上办事大厅 and the mobile pages / app).
ONLINE_CHANNELS = (Channel.WEB, Channel.MOBILE)
DEFAULT_PERIOD_DAYS = 90
DEFAULT_HOLDOUT_PERCENT = 10
MAX_HOLDOUT_PERCENT = 50
MESSAGE_MAX_LENGTH = 300
DEFAULT_MESSAGE = (
    "您好！您曾到政务服务大厅窗口办理的事项现已实现全程网办：在网上申报、查看进度、领取结果，无需再跑大厅。"
    "下次办理可直接在线申报，如需帮助请拨打 12345。"
)


class ContactGroup(models.TextChoices):
    """Who of a campaign's people is told, and who is held out unreached as the baseline to compare with."""

    CONTACTED = "contacted", _("发送引导")
    HOLDOUT = "holdout", _("对照组（不发送）")
