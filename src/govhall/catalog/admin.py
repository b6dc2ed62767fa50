"""The catalog managers' back office: items, guide versions (draft → publish, diff), themes, life events and the synonym
table (departments and halls: organisations.admin). Published versions are read-only; every change is audited."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.catalog import guides, services
from govhall.catalog.constants import GuideStatus
from govhall.catalog.indexing import items_for_indexing, reindex_items
from govhall.catalog.models import (
    Faq,
    Fee,
    FormField,
    GuideVersion,
    Item,
    LifeEvent,
    Material,
    SpecialProcedure,
    Step,
    Synonym,
    Theme,
    Variant,
)
from govhall.catalog.models.items import split_aliases
from govhall.catalog.tasks import rebuild_search_index
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.organisations.access import staff_can, staff_scope
from govhall.organisations.admin import RoleScopedAdmin
from govhall.organisations.models import Department


class VersionInline(admin.TabularInline):
    model = GuideVersion
    fields = ("number", "status", "published_at", "change_note", "open_link")
    readonly_fields = ("number", "status", "published_at", "change_note", "open_link")
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ["-number"]

    @admin.display(description=gettext_lazy("操作"))
    def open_link(self, version: GuideVersion) -> str:
        url = reverse("admin:catalog_guideversion_change", args=[version.pk])
        return format_html('<a href="{}">{}</a>', url, _("查看/编辑"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return catalog_editor(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


ITEM_FACETS: list[str] = [
    "current_version",
    "name",
    "item_type",
    "for_person",
    "for_legal",
    "online_level",
    "visits",
    "is_immediate",
    "has_guide",
    "updated_at",
]


@admin.register(Item)
class ItemAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    department_path = "department"
    list_display = ["name", "department", "item_type", "online_level", "visits", "has_guide", "implementation_code"]
    list_filter = ["item_type", "has_guide", "online_level", "for_person", "for_legal", "department"]
    search_fields = ["name", "implementation_code", "main_item", "aliases"]
    list_select_related = ["department"]
    readonly_fields = ITEM_FACETS
    fields = [
        "implementation_code",
        "basic_code",
        "main_item",
        "aliases",
        "department",
        "area_code",
        "popularity",
        *ITEM_FACETS,
    ]
    inlines = [VersionInline]
    actions = ["start_drafts", "rebuild_search"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return list(self.readonly_fields)
        return [*self.readonly_fields, "implementation_code"]

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        obj.aliases = "，".join(split_aliases(obj.aliases))
        super().save_model(request, obj, form, change)
        if "aliases" in form.changed_data:  # the aliases are searched: the item's document follows them
            reindex_items(items_for_indexing().filter(pk=obj.pk))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = self.department_scope(request)
        if db_field.name == "department" and scope is not None:
            kwargs["queryset"] = Department.objects.filter(pk__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=gettext_lazy("为所选事项创建指南草稿"))
    def start_drafts(self, request: HttpRequest, queryset: QuerySet[Item]) -> None:
        for item in queryset:
            try:
                services.start_draft(item=item, actor=request.user, channel=Channel.ADMIN)
            except services.GuideError as error:
                self.message_user(request, f"{item}：{error}", messages.ERROR)
        self.message_user(request, _("草稿已创建，可在“办事指南版本”中编辑后发布。"))

    @admin.action(description=gettext_lazy("重建所选事项的检索索引（后台执行）"))
    def rebuild_search(self, request: HttpRequest, queryset: QuerySet[Item]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        transaction.on_commit(lambda: rebuild_search_index.enqueue(item_ids=ids))
        audit.record(
            actor=request.user, action="catalog.rebuild_search", channel=Channel.ADMIN, detail={"items": len(ids)}
        )
        self.message_user(request, _("已安排后台重建 %(n)d 个事项的检索索引。") % {"n": len(ids)})


def catalog_editor(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_superuser or (user.is_staff and staff_can(user, "catalog.edit")))


class PartInline(admin.StackedInline):
    """A part of a guide version: editable by catalog editors while the version is a draft."""

    extra = 0

    def _editable(self, request: HttpRequest, obj: GuideVersion | None) -> bool:
        return catalog_editor(request) and (obj is None or obj.status == GuideStatus.DRAFT)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return catalog_editor(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)


class VariantInline(PartInline):
    model = Variant


class MaterialInline(PartInline):
    model = Material
    classes = ["collapse"]


class FeeInline(PartInline):
    model = Fee


class StepInline(PartInline):
    model = Step


class SpecialProcedureInline(PartInline):
    model = SpecialProcedure


class FaqInline(PartInline):
    model = Faq


class FormFieldInline(PartInline):
    """The application form: one row per field, with the 情形 it belongs to and where its first value comes from."""

    model = FormField
    template = "admin/edit_inline/tabular.html"
    fields = ["order", "key", "label", "kind", "required", "choices", "variant_name", "prefill", "help_text"]


@admin.register(GuideVersion)
class GuideVersionAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    department_path = "item__department"
    list_display = ["name", "number", "status", "published_at", "item"]
    list_filter = ["status", "item_type"]
    search_fields = ["name", "item__implementation_code"]
    list_select_related = ["item"]
    readonly_fields = ["item", "number", "status", "published_at", "published_by", "created_at"]
    inlines = [
        VariantInline,
        MaterialInline,
        FormFieldInline,
        FeeInline,
        StepInline,
        SpecialProcedureInline,
        FaqInline,
    ]
    change_form_template = "admin/catalog/guideversion/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions are made by "创建草稿" on the item, or by import

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != GuideStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and obj.status == GuideStatus.DRAFT and super().has_delete_permission(request, obj)

    def get_urls(self) -> list[Any]:
        extra = [
            path(
                "<id:pk>/publish/", self.admin_site.admin_view(self.publish_view), name="catalog_guideversion_publish"
            ),
            path("<id:pk>/diff/", self.admin_site.admin_view(self.diff_view), name="catalog_guideversion_diff"),
        ]
        return extra + super().get_urls()

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(self.get_queryset(request).select_related("item"), pk=pk)
        change_url = reverse("admin:catalog_guideversion_change", args=[pk])
        if request.method != "POST" or not self.has_change_permission(request, version):
            return HttpResponseRedirect(change_url)
        publishers = None if request.user.is_superuser else staff_scope(request.user, "catalog.publish")  # type: ignore[arg-type]
        if publishers is not None and version.item.department_id not in publishers:
            self.message_user(request, _("您的岗位没有发布办事指南的权限。"), messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            services.publish_version(
                version=version, actor=request.user, channel=Channel.ADMIN, change_note=request.POST.get("note", "")
            )
        except services.GuideError as error:
            for problem in error.problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, _("已发布第 %(n)d 版。") % {"n": version.number})
        return HttpResponseRedirect(change_url)

    def diff_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(self.get_queryset(request).select_related("item"), pk=pk)
        previous = GuideVersion.objects.filter(item=version.item, number__lt=version.number).order_by("-number").first()
        after = version.snapshot or guides.guide_of(version).model_dump(mode="json")
        before = previous.snapshot if previous else {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("版本对比"),
            "version": version,
            "previous": previous,
            "changes": guides.diff(before, after),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/guideversion/diff.html", context)


@admin.register(Synonym)
class SynonymAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["term", "expansions", "is_active", "updated_at"]
    list_editable = ["is_active"]
    search_fields = ["term", "expansions"]


@admin.register(Theme)
class ThemeAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["name", "audience", "order"]
    list_filter = ["audience"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["items"]


@admin.register(LifeEvent)
class LifeEventAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["name", "audience", "order"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["items"]
