from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassesValidator:
    """等保 2.0 password complexity: at least three of upper case, lower case, digits and symbols."""

    def validate(self, password: str, user: object = None) -> None:
        classes = [
            any(ch.isupper() for ch in password),
            any(ch.islower() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() for ch in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(_("密码须包含大写字母、小写字母、数字和符号中的至少三种。"), code="password_classes")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字和符号中的至少三种。")
