from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import ItemType
from govhall.catalog.selectors import ItemFilters
from govhall.core.bounds import id_field

AUDIENCE_CHOICES = [("", _("全部对象")), ("person", _("个人办事")), ("legal", _("法人办事"))]
ONLINE_CHOICES = [
    ("", _("全部")),
    ("full", _("全程网办")),
    ("zero", _("零跑动")),
    ("one", _("最多跑一次")),
    ("online", _("网上可办")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索事项"), required=False, max_length=settings.SEARCH_MAX_QUERY_LENGTH)
    department = id_field(label=_("部门"), required=False)
    item_type = forms.ChoiceField(label=_("事项类型"), required=False, choices=[("", _("全部类型")), *ItemType.choices])
    audience = forms.ChoiceField(label=_("服务对象"), required=False, choices=AUDIENCE_CHOICES)
    online = forms.ChoiceField(label=_("网办程度"), required=False, choices=ONLINE_CHOICES)
    theme = forms.SlugField(label=_("主题"), required=False, max_length=60)
    page = forms.IntegerField(label=_("页码"), required=False, min_value=1, max_value=500)

    def filters(self) -> ItemFilters:
        data = self.cleaned_data
        return ItemFilters(
            department=data.get("department"),
            item_type=data.get("item_type") or None,
            audience=data.get("audience") or None,
            online=data.get("online") or None,
            theme=data.get("theme") or None,
        )


class LocationForm(forms.Form):
    lat = forms.FloatField(label=_("纬度"), required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(label=_("经度"), required=False, min_value=-180, max_value=180)
