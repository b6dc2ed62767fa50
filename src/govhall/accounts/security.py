"""Login security (等保 2.0 level 3): lockout by account and by address, one-time SMS codes with rate limits, and
TOTP second factors for staff. Every outcome is audited by the callers in services.py."""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import LoginFailure, SmsCode, TotpDevice, User
from govhall.core.crypto import blind_index
from govhall.notices import sms
from govhall.notices.providers import SmsError, sms_sender

logger = logging.getLogger(__name__)


class SecurityError(Exception):
    """A login step refused; the message is for the person, in Chinese."""


class LockedOut(SecurityError):
    pass


# Lockout ---------------------------------------------------------------------------------------------------------


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def check_not_locked(*, username: str, ip_address: str | None) -> None:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    by_account = recent.filter(username=username.lower()).count()
    by_address = recent.filter(ip_address=ip_address).count() if ip_address else 0
    if max(by_account, by_address) >= settings.LOGIN_MAX_FAILURES:
        raise LockedOut(
            f"登录失败次数过多，已锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟，请稍后再试或使用短信验证码找回密码。"
        )


def record_failure(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip_address=ip_address)


def clear_failures(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


# SMS codes -------------------------------------------------------------------------------------------------------


def _code_hash(phone_index: str, code: str) -> str:
    return hmac.new(phone_index.encode(), code.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeMessage:
    """A code SMS to send: the phone and the text as the phone receives it. Never stored or queued as it is."""

    phone: str
    text: str = field(repr=False)


def send_code_message(message: CodeMessage) -> None:
    """Hand a code SMS to the provider at once, from the request and outside any transaction (a code is never put in
    a task's arguments, which the task table keeps in clear); the operator's outbox keeps the text with the code
    masked. SecurityError when the gateway does not take it (the person asks again a minute later)."""
    sender = sms_sender()
    try:
        message_id = sender.send(phone=message.phone, text=message.text)
    except SmsError as error:
        logger.error("SMS gateway %s refused a code message: %s", sender.name, error)
        raise SecurityError("验证码短信未能发出，请稍后重试。") from error
    sms.record_code_message(
        phone=message.phone, text=message.text, provider=sender.name, provider_message_id=message_id
    )


def issue_sms_code(*, phone: str, purpose: str, ip_address: str | None) -> CodeMessage:
    """Create a code within the limits (one a minute and SMS_PER_PHONE_PER_DAY per phone, SMS_PER_IP_PER_HOUR per
    address) and return the message that carries it: the caller sends it with send_code_message once the code's row
    is committed. Only the code's HMAC is stored."""
    index = blind_index(phone)
    now = timezone.now()
    sent = SmsCode.objects.filter(phone_index=index)
    if sent.filter(created_at__gte=now - timedelta(minutes=1)).exists():
        raise SecurityError("验证码已发送，请 1 分钟后再试。")
    if sent.filter(created_at__gte=now - timedelta(days=1)).count() >= settings.SMS_PER_PHONE_PER_DAY:
        raise SecurityError("该手机号今日获取验证码次数已达上限，请明天再试。")
    if ip_address and (
        SmsCode.objects.filter(ip_address=ip_address, created_at__gte=now - timedelta(hours=1)).count()
        >= settings.SMS_PER_IP_PER_HOUR
    ):
        raise SecurityError("获取验证码过于频繁，请稍后再试。")
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsCode.objects.create(
        phone_index=index,
        purpose=purpose,
        code_hash=_code_hash(index, code),
        expires_at=now + timedelta(minutes=settings.SMS_CODE_MINUTES),
        ip_address=ip_address,
    )
    text = sms.sms_text(f"您的验证码为 {code}，{settings.SMS_CODE_MINUTES} 分钟内有效。请勿告诉他人。")
    return CodeMessage(phone=phone, text=text)


def consume_sms_code(*, phone: str, purpose: str, code: str) -> None:
    """Accept the newest live code for this phone and purpose once; five wrong tries spend it. The check commits on
    its own, so a wrong try counts even when the caller's work is then abandoned; callers must not hold a transaction."""
    index = blind_index(phone)
    problem = ""
    with transaction.atomic():
        live = (
            SmsCode.objects.select_for_update()
            .filter(phone_index=index, purpose=purpose, used_at__isnull=True, expires_at__gte=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if live is None:
            problem = "验证码已失效，请重新获取。"
        elif not hmac.compare_digest(live.code_hash, _code_hash(index, code.strip())):
            live.attempts += 1
            if live.attempts >= 5:
                live.used_at = timezone.now()
            live.save(update_fields=["attempts", "used_at"])
            problem = "验证码不正确。"
        else:
            live.used_at = timezone.now()
            live.save(update_fields=["used_at"])
    if problem:
        raise SecurityError(problem)


# TOTP ------------------------------------------------------------------------------------------------------------

TOTP_ISSUER = "GovHall 一网通办"


def start_totp(user: User) -> TotpDevice:
    device, created = TotpDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if not created and device.confirmed_at is None:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret"])
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=TOTP_ISSUER)


def check_totp(device: TotpDevice, code: str) -> None:
    """Accept a code of the current step (±1 for clock drift) that has not been used before."""
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if step > device.last_step and hmac.compare_digest(totp.generate_otp(step), code.strip()):
            TotpDevice.objects.filter(pk=device.pk).update(last_step=step)
            device.last_step = step
            return
    raise SecurityError("动态口令不正确或已使用过，请输入认证器上的最新 6 位数字。")


def staff_need_totp(user: User) -> bool:
    return user.is_staff_member or user.is_staff or user.is_superuser
