from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferState(models.TextChoices):
    """A 免申即享 offer to one person: they only confirm (not apply), decline, or opt out of the policy."""

    OFFERED = "offered", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已放弃")
    OPTED_OUT = "opted_out", _("不再推送")


ANSWERED_STATES = frozenset({OfferState.CONFIRMED, OfferState.DECLINED, OfferState.OPTED_OUT})
# The purpose (用途) of a policy run's fetch for one person: RUN_PREFIX + run id (8 digits) + "-" + user id.
RUN_PREFIX = "MSJX"
