"""The back office of the licence library: the departments' seal images (电子印章图像) for licence documents."""

from django.contrib import admin

from govhall.licences.models import Seal
from govhall.organisations.admin import RoleScopedAdmin


@admin.register(Seal)
class SealAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    department_path = "department"
    list_display = ["department", "updated_at"]
    autocomplete_fields = ["department"]
