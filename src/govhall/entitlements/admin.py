from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from govhall.core import audit
from govhall.core.admin import AuditedAdmin, ReadOnlyMixin
from govhall.core.constants import Channel
from govhall.entitlements.models import BenefitCondition, BenefitOffer, BenefitPolicy, PolicyRun


class BenefitConditionInline(admin.TabularInline):
    """Each condition is checked by the condition language (sharing.conditions) when saved."""

    model = BenefitCondition
    extra = 0
    fields = ["position", "resource", "licence_type_code", "field", "operator", "value"]


@admin.register(BenefitPolicy)
class BenefitPolicyAdmin(AuditedAdmin):
    list_display = ["code", "name", "item", "department", "active"]
    list_filter = ["active", "department"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["item"]
    inlines = [BenefitConditionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(
                actor=request.user, action="admin.change_conditions", channel=Channel.ADMIN, target=form.instance
            )


@admin.register(PolicyRun)
class PolicyRunAdmin(ReadOnlyMixin, AuditedAdmin):
    list_display = ["__str__", "policy", "started_at", "checked", "offered", "failed"]
    list_filter = ["policy"]


@admin.register(BenefitOffer)
class BenefitOfferAdmin(ReadOnlyMixin, AuditedAdmin):
    list_display = ["policy", "state", "offered_at", "answered_at"]
    list_filter = ["policy", "state"]
