"""The window's first step: who the walk-in person is (found or registered by their document) and the item."""

from django import forms
from django.utils.translation import gettext_lazy

from govhall.accounts.constants import DocumentType
from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.organisations.access import staff_departments


class WalkInForm(forms.Form):
    document_type = forms.ChoiceField(
        label=gettext_lazy("证件类型"), choices=DocumentType.choices, initial=DocumentType.RESIDENT_ID
    )
    document_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=30)
    real_name = forms.CharField(
        label=gettext_lazy("姓名"), max_length=100, required=False, help_text=gettext_lazy("首次办事的群众须填写")
    )
    phone = forms.CharField(label=gettext_lazy("手机号码"), max_length=20, required=False)
    item = forms.ModelChoiceField(label=gettext_lazy("办理事项"), queryset=Item.objects.none())

    def __init__(self, *args: object, clerk: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        departments = staff_departments(clerk, "cases.receive")
        items = Item.objects.filter(department_id__in=departments, current_version__isnull=False)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = items.exclude(current_version__catalog_only=True).order_by("name")


class AliasForm(forms.Form):
    item = forms.CharField(label=gettext_lazy("事项实施编码"), max_length=80)
    alias = forms.CharField(label=gettext_lazy("别名"), max_length=50)


class SynonymForm(forms.Form):
    term = forms.CharField(label=gettext_lazy("群众说法"), max_length=50)
    expansion = forms.CharField(label=gettext_lazy("对应规范用语"), max_length=100)
