"""The 授权用证 form: whom (a department, or an enterprise by its 统一社会信用代码), for what, for how long."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govhall.accounts.models import Organisation
from govhall.organisations.models import Department

GRANTEE_KINDS = [("department", _("政府部门")), ("organisation", _("企业或其他组织"))]
DURATIONS = [("1", _("1 小时")), ("24", _("1 天")), ("168", _("7 天")), ("720", _("30 天"))]


class GrantForm(forms.Form):
    grantee_kind = forms.ChoiceField(label=_("授权给"), choices=GRANTEE_KINDS, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=Department.objects.order_by("order", "name"), required=False
    )
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))
    hours = forms.ChoiceField(label=_("授权有效期"), choices=DURATIONS, initial="24")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("grantee_kind")
        if kind == "department":
            data["organisation"] = None
            if data.get("department") is None:
                self.add_error("department", _("请选择部门。"))
        elif kind == "organisation":
            data["department"] = None
            uscc = (data.get("uscc") or "").strip().upper()
            found = Organisation.objects.filter(uscc=uscc).first() if uscc else None
            if found is None:
                self.add_error("uscc", _("没有找到该统一社会信用代码的企业（对方需先在本平台登记）。"))
            data["organisation"] = found
        return data
