from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import Item
from govhall.core.bounds import whole_number
from govhall.outreach import selectors
from govhall.outreach.constants import (
    DEFAULT_HOLDOUT_PERCENT,
    DEFAULT_MESSAGE,
    DEFAULT_PERIOD_DAYS,
    MAX_HOLDOUT_PERCENT,
    MESSAGE_MAX_LENGTH,
)

MAX_PERIOD_DAYS = 366


def default_period() -> selectors.Period:
    today = timezone.localdate()
    return selectors.Period(start=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end=today)


class DateInput(forms.DateInput):
    """A date picker; its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("窗口办件起始日期"), widget=DateInput)
    end = forms.DateField(label=_("截止日期"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("截止日期不能早于起始日期。"))
            elif (end - start).days >= MAX_PERIOD_DAYS:
                self.add_error("end", _("期间最长一年。"))
            elif end > timezone.localdate():
                self.add_error("end", _("截止日期不能晚于今天。"))
        return cleaned

    def period(self) -> selectors.Period:
        return selectors.Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])


class CandidateFilterForm(PeriodForm):
    """The filters of the candidates list (GET)."""

    department = forms.ModelChoiceField(
        label=_("实施部门"), queryset=selectors.outreach_departments(), required=False, empty_label=_("全部部门")
    )
    item = forms.ModelChoiceField(
        label=_("事项"), queryset=selectors.fully_online_items(), required=False, empty_label=_("全部全程网办事项")
    )
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def __init__(self, *args: Any, departments: list[int] | None, **kwargs: Any) -> None:
        """`departments`: the user's outreach scope (None: every department); other choices are refused."""
        super().__init__(*args, **kwargs)
        self.departments = departments
        if departments is not None:
            department = self.fields["department"]
            item = self.fields["item"]
            department.queryset = department.queryset.filter(pk__in=departments)  # type: ignore[attr-defined]
            item.queryset = item.queryset.filter(department_id__in=departments)  # type: ignore[attr-defined]

    def items_in_scope(self) -> list[Item] | None:
        """The items to count when none is chosen: every one (None), or those of the user's departments."""
        if self.departments is None:
            return None
        return list(selectors.fully_online_items().filter(department_id__in=self.departments))


class ItemChoices(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        """An id that is not a whole number of a 64-bit column is refused before it reaches the database (SQLite
        raises OverflowError on it in the `IN (...)` lookup Django makes of the chosen ids)."""
        if isinstance(value, list | tuple):
            for given in value:
                if whole_number(given) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": given}
                    )
        return super().clean(value)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CampaignForm(PeriodForm):
    """Start a campaign: the period, the items (those with candidates in the period), the message and the baseline."""

    items = ItemChoices(
        label=_("引导事项"), queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple, required=True
    )
    message = forms.CharField(
        label=_("引导内容"),
        max_length=MESSAGE_MAX_LENGTH,
        initial=DEFAULT_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每人收到的消息会在内容后附上其办理过的事项的办事指南和在线申报链接。"),
    )
    holdout_percent = forms.IntegerField(
        label=_("对照组比例（%）"),
        min_value=0,
        max_value=MAX_HOLDOUT_PERCENT,
        initial=DEFAULT_HOLDOUT_PERCENT,
        help_text=_("随机留出这部分人员不发送，作为基线对比网办转化率。"),
    )

    def __init__(self, *args: Any, period: selectors.Period, departments: list[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = selectors.candidate_items(period)
        if departments is not None:
            choices = choices.filter(department_id__in=departments)
        self.fields["items"].queryset = choices  # type: ignore[attr-defined]
