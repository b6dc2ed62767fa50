"""我要咨询 / 投诉 / 建议 (/enquiries/, namespace "enquiries"): the form (from a guide page with ?item=, from a case
page with ?case=, or from the header, footer and 我的 with a department to choose), the person's list and one
enquiry with its answer and 满意 / 不满意. Signed-in people only: the answer comes back to their inbox and phone
(anonymous questions go to the 12345 hotline, docs/enquiries.md). Thin: parsing and rendering; the rules are
enquiries.services."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.models import User
from govhall.cases.access import get_case_for_user
from govhall.cases.models import Case
from govhall.catalog import selectors as catalog_selectors
from govhall.catalog.models import Item
from govhall.core.bounds import page_number
from govhall.enquiries import selectors, services
from govhall.enquiries.constants import CONTENT_MAX, TITLE_MAX, Kind, Source
from govhall.enquiries.services import EnquiryRefused
from govhall.organisations.models import Department

PAGE = 20


class EnquiryForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Kind.choices, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label=gettext_lazy("承办部门"), queryset=Department.objects.all(), required=False
    )
    title = forms.CharField(label=gettext_lazy("标题"), max_length=TITLE_MAX)
    content = forms.CharField(
        label=gettext_lazy("内容"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("请写清楚您的问题或诉求；答复会发到您的消息中心和手机。"),
    )
    about_handler = forms.BooleanField(label=gettext_lazy("投诉该办件的经办工作人员"), required=False)

    def __init__(self, *args: Any, routed: bool, from_case: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if routed:
            del self.fields["department"]
        else:
            self.fields["department"].required = True
            self.fields["department"].empty_label = _("请选择部门")  # type: ignore[attr-defined]
        if not from_case:
            del self.fields["about_handler"]


def _subject(request: HttpRequest, user: User) -> tuple[Item | None, Case | None]:
    code, number = request.GET.get("item", ""), request.GET.get("case", "")
    if number:
        return None, get_case_for_user(user, number[:40])  # 404 unless the person may see the case
    if code:
        item = catalog_selectors.guide_item(code[:80])
        if item is None:
            raise Http404(_("没有该事项。"))
        return item, None
    return None, None


def _signed_in(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("请先登录。"))
    if user.is_staff_member:
        raise PermissionDenied(_("工作人员请通过工作台处理咨询投诉。"))
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    item, case = _subject(request, user)
    initial = {"kind": request.GET.get("kind") if request.GET.get("kind") in Kind.values else Kind.CONSULT}
    form = EnquiryForm(
        request.POST or None, initial=initial, routed=item is not None or case is not None, from_case=case is not None
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            source = Source.CASE if case else Source.GUIDE if item else Source.PORTAL
            try:
                made = services.submit(
                    user=user,
                    kind=data["kind"],
                    title=data["title"],
                    content=data["content"],
                    source=source,
                    item=item,
                    case=case,
                    department=data.get("department"),
                    about_handler=bool(data.get("about_handler")),
                    channel=getattr(request, "channel", "web"),
                )
            except EnquiryRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("已提交，编号 %(number)s，承办部门将在 %(due)s 前答复。")
                    % {"number": made.number, "due": made.due_on.isoformat()},
                )
                return redirect("enquiries:detail", enquiry_id=made.pk)
        status = 400
    context = {"form": form, "item": item, "case": case}
    return render(request, "enquiries/new.html", context, status=status)


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    found = selectors.of_person(user)
    page = page_number(request.GET.get("page"), maximum=10_000)
    rows = list(found[(page - 1) * PAGE : page * PAGE + 1])
    context = {"rows": rows[:PAGE], "page": page, "more": len(rows) > PAGE}
    return render(request, "enquiries/mine.html", context)


@login_required
@require_safe
def detail(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    user = _signed_in(request)
    enquiry = selectors.for_person(user, enquiry_id)
    return render(request, "enquiries/detail.html", {"enquiry": enquiry})


@login_required
@require_POST
def rate(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    user = _signed_in(request)
    enquiry = selectors.for_person(user, enquiry_id)
    try:
        services.rate(enquiry, user=user, satisfaction=request.POST.get("satisfaction", ""))
    except EnquiryRefused as refused:
        messages.error(request, str(refused))
        return render(request, "enquiries/detail.html", {"enquiry": enquiry}, status=400)
    messages.success(request, _("感谢您的评价。"))
    return redirect("enquiries:detail", enquiry_id=enquiry.pk)
