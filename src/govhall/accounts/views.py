"""Account pages: register, sign in (password, SMS code, staff TOTP), my account and activity, legal persons and
agents, acting for a legal person. Views parse, call one service, render."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from govhall.accounts import access, qr_views, security, services
from govhall.accounts.forms import (
    AddressForm,
    AuthorisationForm,
    OrganisationForm,
    PasswordLoginForm,
    PasswordResetForm,
    RegisterForm,
    SendCodeForm,
    SmsLoginForm,
    TotpForm,
)
from govhall.accounts.models import TotpDevice, User
from govhall.core import audit
from govhall.core.bounds import whole_number
from govhall.core.clients import client_address
from govhall.core.constants import Channel
from govhall.core.models import AuditEvent

PENDING_USER = "pending_second_factor_user"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _ip(request: HttpRequest) -> str | None:
    return client_address(request)


def _channel(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("accounts:me")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("accounts:me")
    return target


def _requested_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""


def _add_problems(form: Any, error: services.AccountError) -> None:
    for field, problems in error.problems.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _start_session(request: HttpRequest, user: User, method: str) -> HttpResponse:
    login(request, user, backend=BACKEND)
    if user.is_staff_member:
        request.session.set_expiry(0)  # staff sessions end when the browser closes (besides the idle timeout)
    audit.record(
        actor=user,
        action="accounts.login",
        channel=_channel(request),
        ip_address=_ip(request),
        detail={"method": method},
    )
    return HttpResponseRedirect(_next(request))


def _after_password(request: HttpRequest, user: User) -> HttpResponse:
    if not security.staff_need_totp(user):
        return _start_session(request, user, "password")
    request.session[PENDING_USER] = user.pk
    request.session["pending_next"] = _next(request)
    confirmed = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
    return redirect("accounts:totp_setup" if not confirmed else "accounts:totp")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_person(
                **{k: v for k, v in form.cleaned_data.items() if k != "password2"},
                channel=_channel(request),
                ip_address=_ip(request),
            )
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "注册成功，已完成实名认证。")
            return _start_session(request, user, "register")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest) -> HttpResponse:
    """忘记密码: phone → SMS code (找回密码) → new password; then sign in with it."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(
                phone=form.cleaned_data["phone"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
                channel=_channel(request),
                ip_address=_ip(request),
            )
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "密码已重置，请使用新密码登录。")
            return redirect("accounts:login")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    form = SendCodeForm(request.POST)
    message, status = "验证码已发送，请查收短信。", 200
    if not form.is_valid():
        message, status = "请输入 11 位手机号码。", 400
    else:
        try:
            services.send_code(
                phone=form.cleaned_data["phone"],
                purpose=form.cleaned_data["purpose"],
                ip_address=_ip(request),
                channel=_channel(request),
            )
        except services.AccountError as error:
            message, status = (
                str(error),
                429 if "频繁" in str(error) or "上限" in str(error) or "1 分钟" in str(error) else 400,
            )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "accounts/_code_status.html", {"message": message, "ok": status == 200}, status=status)
    (messages.success if status == 200 else messages.error)(request, message)
    return HttpResponseRedirect(_next(request))


@require_http_methods(["GET", "POST"])
def login_password(request: HttpRequest) -> HttpResponse:
    form = PasswordLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_login(**form.cleaned_data, channel=_channel(request), ip_address=_ip(request))
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            return _after_password(request, user)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "sms_form": SmsLoginForm(), "next": _requested_next(request)}
    if _channel(request) != Channel.MOBILE:  # a phone signs a computer in; it does not scan its own screen
        context |= qr_views.start_qr_login(request, channel=_channel(request))
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def login_sms(request: HttpRequest) -> HttpResponse:
    form = SmsLoginForm(request.POST)
    if form.is_valid():
        try:
            user = services.sms_login(**form.cleaned_data, channel=_channel(request), ip_address=_ip(request))
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            if security.staff_need_totp(user):
                return _after_password(request, user)
            return _start_session(request, user, "sms")
    context = {"form": PasswordLoginForm(), "sms_form": form, "next": _requested_next(request)}
    if _channel(request) != Channel.MOBILE:  # a phone signs a computer in; it does not scan its own screen
        context |= qr_views.start_qr_login(request, channel=_channel(request))
    return render(request, "accounts/login.html", context, status=400)


def _pending(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING_USER)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _finish_second_factor(request: HttpRequest, user: User) -> HttpResponse:
    """Both factors passed: start the session and go where the person was going before signing in."""
    target = request.session.pop("pending_next", None)
    request.session.pop(PENDING_USER, None)
    response = _start_session(request, user, "password+totp")
    return HttpResponseRedirect(target) if target else response


@require_http_methods(["GET", "POST"])
def totp(request: HttpRequest) -> HttpResponse:
    user = _pending(request)
    if user is None:
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor(
                user=user, code=form.cleaned_data["code"], channel=_channel(request), ip_address=_ip(request)
            )
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            return _finish_second_factor(request, user)
    return render(request, "accounts/totp.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    user = _pending(request)
    if user is None:
        return redirect("accounts:login")
    if TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        return redirect("accounts:totp")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp(
                user=user, code=form.cleaned_data["code"], channel=_channel(request), ip_address=_ip(request)
            )
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            return _finish_second_factor(request, user)
    device = TotpDevice.objects.filter(user=user).first() if request.method == "POST" else None
    device = device or security.start_totp(user)
    uri = security.provisioning_uri(device)
    # A data URI of a complete SVG document (with its namespace): browsers draw it inside <img>.
    context = {"form": form, "secret": device.secret, "qr": segno.make(uri, error="m").svg_data_uri(scale=5)}
    return render(request, "accounts/totp_setup.html", context, status=400 if form.errors else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(actor=request.user, action="accounts.logout", channel=_channel(request), ip_address=_ip(request))
    logout(request)
    return redirect("portal:home")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "person": getattr(user, "person", None),
        "organisations": access.organisations_for(user),
        "acting_for": access.acting_organisation(request),
    }
    return render(request, "accounts/me.html", context)


@login_required
def my_activity(request: HttpRequest) -> HttpResponse:
    """The person's own trail: their logins and acts, acts done for them, and who viewed their data."""
    user: User = request.user  # type: ignore[assignment]
    mine = Q(actor=user) | Q(object_type="accounts.user", object_id=str(user.pk))
    events = AuditEvent.objects.filter(mine).order_by("-at")[:200]
    return render(request, "accounts/activity.html", {"events": events})


@login_required
@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register_organisation(actor=user, **form.cleaned_data, channel=_channel(request))
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            messages.success(request, f"已登记法人：{organisation.name}")
            return redirect("accounts:organisations")
    context = {"form": form, "organisations": access.organisations_for(user), "user_pk": user.pk}
    return render(request, "accounts/organisations.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def agents(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation = access.get_represented_organisation(user, organisation_id)
    form = AuthorisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_authorisation(
                actor=user,
                organisation=organisation,
                agent_username=form.cleaned_data["agent_username"],
                valid_until=form.cleaned_data["valid_until"],
                item_codes=form.codes(),
                channel=_channel(request),
            )
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "已授权经办人。")
            return redirect("accounts:agents", organisation_id=organisation.pk)
    authorisations = organisation.authorisations.select_related("agent__person").prefetch_related("items")
    context = {"form": form, "organisation": organisation, "authorisations": authorisations.order_by("-granted_at")}
    return render(request, "accounts/agents.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request: HttpRequest, authorisation_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    authorisation = access.get_authorisation_for_representative(user, authorisation_id)
    try:
        services.revoke_authorisation(actor=user, authorisation=authorisation, channel=_channel(request))
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤销授权。")
    return redirect("accounts:agents", organisation_id=authorisation.organisation_id)


@login_required
@require_POST
def act_as(request: HttpRequest) -> HttpResponse:
    """Choose to act for a legal person (or for oneself, with an empty value) from now on in this session;
    back to `next` (the page that asked for another identity) or to 我的."""
    user: User = request.user  # type: ignore[assignment]
    value = request.POST.get("organisation", "")
    if not value:
        request.session.pop(access.ACTING_FOR_SESSION_KEY, None)
        messages.success(request, "现在以个人身份办事。")
        return redirect(_next(request))
    organisation_id = whole_number(value)
    if organisation_id is None:
        messages.error(request, "请选择要代表的法人。")
        return redirect("accounts:me")
    organisation = access.get_organisation_for_user(user, organisation_id)
    request.session[access.ACTING_FOR_SESSION_KEY] = organisation.pk
    audit.record(
        actor=user,
        action="accounts.act_as",
        channel=_channel(request),
        target=organisation,
        on_behalf_of=organisation.name,
    )
    messages.success(request, f"现在代表“{organisation.name}”办事。")
    return redirect(_next(request))


@login_required
@require_http_methods(["GET", "POST"])
def addresses(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_address(actor=user, **form.cleaned_data, channel=_channel(request))
        except services.AccountError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "已保存收件地址。")
            return redirect("accounts:addresses")
    context = {"form": form, "addresses": user.addresses.order_by("-is_default", "pk")}
    return render(request, "accounts/addresses.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delete_address(request: HttpRequest, address_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    address = access.get_address_for_user(user, address_id)
    services.delete_address(actor=user, address=address, channel=_channel(request))
    messages.success(request, "已删除收件地址。")
    return redirect("accounts:addresses")
