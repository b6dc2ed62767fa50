"""扫码登录: a screen (the login page on a computer, a self-service kiosk) shows a QR code; the person scans it with the
phone on which they are signed in and confirms 在电脑上登录？; the screen that showed it then signs in as them, once.

- The token is in the QR code only: the row keeps its SHA-256. The screen keeps the row's id in its own session, so
  another browser that saw the code cannot use it.
- A code lives QR_LOGIN_SECONDS from its making, for both the confirmation and the use; an address may make
  QR_LOGIN_PER_IP_PER_HOUR codes an hour; a locked account or address (security.check_not_locked) cannot sign in this
  way either, and staff, who need their second factor, cannot at all.
- Confirmation, refusal and use are audited (the use as accounts.login, method "qr")."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govhall.accounts import security
from govhall.accounts.constants import QrLoginState
from govhall.accounts.models import QrLogin, User
from govhall.core import audit, throttle
from govhall.core.constants import AuditResult

HOUR = timedelta(hours=1)
TOKEN_MAX = 64


class QrLoginError(Exception):
    """The QR login step cannot be done; the message is for the person, in Chinese."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def state_of(login: QrLogin) -> str:
    """The state as it is now: a pending or confirmed code past its time is expired."""
    live = login.state in (QrLoginState.PENDING, QrLoginState.CONFIRMED)
    return QrLoginState.EXPIRED if live and login.expires_at <= timezone.now() else login.state


def seconds_left(login: QrLogin) -> int:
    return max(0, int((login.expires_at - timezone.now()).total_seconds()))


def create_qr_login(*, channel: str, ip_address: str | None) -> tuple[QrLogin, str]:
    """A new code for a screen: the row and the token to put in the QR code (never stored)."""
    # A locked address may show a code; its use is refused (consume_qr_login).
    limit = settings.QR_LOGIN_PER_IP_PER_HOUR
    if ip_address and not throttle.take(f"qrlogin:ip:{ip_address}", limit=limit, per=HOUR):
        raise QrLoginError("扫码登录请求过于频繁，请稍后再试或使用其他登录方式。")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    login = QrLogin.objects.create(
        token_hash=_hash(token),
        channel=channel[:10],
        ip_address=ip_address,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.QR_LOGIN_SECONDS),
    )
    return login, token


def find_by_token(token: str) -> QrLogin | None:
    """The code a phone scanned, or None for a token that was never made."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return QrLogin.objects.filter(token_hash=_hash(token)).first()


def _refuse(*, user: User, action: str, reason: str, channel: str, ip_address: str | None) -> QrLoginError:
    security.record_failure(username=f"qr:{user.get_username()}"[:150], ip_address=ip_address)
    audit.record(
        actor=user,
        action=action,
        channel=channel,
        result=AuditResult.FAILURE,
        detail={"reason": reason},
        ip_address=ip_address,
    )
    messages = {
        "unknown": "二维码无效，请在电脑或自助终端上刷新二维码后重新扫描。",
        "expired": "二维码已失效，请在电脑或自助终端上刷新二维码后重新扫描。",
        "taken": "该二维码已被确认，请在电脑或自助终端上刷新二维码后重新扫描。",
        "staff": "工作人员请使用账号密码和动态口令登录。",
    }
    return QrLoginError(messages[reason])


def confirm_qr_login(*, token: str, user: User, channel: str, ip_address: str | None) -> QrLogin:
    """The signed-in person confirms on their phone that the screen showing this code may sign in as them. A refusal
    counts toward the person's lockout (committed even when the caller's work is abandoned)."""
    action = "accounts.qr_login_confirm"
    reason = ""
    with transaction.atomic():
        found = find_by_token(token)
        login = QrLogin.objects.select_for_update().get(pk=found.pk) if found is not None else None
        state = state_of(login) if login is not None else ""
        if login is None:
            reason = "unknown"
        elif security.staff_need_totp(user) or not user.is_active:
            reason = "staff"
        elif state == QrLoginState.EXPIRED:
            reason = "expired"
        elif state != QrLoginState.PENDING:
            reason = "taken"
        else:
            login.state = QrLoginState.CONFIRMED
            login.confirmed_by = user
            login.confirmed_at = timezone.now()
            login.save(update_fields=["state", "confirmed_by", "confirmed_at"])
            audit.record(
                actor=user,
                action=action,
                channel=channel,
                target=user,
                ip_address=ip_address,
                detail={"screen": login.channel, "screen_address": login.ip_address},
            )
    if reason or login is None:
        raise _refuse(user=user, action=action, reason=reason or "unknown", channel=channel, ip_address=ip_address)
    return login


@transaction.atomic
def decline_qr_login(*, token: str, user: User, channel: str, ip_address: str | None) -> None:
    """The person says 不是我本人操作: the code can no longer be confirmed."""
    found = find_by_token(token)
    if found is None:
        return
    login = QrLogin.objects.select_for_update().get(pk=found.pk)
    if login.state == QrLoginState.PENDING:
        login.state = QrLoginState.EXPIRED
        login.save(update_fields=["state"])
        audit.record(
            actor=user,
            action="accounts.qr_login_decline",
            channel=channel,
            ip_address=ip_address,
            detail={"screen_address": login.ip_address},
        )


def status(login_id: int | None) -> tuple[str, int]:
    """(state, seconds left) of the screen's own code, for its polling; a missing one reads as expired."""
    login = QrLogin.objects.filter(pk=login_id).first() if isinstance(login_id, int) else None
    if login is None:
        return QrLoginState.EXPIRED, 0
    return state_of(login), seconds_left(login)


def consume_qr_login(*, login_id: int | None, channel: str, ip_address: str | None) -> User:
    """The screen that made the code signs in, once, as the person who confirmed it (the caller starts the session
    with a new session key: django.contrib.auth.login)."""
    with transaction.atomic():
        login = (
            QrLogin.objects.select_for_update(of=("self",)).select_related("confirmed_by").filter(pk=login_id).first()
            if isinstance(login_id, int)
            else None
        )
        state = state_of(login) if login is not None else QrLoginState.EXPIRED
        if login is None or state != QrLoginState.CONFIRMED or login.confirmed_by is None:
            problems: dict[str, str] = {
                QrLoginState.PENDING: "请先在手机上确认登录。",
                QrLoginState.USED: "该二维码已使用过，请刷新二维码。",
            }
            problem = problems.get(state, "二维码已失效，请刷新二维码后重新扫描。")
            raise QrLoginError(problem)
        user = login.confirmed_by
        try:
            security.check_not_locked(username=user.get_username(), ip_address=ip_address)
        except security.LockedOut as error:
            raise QrLoginError(str(error)) from error
        if not user.is_active or security.staff_need_totp(user):
            raise QrLoginError("该账户不能扫码登录。")
        login.state = QrLoginState.USED
        login.used_at = timezone.now()
        login.save(update_fields=["state", "used_at"])
    audit.record(actor=user, action="accounts.login", channel=channel, ip_address=ip_address, detail={"method": "qr"})
    return user
