"""谁查看/调用了我的数据: the person's own trail of fetches and views of their data (sharing.DataAccess)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from govhall.accounts.models import User
from govhall.core.bounds import page_number
from govhall.sharing import selectors, services


@login_required
@require_safe
def data_trail(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = services.read_trail(
        user=user,
        page=str(page_number(request.GET.get("page"), maximum=100_000)),
        channel=getattr(request, "channel", "web"),
    )
    return render(request, "portal/data_trail.html", {"page": page, "rows": selectors.trail_rows(page.object_list)})
