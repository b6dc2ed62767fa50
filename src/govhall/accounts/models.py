from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A GovHall account. Real-name identity, organisations, agents and staff roles build on it."""

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
