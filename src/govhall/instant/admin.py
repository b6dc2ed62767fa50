from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from govhall.core import audit
from govhall.core.admin import AuditedAdmin, ReadOnlyMixin
from govhall.core.constants import Channel
from govhall.instant.models import InstantDecision, InstantRule, InstantRuleSet


class InstantRuleInline(admin.TabularInline):
    """Each rule is checked by the condition language (sharing.conditions) when saved."""

    model = InstantRule
    extra = 0
    fields = ["position", "name", "resource", "licence_type_code", "field", "operator", "value"]


@admin.register(InstantRuleSet)
class InstantRuleSetAdmin(AuditedAdmin):
    list_display = ["item", "active", "note"]
    list_filter = ["active"]
    autocomplete_fields = ["item"]
    inlines = [InstantRuleInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(actor=request.user, action="admin.change_rules", channel=Channel.ADMIN, target=form.instance)


@admin.register(InstantDecision)
class InstantDecisionAdmin(ReadOnlyMixin, AuditedAdmin):
    """Read-only: written by instant.services only."""

    list_display = ["case", "outcome", "review_state", "decided_at"]
    list_filter = ["outcome", "review_state"]
    readonly_fields = [
        "case",
        "outcome",
        "reasons",
        "note",
        "decided_at",
        "review_state",
        "reviewer",
        "reviewed_at",
        "review_note",
    ]
