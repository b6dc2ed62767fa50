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
    prev = forms.CharField(label=_("上一次搜索"), required=False, max_length=settings.SEARCH_MAX_QUERY_LENGTH)

    def filters(self) -> ItemFilters:
        data = self.cleaned_data
        return ItemFilters(
            department=data.get("department"),
            item_type=data.get("item_type") or None,
            audience=data.get("audience") or None,
            online=data.get("online") or None,
            theme=data.get("theme") or None,
        )


class SearchClickForm(forms.Form):
    q = forms.CharField(label=_("搜索内容"), max_length=settings.SEARCH_MAX_QUERY_LENGTH)
    item = forms.CharField(label=_("事项"), max_length=80)
    pos = forms.IntegerField(label=_("结果位置"), required=False, min_value=1, max_value=10000)
    prev = forms.CharField(label=_("上一次搜索"), required=False, max_length=settings.SEARCH_MAX_QUERY_LENGTH)


class LocationForm(forms.Form):
    lat = forms.FloatField(label=_("纬度"), required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(label=_("经度"), required=False, min_value=-180, max_value=180)


class AssistForm(forms.Form):
    q = forms.CharField(
        label=_("您想问什么"),
        max_length=200,
        strip=True,
        error_messages={
            "required": _("请输入您想问的问题，例如：开饭店要带什么材料。"),
            "max_length": _("问题过长：请不超过 200 个字。"),
        },
    )


class AssistFeedbackForm(forms.Form):
    question = forms.CharField(max_length=200, error_messages={"required": _("缺少问题内容。")})
    item_code = forms.CharField(max_length=80, required=False)
    intent = forms.ChoiceField(
        choices=[(key, key) for key in ("materials", "time_limit", "fees", "place", "how", "online")],
        error_messages={"invalid_choice": _("无法识别的问题类型。"), "required": _("无法识别的问题类型。")},
    )
    confident = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        error_messages={"invalid_choice": _("参数无效。")},
    )
    helpful = forms.ChoiceField(
        choices=[("yes", _("有")), ("no", _("没有"))], error_messages={"required": _("请选择“有”或“没有”。")}
    )
