"""一件事监察 (/supervision/bundles/): per bundle, 申请数, 已办结, 平均办结时间 against the bundle's promise and the sum
of its items' promised limits, and 跑动次数 (bundles.figures holds the definitions). A supervisor of some departments
counts the bundle cases with a part in their departments."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from govhall.bundles.figures import bundle_figures
from govhall.supervision.access import supervisor
from govhall.supervision.forms import SpanForm


class BundleSpanForm(SpanForm):
    default_days = 90


@login_required
@require_safe
def bundles(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = BundleSpanForm(request.GET or {})
    if not form.is_valid():
        return render(request, "supervision/bundles.html", {"form": form, "rows": []}, status=400)
    first, last = form.cleaned_data["day_from"], form.cleaned_data["day_to"]
    context = {"form": form, "rows": bundle_figures(first, last, scope), "day_from": first, "day_to": last}
    return render(request, "supervision/bundles.html", context)
