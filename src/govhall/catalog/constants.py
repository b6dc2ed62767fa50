"""Code lists of the service item (GB/T 39554.1-2020, GB/T 39046-2020). Values are the national codes where one exists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    LICENSING = "01", _("行政许可")
    PENALTY = "02", _("行政处罚")
    COERCION = "03", _("行政强制")
    LEVY = "04", _("行政征收")
    BENEFIT = "05", _("行政给付")
    INSPECTION = "06", _("行政检查")
    CONFIRMATION = "07", _("行政确认")
    REWARD = "08", _("行政奖励")
    ADJUDICATION = "09", _("行政裁决")
    OTHER_POWER = "10", _("其他行政权力")
    PUBLIC_SERVICE = "20", _("公共服务")


class ServiceScope(models.TextChoices):
    NATIONWIDE = "nationwide", _("全国")
    PROVINCE = "province", _("全省")
    CITY = "city", _("全市")
    COUNTY = "county", _("全县")
    TOWN = "town", _("全镇")
    VILLAGES = "villages", _("跨村")
    NONE = "none", _("不通办")


class Audience(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("自然人")
    ENTERPRISE = "enterprise", _("企业法人")
    PUBLIC_INSTITUTION = "public_institution", _("事业法人")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织法人")
    UNINCORPORATED = "unincorporated", _("非法人企业")
    GOVERNMENT = "government", _("行政机关")
    OTHER = "other", _("其他组织")


PERSON_AUDIENCES = {Audience.NATURAL_PERSON}
LEGAL_AUDIENCES = set(Audience) - PERSON_AUDIENCES


class ThemeAudience(models.TextChoices):
    PERSON = "person", _("个人办事")
    LEGAL = "legal", _("法人办事")


class LimitUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("工作日")
    NATURAL_DAY = "natural_day", _("自然日")


class HandlingKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")


class FeeStage(models.TextChoices):
    """When a fee is paid (缴费环节): before the clerk accepts the case, or after approval and before 办结 (the
    licence or result is issued once it is paid). Either way the time waiting for payment is not counted against the
    handling limit (cases.clocks)."""

    BEFORE_ACCEPTANCE = "before_acceptance", _("受理前缴费")
    AFTER_DECISION = "after_decision", _("准予许可后缴费")


class PostagePayer(models.TextChoices):
    """Who pays the courier for materials in and results out (双向寄递), set per item."""

    GOVERNMENT = "government", _("政府承担邮费")
    APPLICANT = "applicant", _("申请人承担邮费")


class OnlineStage(models.TextChoices):
    """网上办理深度: the stages of handling that are done online."""

    CONSULT = "consult", _("互联网咨询")
    RECEIVE = "receive", _("收件")
    PREREVIEW = "prereview", _("预审")
    ACCEPT = "accept", _("受理")
    HANDLE = "handle", _("办理")
    RESULT_FEEDBACK = "result_feedback", _("办理结果信息反馈")
    LICENCE_FEEDBACK = "licence_feedback", _("电子证照反馈")


ONLINE_STAGE_ORDER = [stage.value for stage in OnlineStage]
# Stages that make an item "网上可办" (applicable online): the application itself is received online.
APPLICABLE_ONLINE_STAGES = {OnlineStage.RECEIVE, OnlineStage.PREREVIEW}
# Stages that must all be online for 全程网办 (with 0 visits).
FULLY_ONLINE_STAGES = {
    OnlineStage.RECEIVE,
    OnlineStage.ACCEPT,
    OnlineStage.HANDLE,
    OnlineStage.RESULT_FEEDBACK,
}


class OnlineLevel(models.IntegerChoices):
    """The provinces' Ⅰ–Ⅳ grading, derived from the stages and the visits."""

    NONE = 0, _("未网办")
    I = 1, _("Ⅰ级：网上咨询")  # noqa: E741
    II = 2, _("Ⅱ级：网上预审")
    III = 3, _("Ⅲ级：网上受理办理")
    IV = 4, _("Ⅳ级：全程网办")


class MaterialNecessity(models.TextChoices):
    REQUIRED = "required", _("必要")
    DEFERRABLE = "deferrable", _("容缺")
    CONDITIONAL = "conditional", _("情形必要")


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质和电子")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    OTHER = "other", _("其他")


class MaterialExemption(models.TextChoices):
    """Whether the material can be taken from elsewhere instead of being submitted (免提交)."""

    NONE = "none", _("需提交")
    E_LICENCE = "e_licence", _("电子证照免提交")
    SHARED_DATA = "shared_data", _("数据共享免提交")


class ResultType(models.TextChoices):
    LICENCE = "licence", _("证照")
    APPROVAL = "approval", _("批文")
    OTHER = "other", _("其他")
    NONE = "none", _("无")


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


STANDARD_STEPS = ["受理", "审查", "决定", "办结", "送达"]


class FieldKind(models.TextChoices):
    """The kinds of field an application form (申请表) may have."""

    TEXT = "text", _("单行文字")
    TEXTAREA = "textarea", _("多行文字")
    NUMBER = "number", _("数字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("单选")
    CHECKBOX = "checkbox", _("勾选")
    PHONE = "phone", _("手机号码")


class Prefill(models.TextChoices):
    """Where a form field's first value comes from: the applicant's real-name profile or the enterprise acted for."""

    NONE = "", _("不预填")
    PERSON_NAME = "person.name", _("申请人姓名")
    PERSON_DOCUMENT = "person.document", _("申请人证件号码（脱敏）")
    PERSON_PHONE = "person.phone", _("申请人手机号码")
    ADDRESS = "person.address", _("申请人常用地址")
    ORG_NAME = "organisation.name", _("企业名称")
    ORG_CODE = "organisation.uscc", _("统一社会信用代码")
    ORG_REPRESENTATIVE = "organisation.representative", _("法定代表人")


class ReviewRole(models.TextChoices):
    """Who handles a review step of a case (a subset of the staff roles)."""

    NONE = "", _("不设审查岗位")
    REVIEWER = "reviewer", _("审查人员")
    APPROVER = "approver", _("审批人员")
