from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import ThemeAudience


class Theme(models.Model):
    """A topic people browse by (主题): 个人办事 (户籍、社保、婚育…) or 法人办事 (设立变更、税收…)."""

    name = models.CharField(_("主题名称"), max_length=50)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    audience = models.CharField(_("服务对象"), max_length=8, choices=ThemeAudience.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    keywords = models.CharField(
        _("归类关键词"), max_length=300, blank=True, help_text=_("名称含这些词的事项归入本主题")
    )
    order = models.PositiveIntegerField(_("排序"), default=100)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("事项"), blank=True, related_name="themes")

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["audience", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["audience", "name"], name="theme_audience_name_unique")]

    def __str__(self) -> str:
        return f"{self.get_audience_display()}·{self.name}"


class LifeEvent(models.Model):
    """A life event (一件事) that needs several departments' items: 新生儿出生, 开办餐饮店…"""

    name = models.CharField(_("一件事名称"), max_length=100, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    audience = models.CharField(_("服务对象"), max_length=8, choices=ThemeAudience.choices)
    description = models.TextField(_("说明"))
    order = models.PositiveIntegerField(_("排序"), default=100)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("包含事项"), related_name="life_events")

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
