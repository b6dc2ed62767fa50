"""The window screen (窗口叫号, /workbench/queue/): a clerk chooses their window among those of the halls they have a
place in, and calls the next person (叫号), calls again (重呼), skips (过号), starts (开始办理), transfers to another
group (转组) or finishes (办结, linking a case by its number). Plain forms: every button works from the keyboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.core.bounds import whole_number
from govhall.organisations.access import staff_departments, staff_halls
from govhall.organisations.models import Window, WindowGroup
from govhall.queueing import selectors, services
from govhall.queueing.models import Ticket

ACTS = ("call", "recall", "skip", "start", "transfer", "finish")


def _windows(request: HttpRequest) -> list[Window]:
    """The windows of the halls where the clerk has a place with a role that may call (cases.receive,
    organisations/roles.py); a member of staff whose roles may not call (运维人员, 效能监察人员 …) is refused (403)."""
    clerk = staff_member(request)
    if not staff_departments(clerk, services.WINDOW_PERMISSION):
        raise PermissionDenied(_("您的岗位不能在窗口叫号。"))
    halls = staff_halls(clerk, services.WINDOW_PERMISSION)
    return list(Window.objects.select_related("hall").filter(hall_id__in=halls).order_by("hall__name", "number"))


@login_required
@require_safe
def window_screen(request: HttpRequest) -> HttpResponse:
    windows = _windows(request)
    chosen = whole_number(request.GET.get("window", ""))
    window = next((w for w in windows if w.pk == chosen), windows[0] if len(windows) == 1 else None)
    board = selectors.window_board(window) if window is not None else None
    return render(request, "workbench/queue.html", {"windows": windows, "window": window, "board": board})


@login_required
@require_POST
def act(request: HttpRequest, window_id: int, act: str) -> HttpResponse:
    clerk = staff_member(request)
    window = next((w for w in _windows(request) if w.pk == window_id), None)
    if window is None or act not in ACTS:
        raise Http404("没有该窗口，或您不在该大厅的窗口岗位上。")
    back = f"{reverse('workbench:queue')}?window={window.pk}"
    try:
        if act == "call":
            called = services.call_next(window=window, staff=clerk)
            if called is None:
                messages.info(request, _("当前没有等候的号码。"))
            else:
                messages.success(request, _("已叫号：%(number)s。") % {"number": called.display_number})
            return redirect(back)
        ticket = Ticket.objects.filter(pk=whole_number(request.POST.get("ticket", "")) or 0, window=window).first()
        if ticket is None:
            raise services.QueueError("该号码已不在本窗口，请刷新页面。")
        if act == "recall":
            services.recall(ticket=ticket, staff=clerk)
        elif act == "skip":
            services.skip(ticket=ticket, staff=clerk)
        elif act == "start":
            services.start(ticket=ticket, staff=clerk)
        elif act == "transfer":
            group_id = whole_number(request.POST.get("group", "")) or 0
            group = WindowGroup.objects.filter(pk=group_id, hall_id=window.hall_id).first()
            if group is None:
                raise services.QueueError("请选择本大厅的另一个窗口分组。")
            moved = services.transfer(ticket=ticket, staff=clerk, group=group)
            messages.success(
                request,
                _("已转到 %(group)s，新号码 %(number)s。") % {"group": group.name, "number": moved.display_number},
            )
        else:
            done = services.finish(ticket=ticket, staff=clerk, case_number=request.POST.get("case_number", "")[:40])
            messages.success(request, _("%(number)s 已办结。") % {"number": done.display_number})
    except services.QueueError as error:
        messages.error(request, str(error))
    return redirect(back)
