from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """How people say it → what the catalog calls it (开饭店 → 餐饮, 食品经营). Maintained in admin."""

    term = models.CharField(_("群众说法"), max_length=50, unique=True)
    expansions = models.CharField(_("对应规范用语"), max_length=300, help_text=_("逗号分隔，如：餐饮,食品经营"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def expansion_list(self) -> list[str]:
        return [part.strip() for part in self.expansions.replace("，", ",").split(",") if part.strip()]


class ItemSearchDocument(models.Model):
    """The tokens an item is found by, one column per weight. The full-text index over it (SQLite FTS5 or PostgreSQL
    tsvector + GIN) is created by migration 0002 and kept in step by database triggers."""

    item = models.OneToOneField("catalog.Item", on_delete=models.CASCADE, primary_key=True, related_name="search")
    title = models.TextField(_("名称分词"))
    keywords = models.TextField(_("关键词分词"), blank=True)
    pinyin = models.TextField(_("拼音"), blank=True)
    body = models.TextField(_("正文分词"), blank=True)

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")

    def __str__(self) -> str:
        return str(self.item_id)
