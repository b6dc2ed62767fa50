"""一件事 configured by the district's catalog managers (role permission catalog.edit, like life events): the bundle,
its items (order, the earlier item and the material its result stands for), the questionnaire and what each option
includes or excludes. Bundle cases are read-only: written by bundles.services only."""

from django.contrib import admin

from govhall.bundles.models import Bundle, BundleCase, BundleItem, Option, Question
from govhall.core.admin import ReadOnlyMixin
from govhall.organisations.admin import RoleScopedAdmin


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0
    fields = ["order", "item", "included", "variant_name", "after", "result_material"]
    autocomplete_fields = ["item"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "help_text"]
    show_change_link = True


@admin.register(Bundle)
class BundleAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["name", "promised_days", "active", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "keywords"]
    inlines = [BundleItemInline, QuestionInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["order", "label", "includes", "excludes"]
    filter_horizontal = ["includes", "excludes"]


@admin.register(Question)
class QuestionAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["text", "bundle", "order"]
    list_filter = ["bundle"]
    inlines = [OptionInline]


@admin.register(BundleCase)
class BundleCaseAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "supervision.view"
    list_display = ["number", "bundle", "state", "submitted_at", "promised_deadline", "concluded_at"]
    list_filter = ["bundle", "state"]
    search_fields = ["number"]
    readonly_fields = ["number", "bundle", "state", "submitted_at", "promised_deadline", "concluded_at", "rated_at"]
    exclude = ["applicant", "organisation", "answers", "idempotency_key"]
