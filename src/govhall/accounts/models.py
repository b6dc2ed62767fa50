from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.accounts.constants import AccountKind, DocumentType, OrganisationKind, QrLoginState, SmsPurpose
from govhall.core.crypto import EncryptedTextField, mask_document_number, mask_phone
from govhall.core.validators import validate_uscc


def name_of(last_name: str, first_name: str, username: str) -> str:
    """A member of staff's shown name: 姓 + 名 as entered for them, the username only when no name is on file."""
    return f"{last_name}{first_name}".strip() or username


class User(AbstractUser):
    """A GovHall account: a person (自然人, who may also act for organisations) or a member of staff."""

    kind = models.CharField(_("账户类型"), max_length=8, choices=AccountKind.choices, default=AccountKind.PERSON)
    phone = EncryptedTextField(_("手机号码"), blank=True)
    phone_index = models.CharField(_("手机号索引"), max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(fields=["phone_index"], condition=~Q(phone_index=""), name="user_phone_unique")
        ]

    def set_password(self, raw_password: str | None, *, channel: str = "", ip_address: str | None = None) -> None:
        """As Django's, noting where the change came from for the audit row `save` writes (credentials.py)."""
        super().set_password(raw_password)
        self._password_source = (channel, ip_address)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A changed password of an existing account ends what it opened: its apps' tokens are revoked and its other
        sessions end (accounts.credentials.password_changed), in the same transaction as the new password."""
        changed = getattr(self, "_password", None) is not None and not self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                from govhall.accounts.credentials import password_changed

                channel, ip_address = getattr(self, "_password_source", ("", None))
                password_changed(self, channel=channel, ip_address=ip_address)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def display_name(self) -> str:
        """The name shown for a member of staff or a person: the real name (姓 + 名, or the verified profile's name),
        the username only when no name is on file."""
        person = getattr(self, "person", None) if self.kind != AccountKind.STAFF else None
        if person is not None and person.real_name:
            return str(person.real_name)
        return name_of(self.last_name, self.first_name, self.username)

    @property
    def is_staff_member(self) -> bool:
        return self.kind == AccountKind.STAFF


class PersonProfile(models.Model):
    """The real-name identity of a natural person. The document number is stored encrypted with a blind index."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    real_name = models.CharField(_("姓名"), max_length=100)
    document_type = models.CharField(_("证件类型"), max_length=20, choices=DocumentType.choices)
    document_number = EncryptedTextField(_("证件号码"))
    document_index = models.CharField(_("证件号码索引"), max_length=64, editable=False)
    nationality = models.CharField(_("国籍/地区"), max_length=50, default="中国")
    verified_at = models.DateTimeField(_("实名核验时间"), null=True, blank=True)
    verified_by = models.CharField(_("核验渠道"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("实名信息")
        verbose_name_plural = _("实名信息")
        constraints = [
            models.UniqueConstraint(fields=["document_type", "document_index"], name="person_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.real_name}（{self.masked_document}）"

    @property
    def masked_document(self) -> str:
        return mask_document_number(self.document_number)


class Address(models.Model):
    """The person's address book (for posting results)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    recipient = models.CharField(_("收件人"), max_length=100)
    phone = EncryptedTextField(_("联系电话"))
    area = models.CharField(_("所在地区"), max_length=100)
    detail = models.CharField(_("详细地址"), max_length=200)
    is_default = models.BooleanField(_("默认地址"), default=False)

    class Meta:
        verbose_name = _("收件地址")
        verbose_name_plural = _("收件地址")

    def __str__(self) -> str:
        return f"{self.recipient} {self.area}{self.detail}"


class Organisation(models.Model):
    """A legal person (法人): enterprise, public institution or social organisation."""

    name = models.CharField(_("名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    kind = models.CharField(_("类型"), max_length=20, choices=OrganisationKind.choices)
    legal_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法定代表人"),
        on_delete=models.PROTECT,
        related_name="represented_organisations",
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法人")
        verbose_name_plural = _("法人")

    def __str__(self) -> str:
        return self.name


class Authorisation(models.Model):
    """An agent (经办人) authorised by a legal person, for all items or chosen ones, until a date; revocable."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="authorisations")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authorisations")
    all_items = models.BooleanField(_("全部事项"), default=True)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("授权事项"), blank=True)
    valid_until = models.DateField(_("有效期至"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="granted_authorisations"
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("经办人授权")
        verbose_name_plural = _("经办人授权")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "agent"], condition=Q(revoked_at__isnull=True), name="one_live_authorisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.agent}"

    def is_active(self, on: date | None = None) -> bool:
        today = timezone.localdate() if on is None else on
        return self.revoked_at is None and self.valid_until >= today


class TotpDevice(models.Model):
    """A staff member's authenticator (TOTP, RFC 6238). The secret is encrypted; a step is accepted only once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField(_("密钥"))
    confirmed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    last_step = models.BigIntegerField(_("最近使用的时间步"), default=0)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")

    def __str__(self) -> str:
        return str(self.user)


class SmsCode(models.Model):
    """A one-time code sent by SMS. Only its hash is kept."""

    phone_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=10, choices=SmsPurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One failed login, by account and by address: the lockout counts these (等保 2.0)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class QrLogin(models.Model):
    """扫码登录 (accounts.qrlogin): one QR code shown by a screen (the login page on a computer, a kiosk) that the person
    confirms on their signed-in phone; the screen that made it (and only it: the id is in its session) then signs in
    once. Only the token's SHA-256 is kept; the token itself is in the QR code alone."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=QrLoginState.choices, default=QrLoginState.PENDING)
    channel = models.CharField(_("登录渠道"), max_length=10, default="web")
    ip_address = models.GenericIPAddressField(_("显示二维码的地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("失效时间"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="qr_logins",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    used_at = models.DateTimeField(_("登录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("扫码登录")
        verbose_name_plural = _("扫码登录")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=QrLoginState.values), name="qr_login_state_valid"),
            models.CheckConstraint(
                condition=Q(state=QrLoginState.PENDING) | Q(state=QrLoginState.EXPIRED) | Q(confirmed_by__isnull=False),
                name="qr_login_confirmed_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.created_at:%Y-%m-%d %H:%M}"


class OidcClientProfile(models.Model):
    """What a department system registered for single sign-on is entitled to, beyond the standard flow."""

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL, on_delete=models.CASCADE, related_name="govhall_profile"
    )
    department = models.ForeignKey("organisations.Department", null=True, blank=True, on_delete=models.PROTECT)
    full_identity = models.BooleanField(
        _("可获取完整证件号码与手机号码"), default=False, help_text=_("仅限依法履职需要完整信息的部门系统")
    )

    class Meta:
        verbose_name = _("单点登录接入系统")
        verbose_name_plural = _("单点登录接入系统")

    def __str__(self) -> str:
        return str(self.application)


class ApiKey(models.Model):
    """A department system's key for the API: scoped, revocable; only a hash of the secret is kept."""

    name = models.CharField(_("系统名称"), max_length=100)
    department = models.ForeignKey("organisations.Department", on_delete=models.PROTECT, related_name="api_keys")
    prefix = models.CharField(_("前缀"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("权限范围"), default=list)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}）"


class CodeRedemption(models.Model):
    """An authorization code that was exchanged for tokens, remembered (as a checksum) so that a replay of the same code
    revokes the tokens issued from it (RFC 6749 §4.1.2, RFC 9700 §4.5)."""

    code_checksum = models.CharField(max_length=64, unique=True)
    application = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    access_token_checksum = models.CharField(max_length=64)
    token_family = models.UUIDField(null=True, blank=True)
    redeemed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("已兑换的授权码")
        verbose_name_plural = _("已兑换的授权码")

    def __str__(self) -> str:
        return f"{self.application_id} {self.redeemed_at:%Y-%m-%d %H:%M}"
