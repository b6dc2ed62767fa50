from django import forms
from django.utils.translation import gettext_lazy as _


class ApplyForm(forms.Form):
    reason = forms.CharField(label=_("申请事由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    variant = forms.ChoiceField(label=_("办理情形"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    declaration = forms.BooleanField(label=_("本人承诺所填信息及所附材料真实、有效"), required=True)

    def __init__(self, *args: object, variants: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        variant = self.fields["variant"]
        assert isinstance(variant, forms.ChoiceField)
        variant.choices = [("", _("请选择")), *((name, name) for name in variants)]
        self.fields["variant"].required = bool(variants)
