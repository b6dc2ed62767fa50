from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import ItemType, OnlineLevel


def split_aliases(text: str) -> list[str]:
    """The aliases written in one text field: separated by commas (either width), 、 or new lines, each once."""
    parts = text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


class Item(models.Model):
    """A government service item (政务服务事项): its stable identity. What a person needs to know lives in its guide
    versions; `current_version` is the published one. The facet columns are copied from it on publishing, for filters."""

    implementation_code = models.CharField(_("实施编码"), max_length=80, unique=True)
    basic_code = models.CharField(_("基本编码"), max_length=40, db_index=True)
    name = models.CharField(_("事项名称"), max_length=200)
    main_item = models.CharField(_("主项名称"), max_length=200, blank=True)
    aliases = models.CharField(
        _("事项别名（俗称）"),
        max_length=500,
        blank=True,
        help_text=_("群众对这个事项的叫法，逗号分隔，如：营业执照补办,执照丢了；检索时与事项名称同等看待"),
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="items"
    )
    area_code = models.CharField(_("行政区划代码"), max_length=12)
    current_version = models.OneToOneField(
        "catalog.GuideVersion",
        verbose_name=_("现行指南版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Facets of the current version, kept for filtering and ranking.
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices, db_index=True)
    for_person = models.BooleanField(_("面向自然人"), default=False)
    for_legal = models.BooleanField(_("面向法人"), default=False)
    online_level = models.PositiveSmallIntegerField(_("网办深度"), choices=OnlineLevel.choices, default=0)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=1)
    is_immediate = models.BooleanField(_("即办件"), default=False)
    has_guide = models.BooleanField(_("指南已编制"), default=False)
    popularity = models.PositiveIntegerField(_("热度"), default=0, help_text=_("办件与浏览量，用于热门事项排序"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["department__order", "name"]
        indexes = [
            models.Index(fields=["department", "item_type"], name="item_dept_type_idx"),
            models.Index(fields=["-popularity"], name="item_popularity_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:guide", args=[self.implementation_code])

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def zero_visit(self) -> bool:
        return self.visits == 0

    @property
    def at_most_one_visit(self) -> bool:
        return self.visits <= 1

    @property
    def fully_online(self) -> bool:
        return self.online_level == OnlineLevel.IV
