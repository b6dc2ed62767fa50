"""The application form of a guide (its 情形, fields, delivery and declaration), filled in by the applicant on the
portal and by a window clerk with a walk-in person (workbench), and the files sent with it."""

from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govhall.cases.application_form import REASON, choices_of, shown_values
from govhall.cases.constants import DeliveryMethod
from govhall.cases.filing import Given
from govhall.cases.services import Application
from govhall.catalog.constants import FieldKind
from govhall.catalog.models import FormField, GuideVersion, Material
from govhall.core.bounds import whole_number

FIELD_PREFIX = "f_"


def form_field(spec: FormField) -> forms.Field:
    """A Django field for one field of the guide's form. Requiredness is judged by the 情形 in clean()."""
    options: dict[str, Any] = {"label": spec.label, "required": False, "help_text": spec.help_text}
    if spec.kind == FieldKind.TEXTAREA:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **options)
    if spec.kind == FieldKind.NUMBER:
        return forms.DecimalField(max_digits=18, decimal_places=4, **options)
    if spec.kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if spec.kind == FieldKind.CHOICE:
        choices = [("", _("请选择")), *((choice, choice) for choice in choices_of(spec))]
        return forms.ChoiceField(choices=choices, **options)
    if spec.kind == FieldKind.CHECKBOX:
        return forms.BooleanField(**options)
    if spec.kind == FieldKind.PHONE:
        widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        return forms.CharField(max_length=11, widget=widget, **options)
    return forms.CharField(max_length=200, **options)


class ApplyForm(forms.Form):
    """The application: 情形, the guide's own fields (some only for one 情形), how the result is delivered, and the
    declaration. Saving a draft skips the completeness checks."""

    reason = forms.CharField(label=_("申请事由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    variant = forms.ChoiceField(label=_("办理情形"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    delivery_method = forms.ChoiceField(label=_("结果送达方式"), widget=forms.RadioSelect, required=False)
    delivery_address = forms.CharField(label=_("邮寄地址"), max_length=300, required=False)
    commitment = forms.BooleanField(label=_("签署告知承诺书，当场取得决定"), required=False)
    declaration = forms.BooleanField(label=_("本人承诺所填信息及所附材料真实、有效"), required=False)

    def __init__(self, *args: Any, version: GuideVersion, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.draft = draft
        self.specs = list(version.form_fields.all())
        variants = [variant.name for variant in version.variants.all()]
        variant = self.fields["variant"]
        assert isinstance(variant, forms.ChoiceField)
        variant.choices = [("", _("请选择")), *((name, name) for name in variants)]
        delivery = self.fields["delivery_method"]
        assert isinstance(delivery, forms.ChoiceField)
        methods = [DeliveryMethod.ONLINE, DeliveryMethod.PICKUP]
        if version.express_out:
            methods.append(DeliveryMethod.POST)
        delivery.choices = [(method.value, method.label) for method in methods]
        if not version.express_out:
            del self.fields["delivery_address"]
        if not version.commitment_allowed:
            del self.fields["commitment"]
        for spec in self.specs:
            self.fields[FIELD_PREFIX + spec.key] = form_field(spec)
        if draft:
            self.fields["reason"].required = False

    def guide_fields(self) -> list[tuple[forms.BoundField, FormField]]:
        """The guide's own fields with their spec (the template shows which 情形 a field belongs to)."""
        return [(self[FIELD_PREFIX + spec.key], spec) for spec in self.specs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.draft:
            return data
        if not data.get("declaration"):
            self.add_error("declaration", _("请勾选承诺后提交。"))
        variant = data.get("variant") or ""
        if len(self.fields["variant"].choices) > 1 and not variant:  # type: ignore[attr-defined]
            self.add_error("variant", _("请选择办理情形。"))
        for spec in self.specs:
            name = FIELD_PREFIX + spec.key
            applies = not spec.variant_name or spec.variant_name == variant
            if applies and spec.required and data.get(name) in (None, "", False) and name not in self.errors:
                self.add_error(name, _("请填写%(label)s。") % {"label": spec.label})
        if data.get("delivery_method") == DeliveryMethod.POST and not data.get("delivery_address", "").strip():
            self.add_error("delivery_address", _("选择快递送达时请填写邮寄地址。"))
        return data

    def application(self) -> Application:
        """What the applicant filled in, for cases.filing."""
        data = self.cleaned_data
        return Application(
            form_data=self.form_data(),
            variant_name=data.get("variant") or "",
            delivery_method=data.get("delivery_method") or "online",
            delivery_address=data.get("delivery_address", ""),
            commitment=bool(data.get("commitment")),
        )

    def form_data(self) -> dict[str, Any]:
        """The filled-in values keyed by the guide's field keys (checked again by the service)."""
        data = self.cleaned_data
        values: dict[str, Any] = {REASON: data.get("reason", "")}
        for spec in self.specs:
            values[spec.key] = _text(data.get(FIELD_PREFIX + spec.key))
        return values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def initial_values(version: GuideVersion, prefill: dict[str, str], form_data: dict[str, Any]) -> dict[str, Any]:
    """First values of the guide's fields: what a draft holds, else what the profile gives; personal data masked
    (the service puts the real value back when the mask is sent unchanged)."""
    prefill = shown_values(version, prefill)
    form_data = shown_values(version, form_data)
    initial: dict[str, Any] = {"reason": form_data.get(REASON, "")}
    for spec in version.form_fields.all():
        value = form_data.get(spec.key, prefill.get(spec.key, ""))
        initial[FIELD_PREFIX + spec.key] = value == "是" if spec.kind == FieldKind.CHECKBOX else value
    return initial


def given_files(request: HttpRequest, materials: list[Material]) -> list[Given]:
    """The files sent for the guide's materials: uploaded (material-N) or picked from the applicant's locker
    (locker-N), N being the material's place in the guide (the apply, window and correction forms)."""
    given: list[Given] = []
    for index, material in enumerate(materials):
        upload = request.FILES.get(f"material-{index}")
        locker_id = whole_number(request.POST.get(f"locker-{index}"))
        if upload is not None:
            given.append(Given(material=material.name, upload=upload))
        elif locker_id:
            given.append(Given(material=material.name, locker_id=locker_id))
    return given


class MyCasesForm(forms.Form):
    """我的办件's filter: a status group and a number or item name."""

    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))])
    q = forms.CharField(label=_("办件编号或事项名称"), required=False, max_length=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from govhall.cases.mine import STATUS_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *STATUS_CHOICES]  # type: ignore[attr-defined]
