from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.accounts.constants import DocumentType, OrganisationKind

PHONE = forms.CharField(label=_("手机号码"), max_length=20)


class RegisterForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=30,
        min_length=4,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . -")},
    )
    password = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput,
        max_length=128,
        help_text=_("至少 10 位，须包含大写字母、小写字母、数字和符号中的三种。"),
    )
    password2 = forms.CharField(
        label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128
    )
    real_name = forms.CharField(label=_("真实姓名"), max_length=100)
    document_type = forms.ChoiceField(label=_("证件类型"), choices=DocumentType.choices)
    document_number = forms.CharField(label=_("证件号码"), max_length=30)
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
    )
    sms_code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class PasswordLoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), max_length=128
    )


class SmsLoginForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SendCodeForm(forms.Form):
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    purpose = forms.ChoiceField(choices=[("login", "login"), ("register", "register"), ("reset", "reset")])


class PasswordResetForm(forms.Form):
    """忘记密码: the phone, the 找回密码 SMS code and the new password twice."""

    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        help_text=_("至少 10 位，须包含大写字母、小写字母、数字和符号中的三种。"),
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的密码不一致。"))
        return data


class TotpForm(forms.Form):
    code = forms.RegexField(
        label=_("动态口令"), regex=r"^\d{6}$", max_length=6, error_messages={"invalid": _("请输入 6 位数字。")}
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("法人名称"), max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, min_length=18)
    kind = forms.ChoiceField(label=_("法人类型"), choices=OrganisationKind.choices)


class AuthorisationForm(forms.Form):
    agent_username = forms.CharField(label=_("经办人用户名"), max_length=150)
    valid_until = forms.DateField(label=_("有效期至"), widget=forms.DateInput(attrs={"type": "date"}))
    item_codes = forms.CharField(
        label=_("授权事项（实施编码，每行一个；留空为全部事项）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def codes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("item_codes", "").splitlines() if line.strip()]


class AddressForm(forms.Form):
    recipient = forms.CharField(
        label=_("收件人"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    area = forms.CharField(label=_("所在地区"), max_length=100, help_text=_("如：四川省广安市广安区"))
    detail = forms.CharField(
        label=_("详细地址"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    is_default = forms.BooleanField(label=_("设为默认地址"), required=False)
