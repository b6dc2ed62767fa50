"""The dashboard's filters (department, hall, item, channel, staff, month range) and the table's split, validated."""

import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.bounds import id_field
from govhall.core.constants import Channel
from govhall.organisations.models import Department, Hall
from govhall.supervision.computation import Filters, recent_months
from govhall.supervision.definitions import BY_CHOICES

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
CASE_CHANNELS = [(value, label) for value, label in Channel.choices if value not in ("admin", "system")]


def _month(value: str) -> date | None:
    if not value:
        return None
    found = MONTH.match(value)
    if not found or not 1 <= int(found.group(2)) <= 12 or not 2000 <= int(found.group(1)) <= 2100:
        raise forms.ValidationError(_("月份格式应为 YYYY-MM。"))
    return date(int(found.group(1)), int(found.group(2)), 1)


class SpanForm(forms.Form):
    """A span of days (起始日期 – 截止日期): by default the last `default_days` up to today, at most a year; the pages
    of queue, enquiry and bundle figures share it."""

    default_days = 30
    max_days = 366

    day_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    day_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        last = data.get("day_to") or timezone.localdate()
        first = data.get("day_from") or last - timedelta(days=self.default_days - 1)
        if first > last:
            self.add_error("day_to", _("截止日期不能早于起始日期。"))
        elif (last - first).days >= self.max_days:
            self.add_error("day_from", _("一次最多查询一年。"))
        data["day_from"], data["day_to"] = first, last
        return data


class FilterForm(forms.Form):
    department = forms.TypedChoiceField(label=_("部门"), required=False, coerce=int, empty_value=None)
    hall = forms.TypedChoiceField(label=_("大厅"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=[("", _("全部渠道")), *CASE_CHANNELS])
    item = id_field(label=_("事项编号"), required=False, widget=forms.HiddenInput)
    handler = id_field(label=_("工作人员编号"), required=False, widget=forms.HiddenInput)
    month_from = forms.CharField(label=_("起始月份"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
    month_to = forms.CharField(label=_("截止月份"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
    split = forms.ChoiceField(label=_("分组"), required=False, choices=BY_CHOICES)

    def __init__(self, data: Any, *, scope: list[int] | None, public: bool = False) -> None:
        super().__init__(data)
        self.scope = scope
        departments = Department.objects.all()
        if scope is not None:
            departments = departments.filter(pk__in=scope)
        department_field = self.fields["department"]
        assert isinstance(department_field, forms.ChoiceField)
        department_field.choices = [("", _("全部部门")), *departments.values_list("pk", "name")]
        hall_field = self.fields["hall"]
        assert isinstance(hall_field, forms.ChoiceField)
        hall_field.choices = [("", _("全部大厅")), *Hall.objects.values_list("pk", "name")]
        if public:
            for name in ("hall", "channel", "handler", "item", "split"):
                del self.fields[name]

    def clean_month_from(self) -> date | None:
        return _month(self.cleaned_data.get("month_from") or "")

    def clean_month_to(self) -> date | None:
        return _month(self.cleaned_data.get("month_to") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("month_from"), data.get("month_to")
        if first and last and first > last:
            self.add_error("month_to", _("截止月份不能早于起始月份。"))
        return data

    def filters(self) -> Filters:
        """The filters asked for (the last 12 months unless months are given); the scope always applies."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        months = recent_months(timezone.localdate(), 12)
        first, last = data.get("month_from"), data.get("month_to")
        if not first and not last:
            first, last = months[0], months[-1]
        return Filters(
            departments=self.scope,
            department=data.get("department"),
            item=data.get("item"),
            hall=data.get("hall"),
            channel=data.get("channel") or "",
            handler=data.get("handler"),
            month_from=first,
            month_to=last,
        )

    def by(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("split") or "department"
