"""一件事监察 (/supervision/bundles/): per bundle, 申请数, 已办结, 平均办结时间 against the bundle's promise and the sum
of its items' promised limits, and 跑动次数 (bundles.figures holds the definitions). A supervisor of some departments
counts the bundle cases with a part in their departments."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from govhall.bundles.figures import bundle_figures
from govhall.supervision.access import supervisor

DEFAULT_DAYS = 90
MAX_DAYS = 366


class SpanForm(forms.Form):
    day_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    day_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        last = data.get("day_to") or timezone.localdate()
        first = data.get("day_from") or last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            self.add_error("day_to", _("截止日期不能早于起始日期。"))
        elif (last - first).days >= MAX_DAYS:
            self.add_error("day_from", _("一次最多查询一年。"))
        data["day_from"], data["day_to"] = first, last
        return data


@login_required
@require_safe
def bundles(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = SpanForm(request.GET or {})
    if not form.is_valid():
        return render(request, "supervision/bundles.html", {"form": form, "rows": []}, status=400)
    first, last = form.cleaned_data["day_from"], form.cleaned_data["day_to"]
    context = {"form": form, "rows": bundle_figures(first, last, scope), "day_from": first, "day_to": last}
    return render(request, "supervision/bundles.html", context)
