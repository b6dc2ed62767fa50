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


class SearchEvent(models.Model):
    """One search on the portal, anonymous: the normalised text, how many items it found, when. No user, no address.
    Written with one INSERT per search (the first page only); read by the catalog manager's search report."""

    query = models.CharField(_("检索词（规范化）"), max_length=100)
    results = models.PositiveIntegerField(_("结果数"))
    searched_at = models.DateTimeField(_("检索时间"), db_index=True)

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")
        indexes = [models.Index(fields=["query", "searched_at"], name="search_event_query_idx")]

    def __str__(self) -> str:
        return self.query


class SearchClick(models.Model):
    """A result someone opened after searching, at most once per query, item, visitor and day: `visitor` is a keyed
    hash of a random browser token and the day, so it says nothing about the person and cannot be followed across
    days. `after` is the person's previous search when it led to no click (what they typed before finding the item):
    the report suggests it as an alias of the item."""

    query = models.CharField(_("检索词（规范化）"), max_length=100)
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("结果位置"), default=0)
    after = models.CharField(_("此前未点击的检索词"), max_length=100, blank=True)
    day = models.DateField(_("日期"))
    visitor = models.CharField(_("访客（当日匿名标识）"), max_length=32)

    class Meta:
        verbose_name = _("检索点击")
        verbose_name_plural = _("检索点击")
        constraints = [
            models.UniqueConstraint(fields=["query", "item", "day", "visitor"], name="search_click_once_a_day")
        ]
        indexes = [models.Index(fields=["query", "item"], name="search_click_query_item_idx")]

    def __str__(self) -> str:
        return f"{self.query} → {self.item_id}"
