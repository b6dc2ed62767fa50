from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from govhall.accounts.access import signed_in
from govhall.accounts.models import (
    ApiKey,
    Authorisation,
    LoginFailure,
    Organisation,
    PersonProfile,
    User,
)
from govhall.accounts.tokens import revoke_api_key
from govhall.core.admin import AuditedAdmin
from govhall.organisations.models import StaffMembership


class MembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0


@admin.register(User)
class GovHallUserAdmin(UserAdmin, AuditedAdmin):
    list_display = ["username", "kind", "masked_phone", "is_active", "is_staff", "last_login"]
    list_filter = ["kind", "is_active", "is_staff"]
    fieldsets = [
        (None, {"fields": ["username", "password", "kind"]}),
        ("状态", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]


@admin.register(PersonProfile)
class PersonProfileAdmin(AuditedAdmin):
    list_display = ["real_name", "document_type", "masked_document", "verified_at"]
    list_filter = ["document_type"]
    fields = ("user", "real_name", "document_type", "masked_document", "nationality", "verified_at", "verified_by")
    readonly_fields = (
        "user",
        "real_name",
        "document_type",
        "masked_document",
        "nationality",
        "verified_at",
        "verified_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "uscc", "kind", "legal_representative", "verified_at"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["legal_representative"]


@admin.register(Authorisation)
class AuthorisationAdmin(AuditedAdmin):
    list_display = ["organisation", "agent", "all_items", "valid_until", "revoked_at"]
    raw_id_fields = ["organisation", "agent", "granted_by", "revoked_by"]
    readonly_fields = ["granted_at"]


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "ip_address"]
    search_fields = ["username", "ip_address"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued with `manage.py issue_api_key`, which shows the key once

    @admin.action(description="撤销所选接口密钥")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for key in queryset:
            revoke_api_key(key=key, actor=signed_in(request))
        self.message_user(request, "已撤销。")
