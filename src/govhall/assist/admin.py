"""智能导办's answers as people rated them ("这个回答有帮助吗？"), read-only for catalog managers: the unhelpful ones show
which questions the guides or the aliases do not answer yet."""

from django.contrib import admin

from govhall.assist.models import AnswerFeedback
from govhall.core.admin import ReadOnlyMixin
from govhall.organisations.admin import RoleScopedAdmin


@admin.register(AnswerFeedback)
class AnswerFeedbackAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["created_at", "question", "item_code", "intent", "confident", "helpful"]
    list_filter = ["helpful", "confident", "intent"]
    search_fields = ["question", "item_code"]
    date_hierarchy = "created_at"
