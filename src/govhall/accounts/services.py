"""Every write to accounts: registration with a real-name check, logins (password, SMS code, TOTP), legal persons and
their agents. Keyword-only, atomic, audited."""

import secrets
from datetime import date

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import ric

from govhall.accounts import security
from govhall.accounts.constants import AccountKind, DocumentType, OrganisationKind, SmsPurpose
from govhall.accounts.models import Address, Authorisation, Organisation, PersonProfile, TotpDevice, User
from govhall.accounts.providers import identity_check
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.constants import AuditResult
from govhall.core.crypto import blind_index
from govhall.core.validators import is_valid_uscc

PHONE_DIGITS = 11
ASCII_DIGITS = frozenset("0123456789")  # str.isdigit() also takes "²" and other scripts' digits
MAX_ADDRESSES = 20


class AccountError(Exception):
    """A request about an account cannot be done; `problems` maps a field ("" for the whole form) to messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("；".join(message for messages in problems.values() for message in messages))
        self.problems = problems


def _fail(field: str, message: str) -> AccountError:
    return AccountError({field: [message]})


def normalise_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch in ASCII_DIGITS)
    if len(digits) != PHONE_DIGITS or not digits.startswith("1"):
        raise _fail("phone", "请输入 11 位手机号码。")
    return digits


# Codes that only an account's own phone may receive: for a number without an account they are issued the same way
# (same limits, same answer, so nothing tells whether the number is registered) but never sent.
WITHOUT_ENUMERATION = frozenset({SmsPurpose.LOGIN, SmsPurpose.RESET})


def send_code(*, phone: str, purpose: str, ip_address: str | None, channel: str) -> None:
    """Issue a code and send it by SMS. A login or 找回密码 code for a number without an account is issued the same way
    (so the same limits and answers apply, and nothing tells whether the number is registered) but never sent."""
    number = normalise_phone(phone)
    known = purpose not in WITHOUT_ENUMERATION or User.objects.filter(phone_index=blind_index(number)).exists()
    try:
        with transaction.atomic():
            message = security.issue_sms_code(phone=number, purpose=purpose, ip_address=ip_address)
        if known:
            security.send_code_message(message)
    except security.SecurityError as error:
        raise _fail("phone", str(error)) from error
    if not known:
        audit.record(
            actor=None,
            action="accounts.sms_code",
            channel=channel,
            result=AuditResult.FAILURE,
            detail={"reason": "unknown phone"},
            ip_address=ip_address,
        )
        return
    audit.record(
        actor=None, action="accounts.sms_code", channel=channel, ip_address=ip_address, detail={"purpose": purpose}
    )


def register_person(
    *,
    username: str,
    password: str,
    real_name: str,
    document_type: str,
    document_number: str,
    phone: str,
    sms_code: str,
    channel: str,
    ip_address: str | None,
) -> User:
    """Create a real-name account: the document is checked by the identity provider, the phone by an SMS code.

    Whether the document or the phone already has an account is never told apart: after the SMS code, both (and a
    simultaneous registration) get the one answer REGISTRATION_REFUSED, and each such refusal counts toward the
    lockout by phone and by address (LOGIN_MAX_FAILURES in LOGIN_LOCKOUT_MINUTES), on top of the SMS code limits."""
    number = document_number.strip().upper()
    problems: dict[str, list[str]] = {}
    if document_type == DocumentType.RESIDENT_ID and not ric.is_valid(number):
        problems["document_number"] = ["公民身份号码无效：应为 18 位，且最后一位校验码正确。"]
    if User.objects.filter(username__iexact=username).exists():
        problems["username"] = ["该用户名已被使用。"]
    index = blind_index(number)
    try:
        phone_number = normalise_phone(phone)
    except AccountError as error:
        problems.update(error.problems)
    try:
        validate_password(password, User(username=username))
    except ValidationError as error:
        problems["password"] = list(error.messages)
    if problems:
        raise AccountError(problems)
    throttle_key = f"register:{blind_index(phone_number)[:16]}"
    try:
        security.check_not_locked(username=throttle_key, ip_address=ip_address)
    except security.LockedOut as error:
        raise _fail("", str(error)) from error
    try:
        security.consume_sms_code(phone=phone_number, purpose=SmsPurpose.REGISTER, code=sms_code)
    except security.SecurityError as error:
        raise _fail("sms_code", str(error)) from error
    taken = PersonProfile.objects.filter(document_type=document_type, document_index=index).exists()
    if taken or User.objects.filter(phone_index=blind_index(phone_number)).exists():
        raise _registration_refused(throttle_key, channel=channel, ip_address=ip_address)
    checker = identity_check()
    result = checker.verify(real_name=real_name, document_type=document_type, document_number=number)
    if not result.matched:
        audit.record(
            actor=None,
            action="accounts.register",
            channel=channel,
            result=AuditResult.FAILURE,
            detail={"reason": result.reason},
            ip_address=ip_address,
        )
        raise _fail("document_number", f"实名核验未通过：{result.reason}")
    try:
        with transaction.atomic():
            user = _create_person(
                username=username,
                password=password,
                phone=phone_number,
                real_name=real_name,
                document_type=document_type,
                number=number,
                index=index,
                verified_by=f"{checker.name}:{result.reference}",
            )
    except IntegrityError as error:  # a simultaneous registration of the same document or phone
        raise _registration_refused(throttle_key, channel=channel, ip_address=ip_address) from error
    audit.record(actor=user, action="accounts.register", channel=channel, target=user, ip_address=ip_address)
    return user


REGISTRATION_REFUSED = (
    "无法用所填的证件和手机号注册。如果您已有账户，请直接登录（可用短信验证码登录）；如有疑问请拨打 12345 热线。"
)


def _registration_refused(throttle_key: str, *, channel: str, ip_address: str | None) -> AccountError:
    """The one answer for a document or phone that already has an account; it counts toward the lockout."""
    security.record_failure(username=throttle_key, ip_address=ip_address)
    audit.record(
        actor=None,
        action="accounts.register",
        channel=channel,
        result=AuditResult.FAILURE,
        detail={"reason": "document or phone taken"},
        ip_address=ip_address,
    )
    return _fail("", REGISTRATION_REFUSED)


def find_or_register_walk_in(
    *, clerk: User, real_name: str, document_type: str, document_number: str, phone: str, channel: str
) -> User:
    """The person a window clerk serves (帮办代办): found by their document, or given an account after the real-name
    check — the clerk has the document in hand. The person can later sign in with an SMS code to their phone."""
    number = document_number.strip().upper()
    if document_type not in DocumentType.values:
        raise _fail("document_type", "请选择证件类型。")
    index = blind_index(number)
    found = PersonProfile.objects.select_related("user").filter(document_type=document_type, document_index=index)
    profile = found.first()
    if profile is not None:
        audit.record(actor=clerk, action="accounts.find_walk_in", channel=channel, target=profile.user)
        return profile.user
    if document_type == DocumentType.RESIDENT_ID and not ric.is_valid(number):
        raise _fail("document_number", "公民身份号码无效：应为 18 位，且最后一位校验码正确。")
    if not real_name.strip():
        raise _fail("real_name", "首次办事的群众请填写姓名。")
    phone_number = normalise_phone(phone)
    if User.objects.filter(phone_index=blind_index(phone_number)).exists():
        raise _fail("phone", "该手机号已绑定其他账户，请核对证件号码。")
    checker = identity_check()
    result = checker.verify(real_name=real_name, document_type=document_type, document_number=number)
    if not result.matched:
        raise _fail("document_number", f"实名核验未通过：{result.reason}")
    try:
        with transaction.atomic():
            user = _create_person(
                username=f"w{secrets.token_hex(6)}",
                password=None,
                phone=phone_number,
                real_name=real_name,
                document_type=document_type,
                number=number,
                index=index,
                verified_by=f"{checker.name}:{result.reference}:window",
            )
    except IntegrityError as error:
        raise _fail("", "该证件或手机号刚刚已被注册。") from error
    audit.record(actor=clerk, action="accounts.register_walk_in", channel=channel, target=user)
    return user


def find_or_register_card_holder(
    *, real_name: str, document_number: str, reader: str, channel: str, ip_address: str | None
) -> User:
    """The person whose resident ID card a kiosk's card reader has just read (and whose read the kiosk has verified):
    found by the document, or given an account after the real-name check, without a phone or password (they can add
    a phone and sign in elsewhere later). Audited as a card sign-in."""
    number = document_number.strip().upper()
    if not ric.is_valid(number):
        raise _fail("", "身份证读取有误，请重新放置身份证。")
    index = blind_index(number)
    profile = (
        PersonProfile.objects.select_related("user")
        .filter(document_type=DocumentType.RESIDENT_ID, document_index=index)
        .first()
    )
    if profile is not None:
        user = profile.user
        if not user.is_active or user.kind != AccountKind.PERSON:
            raise _fail("", "该账户不能在自助终端登录，请到窗口咨询。")
        return user
    checker = identity_check()
    result = checker.verify(real_name=real_name, document_type=DocumentType.RESIDENT_ID, document_number=number)
    if not result.matched:
        audit.record(
            actor=None,
            action="accounts.register",
            channel=channel,
            result=AuditResult.FAILURE,
            detail={"reason": result.reason, "method": "id_card"},
            ip_address=ip_address,
        )
        raise _fail("", f"实名核验未通过：{result.reason}")
    try:
        with transaction.atomic():
            user = _create_person(
                username=f"c{secrets.token_hex(6)}",
                password=None,
                phone="",
                real_name=real_name,
                document_type=DocumentType.RESIDENT_ID,
                number=number,
                index=index,
                verified_by=f"{checker.name}:{result.reference}:{reader}"[:50],
            )
    except IntegrityError as error:  # the same card read at two kiosks at once
        raise _fail("", "请稍后重新放置身份证。") from error
    audit.record(
        actor=user,
        action="accounts.register",
        channel=channel,
        target=user,
        ip_address=ip_address,
        detail={"method": "id_card"},
    )
    return user


def _create_person(
    *,
    username: str,
    password: str | None,
    phone: str,
    real_name: str,
    document_type: str,
    number: str,
    index: str,
    verified_by: str,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        kind=AccountKind.PERSON,
        phone=phone,
        phone_index=blind_index(phone) if phone else "",
    )
    PersonProfile.objects.create(
        user=user,
        real_name=real_name.strip(),
        document_type=document_type,
        document_number=number,
        document_index=index,
        verified_at=timezone.now(),
        verified_by=verified_by,
    )
    return user


def _login_failed(*, key: str, actor: User | None, method: str, channel: str, ip_address: str | None) -> None:
    """A failed login step: it counts toward the lockout and leaves an audit row."""
    security.record_failure(username=key, ip_address=ip_address)
    detail = {"method": method} if actor is not None else {"method": method, "username": key[:150]}
    audit.record(
        actor=actor,
        action="accounts.login",
        channel=channel,
        result=AuditResult.FAILURE,
        detail=detail,
        ip_address=ip_address,
    )


def password_login(*, username: str, password: str, channel: str, ip_address: str | None) -> User:
    """Check the password (with lockout). Staff still need their TOTP code before the session starts."""
    try:
        security.check_not_locked(username=username, ip_address=ip_address)
    except security.LockedOut as error:
        audit.record(
            actor=None,
            action="accounts.login",
            channel=channel,
            result=AuditResult.DENIED,
            detail={"username": username[:150], "reason": "locked"},
            ip_address=ip_address,
        )
        raise _fail("", str(error)) from error
    user = authenticate(username=username, password=password)
    if user is None:
        _login_failed(key=username, actor=None, method="password", channel=channel, ip_address=ip_address)
        raise _fail("", "用户名或密码不正确。")
    security.clear_failures(username=username)
    return user


def sms_login(*, phone: str, code: str, channel: str, ip_address: str | None) -> User:
    number = normalise_phone(phone)
    user = User.objects.filter(phone_index=blind_index(number), is_active=True).first()
    key = f"sms:{blind_index(number)[:16]}"
    try:
        security.check_not_locked(username=key, ip_address=ip_address)
        security.consume_sms_code(phone=number, purpose=SmsPurpose.LOGIN, code=code)
    except security.SecurityError as error:
        _login_failed(key=key, actor=user, method="sms", channel=channel, ip_address=ip_address)
        raise _fail("code", str(error)) from error
    if user is None:
        raise _fail("code", "验证码已失效，请重新获取。")
    return user


def reset_password(*, phone: str, code: str, new_password: str, channel: str, ip_address: str | None) -> User:
    """忘记密码: the account of this phone takes a new password once the 找回密码 SMS code is right. The answer for a
    number without an account is that of a wrong code (its code was never sent), so nothing tells whether the number
    is registered; failures count toward the lockout by phone and address like logins. The new password keeps the
    password rules; every session of the account ends (Django's session hash follows the password), its apps' tokens
    are revoked (accounts.credentials) and the change is audited. Call outside a transaction (consume_sms_code commits a wrong try on its own)."""
    number = normalise_phone(phone)
    user = User.objects.filter(phone_index=blind_index(number), is_active=True).first()
    try:  # the rules without the account first: the answer must not depend on whether the number has one
        validate_password(new_password, None)
    except ValidationError as error:
        raise AccountError({"new_password": list(error.messages)}) from error
    key = f"reset:{blind_index(number)[:16]}"
    try:
        security.check_not_locked(username=key, ip_address=ip_address)
        security.consume_sms_code(phone=number, purpose=SmsPurpose.RESET, code=code)
    except security.SecurityError as error:
        _login_failed(key=key, actor=user, method="reset", channel=channel, ip_address=ip_address)
        raise _fail("code", str(error)) from error
    if user is None:  # (the account went away after its code was sent)
        raise _fail("code", "验证码已失效，请重新获取。")
    try:  # then the rules that compare with the account (not like its user name …), once the code proved the phone
        validate_password(new_password, user)
    except ValidationError as error:
        raise AccountError({"new_password": [*error.messages, "验证码已使用，请重新获取。"]}) from error
    with transaction.atomic():
        user.set_password(new_password, channel=channel, ip_address=ip_address)
        user.save(update_fields=["password"])  # also revokes the apps' tokens (accounts.credentials)
        security.clear_failures(username=user.get_username())
        audit.record(actor=user, action="accounts.password_reset", channel=channel, target=user, ip_address=ip_address)
    return user


def second_factor(*, user: User, code: str, channel: str, ip_address: str | None) -> None:
    """Check a staff member's TOTP code (lockout counts these failures too)."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        raise _fail("code", "尚未绑定动态口令认证器。")
    try:
        security.check_not_locked(username=user.get_username(), ip_address=ip_address)
        security.check_totp(device, code)
    except security.SecurityError as error:
        _login_failed(key=user.get_username(), actor=user, method="totp", channel=channel, ip_address=ip_address)
        raise _fail("code", str(error)) from error


@transaction.atomic
def confirm_totp(*, user: User, code: str, channel: str, ip_address: str | None) -> TotpDevice:
    device = TotpDevice.objects.select_for_update().get(user=user)
    try:
        security.check_totp(device, code)
    except security.SecurityError as error:
        raise _fail("code", str(error)) from error
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    audit.record(actor=user, action="accounts.totp_enrolled", channel=channel, target=user, ip_address=ip_address)
    return device


@transaction.atomic
def register_organisation(*, actor: User, name: str, uscc: str, kind: str, channel: str) -> Organisation:
    """The acting person registers a legal person they represent (the code is checked per GB 32100)."""
    code = uscc.strip().upper()
    if not hasattr(actor, "person"):
        raise _fail("", "请先完成个人实名认证。")
    if not is_valid_uscc(code):
        raise _fail("uscc", "统一社会信用代码无效：应为 18 位，且最后一位校验码正确。")
    if kind not in OrganisationKind.values:
        raise _fail("kind", "请选择法人类型。")
    if Organisation.objects.filter(uscc=code).exists():
        raise _fail("uscc", "该统一社会信用代码已注册。")
    organisation = Organisation.objects.create(
        name=name.strip(), uscc=code, kind=kind, legal_representative=actor, verified_at=timezone.now()
    )
    audit.record(actor=actor, action="accounts.register_organisation", channel=channel, target=organisation)
    return organisation


@transaction.atomic
def grant_authorisation(
    *,
    actor: User,
    organisation: Organisation,
    agent_username: str,
    valid_until: date,
    item_codes: list[str],
    channel: str,
) -> Authorisation:
    """The legal representative authorises an agent (经办人), for all items or the chosen ones, until a date."""
    if organisation.legal_representative_id != actor.pk:
        raise _fail("", "只有法定代表人可以授权经办人。")
    agent = User.objects.filter(username=agent_username, kind=AccountKind.PERSON, is_active=True).first()
    if agent is None or not hasattr(agent, "person"):
        raise _fail("agent_username", "找不到该实名用户，请经办人先注册并完成实名认证。")
    if valid_until <= timezone.localdate():
        raise _fail("valid_until", "授权有效期须晚于今天。")
    items = list(Item.objects.filter(implementation_code__in=item_codes))
    if len(items) != len(set(item_codes)):
        raise _fail("item_codes", "部分事项编码不存在。")
    Authorisation.objects.filter(organisation=organisation, agent=agent, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    authorisation = Authorisation.objects.create(
        organisation=organisation, agent=agent, all_items=not items, valid_until=valid_until, granted_by=actor
    )
    authorisation.items.set(items)
    audit.record(
        actor=actor,
        action="accounts.grant_authorisation",
        channel=channel,
        target=authorisation,
        on_behalf_of=organisation.name,
        detail={"agent": agent.get_username(), "items": item_codes},
    )
    return authorisation


@transaction.atomic
def revoke_authorisation(*, actor: User, authorisation: Authorisation, channel: str) -> Authorisation:
    authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if authorisation.organisation.legal_representative_id != actor.pk:
        raise _fail("", "只有法定代表人可以撤销授权。")
    if authorisation.revoked_at is not None:
        raise _fail("", "该授权已撤销。")
    authorisation.revoked_at = timezone.now()
    authorisation.revoked_by = actor
    authorisation.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=actor,
        action="accounts.revoke_authorisation",
        channel=channel,
        target=authorisation,
        on_behalf_of=authorisation.organisation.name,
    )
    return authorisation


def record_personal_data_view(*, viewer: User, subject: User, fields: list[str], channel: str) -> None:
    """Every unmasked view of someone's personal data leaves a row the person can see."""
    audit.record(
        actor=viewer,
        action="accounts.view_personal_data",
        channel=channel,
        target=subject,
        detail={"fields": fields, "subject": subject.pk},
    )


@transaction.atomic
def add_address(
    *, actor: User, recipient: str, phone: str, area: str, detail: str, is_default: bool, channel: str
) -> Address:
    number = normalise_phone(phone)
    if actor.addresses.count() >= MAX_ADDRESSES:
        raise _fail("", f"最多保存 {MAX_ADDRESSES} 个收件地址。")
    if is_default or not actor.addresses.exists():
        actor.addresses.update(is_default=False)
        is_default = True
    address = Address.objects.create(
        user=actor,
        recipient=recipient.strip(),
        phone=number,
        area=area.strip(),
        detail=detail.strip(),
        is_default=is_default,
    )
    audit.record(actor=actor, action="accounts.add_address", channel=channel, target=address)
    return address


@transaction.atomic
def delete_address(*, actor: User, address: Address, channel: str) -> None:
    audit.record(actor=actor, action="accounts.delete_address", channel=channel, target=address)
    was_default = address.is_default
    address.delete()
    if was_default:
        first = actor.addresses.order_by("pk").first()
        if first is not None:
            first.is_default = True
            first.save(update_fields=["is_default"])
