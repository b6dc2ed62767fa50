"""咨询投诉 on the workbench (/workbench/enquiries/): the queue of the departments where the member of staff handles
enquiries (待受理 / 处理中 / 已答复 / 已关闭, overdue, mine), one enquiry with its history, and the acts (受理, 指派,
转办, 答复, 关闭, 公开问答, 撤下, 查看完整联系方式 — audited). Thin: the rules are enquiries.services and .publishing."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.core.bounds import page_number, whole_number
from govhall.core.clients import client_address
from govhall.enquiries import publishing, selectors, services
from govhall.enquiries.constants import ALLOWED, FULL_PERSONAL_DATA, HANDLE, Act, Kind, State
from govhall.enquiries.models import Enquiry
from govhall.enquiries.services import EnquiryRefused
from govhall.organisations.access import staff_can
from govhall.organisations.models import Department, StaffMembership
from govhall.organisations.roles import ROLE_PERMISSIONS

PAGE = 50


class QueueFilter(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("状态"), required=False, choices=[("", gettext_lazy("全部")), *State.choices]
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), required=False, choices=[("", gettext_lazy("全部")), *Kind.choices]
    )
    overdue = forms.BooleanField(label=gettext_lazy("只看超期"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("只看我经办的"), required=False)


def _handler(request: HttpRequest) -> User:
    user = staff_member(request)
    if not staff_can(user, HANDLE):
        raise PermissionDenied(_("咨询投诉仅供处理咨询投诉的工作人员使用。"))
    return user


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    user = _handler(request)
    form = QueueFilter(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if request.GET and not form.is_valid():
        return render(request, "workbench/enquiries/queue.html", {"form": form, "rows": []}, status=400)
    found = selectors.staff_queue(
        user,
        state=data.get("state", ""),
        kind=data.get("kind", ""),
        overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")),
    )
    page = page_number(request.GET.get("page"), maximum=10_000)
    rows = list(found[(page - 1) * PAGE : page * PAGE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "rows": rows[:PAGE], "page": page, "more": len(rows) > PAGE, "query": query.urlencode()}
    return render(request, "workbench/enquiries/queue.html", context)


def _colleagues(enquiry: Enquiry) -> list[User]:
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if HANDLE in granted]
    ids = StaffMembership.objects.filter(department=enquiry.department, role__in=roles).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def _page(request: HttpRequest, user: User, enquiry: Enquiry, *, status: int = 200, **extra: Any) -> HttpResponse:
    question, answer = publishing.draft(enquiry) if enquiry.replied_at else ("", "")
    public = getattr(enquiry, "public_answer", None)
    context = {
        "enquiry": enquiry,
        "events": enquiry.events.select_related("actor", "from_department", "to_department"),
        "may": {act: enquiry.state in states for act, states in ALLOWED.items()},
        "may_reveal": staff_can(user, FULL_PERSONAL_DATA, enquiry.department),
        "colleagues": _colleagues(enquiry),
        "departments": Department.objects.exclude(pk=enquiry.department_id),
        "publishable": not publishing.why_not_publishable(enquiry),
        "public": public if public is not None and public.withdrawn_at is None else None,
        "draft_question": public.question if public else question,
        "draft_answer": public.answer if public else answer,
        **extra,
    }
    return render(request, "workbench/enquiries/detail.html", context, status=status)


@login_required
@require_safe
def detail(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    user = _handler(request)
    return _page(request, user, selectors.for_staff(user, enquiry_id))


ACTS = {Act.ACCEPT, Act.ASSIGN, Act.TRANSFER, Act.REPLY, Act.CLOSE, Act.PUBLISH, Act.UNPUBLISH, "contact"}


@login_required
@require_POST
def act(request: HttpRequest, enquiry_id: int, act: str) -> HttpResponse:
    user = _handler(request)
    if act not in ACTS:
        raise Http404(_("没有该操作。"))
    enquiry = selectors.for_staff(user, enquiry_id)
    post = request.POST
    try:
        if act == "contact":
            contact = services.contact_of(enquiry, actor=user, ip_address=client_address(request))
            return _page(request, user, enquiry, contact=contact)
        if act == Act.ACCEPT:
            services.accept(enquiry, actor=user)
        elif act == Act.ASSIGN:
            assignee = User.objects.filter(pk=whole_number(post.get("assignee", "")) or 0).first()
            if assignee is None:
                raise EnquiryRefused(_("请选择经办人。"))
            services.assign(enquiry, actor=user, assignee=assignee)
        elif act == Act.TRANSFER:
            department = Department.objects.filter(pk=whole_number(post.get("department", "")) or 0).first()
            if department is None:
                raise EnquiryRefused(_("请选择转办部门。"))
            services.transfer(enquiry, actor=user, department=department, note=post.get("note", ""))
        elif act == Act.REPLY:
            services.reply(enquiry, actor=user, text=post.get("reply", ""))
        elif act == Act.CLOSE:
            services.close(enquiry, actor=user)
        elif act == Act.PUBLISH:
            publishing.publish(enquiry, actor=user, question=post.get("question", ""), answer=post.get("answer", ""))
        else:
            publishing.withdraw(enquiry, actor=user)
    except EnquiryRefused as refused:
        enquiry.refresh_from_db()
        return _page(request, user, enquiry, status=400, error=str(refused))
    messages.success(request, _("已%(act)s：%(number)s。") % {"act": Act(act).label, "number": enquiry.number})
    if act == Act.TRANSFER:
        return redirect("workbench:enquiries")
    return redirect("workbench:enquiry", enquiry_id=enquiry.pk)
