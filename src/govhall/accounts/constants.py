from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    PERSON = "person", _("个人")
    STAFF = "staff", _("工作人员")
    SYSTEM = "system", _("系统")


class DocumentType(models.TextChoices):
    """Identity documents accepted for real-name registration (the seeds single out foreigners and 港澳台 residents)."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")


class SmsPurpose(models.TextChoices):
    LOGIN = "login", _("登录")
    REGISTER = "register", _("注册")
    RESET = "reset", _("找回密码")


class QrLoginState(models.TextChoices):
    """扫码登录: a QR code shown on a computer or kiosk, confirmed on the signed-in phone, used once by the screen that
    showed it. A pending code past its time reads as expired (and is stored so when next looked at)."""

    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    USED = "used", _("已登录")
    EXPIRED = "expired", _("已失效")
