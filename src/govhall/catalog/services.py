"""Every write to the catalog. Keyword-only, typed, atomic; each takes the acting user and channel and writes an audit
row."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog import codes
from govhall.catalog.constants import LEGAL_AUDIENCES, PERSON_AUDIENCES, GuideStatus
from govhall.catalog.guides import copy_facets, copy_parts, guide_of, write_guide
from govhall.catalog.indexing import items_for_indexing, reindex_items
from govhall.catalog.models import GuideVersion, Item, Synonym
from govhall.catalog.models.items import split_aliases
from govhall.catalog.rules import broken_rules
from govhall.catalog.schema import ITEM_ONLY_FIELDS, GuideIn
from govhall.core import audit
from govhall.organisations.models import Department


class GuideError(Exception):
    """A guide cannot be changed or published; `problems` lists every reason, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _next_number(item: Item) -> int:
    return (item.versions.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def start_draft(*, item: Item, actor: audit.Actor, channel: str) -> GuideVersion:
    """The item's draft: the existing one, or a new copy of the published version to edit."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    draft = item.versions.filter(status=GuideStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = item.current_version
    if source is None:
        raise GuideError(["该事项尚无已发布的指南，无法据此创建草稿。"])
    draft = GuideVersion.objects.get(pk=source.pk)
    draft.pk = None
    draft.id = None
    draft.number = _next_number(item)
    draft.status = GuideStatus.DRAFT
    draft.published_at = None
    draft.published_by = None
    draft.snapshot = {}
    draft.change_note = ""
    draft.save()
    copy_parts(source, draft)
    audit.record(actor=actor, action="catalog.start_draft", channel=channel, target=draft)
    return draft


@transaction.atomic
def save_draft(*, version: GuideVersion, guide: GuideIn, actor: audit.Actor, channel: str) -> GuideVersion:
    version = GuideVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != GuideStatus.DRAFT:
        raise GuideError(["已发布的指南版本不可修改，请先创建草稿。"])
    write_guide(version, guide)
    audit.record(actor=actor, action="catalog.save_draft", channel=channel, target=version)
    return version


@transaction.atomic
def publish_version(
    *,
    version: GuideVersion,
    actor: audit.Actor,
    channel: str,
    change_note: str = "",
    reindex: bool = True,
    written: GuideIn | None = None,
) -> GuideVersion:
    """Check the consistency rules, freeze the draft as the item's current guide, and supersede the previous one.
    `written` is the guide the caller has just written into the draft (saves reading it back)."""
    item = Item.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=version.item_id)
    version = GuideVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != GuideStatus.DRAFT:
        raise GuideError(["只有草稿可以发布。"])
    version.item = item
    guide = written if written is not None else guide_of(version)
    problems = broken_rules(guide)
    if problems:
        raise GuideError(problems)
    previous = item.current_version
    if previous is not None:
        previous.status = GuideStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status = GuideStatus.PUBLISHED
    version.published_at = timezone.now()
    publisher = actor if actor is not None and actor.is_authenticated else None
    version.published_by_id = publisher.pk if publisher is not None else None  # (catalog sits below accounts)
    version.change_note = change_note or version.change_note
    version.snapshot = guide.model_dump(mode="json", exclude=set(ITEM_ONLY_FIELDS))
    version.save()
    item.current_version = version
    copy_facets(item, version)
    item.save()
    if reindex:
        reindex_items(items_for_indexing().filter(pk=item.pk))
    audit.record(
        actor=actor,
        action="catalog.publish",
        channel=channel,
        target=version,
        detail={"item": item.implementation_code, "number": version.number},
    )
    return version


def department_for(*, name: str, area_code: str, implementation_code: str) -> Department:
    """The department named `name`, created from what the code tells when the catalog has none yet."""
    department = Department.objects.filter(name=name).first()
    if department is None:
        department = Department.objects.create(
            name=name, area_code=area_code, uscc=codes.implementing_body_uscc(implementation_code)
        )
    elif not department.uscc:
        found = codes.implementing_body_uscc(implementation_code)
        if found:
            department.uscc = found
            department.save(update_fields=["uscc"])
    return department


def put_item(*, guide: GuideIn, actor: audit.Actor, channel: str, change_note: str = "") -> tuple[Item, str]:
    """Create or update the item `guide` describes and publish its content as a new version when anything changed.
    Returns the item and what happened: "created", "updated" or "unchanged". Runs inside the caller's transaction
    (the import applies a whole file in one); search documents are rebuilt by the caller."""
    department = department_for(
        name=guide.department, area_code=guide.area_code, implementation_code=guide.implementation_code
    )
    item = Item.objects.filter(implementation_code=guide.implementation_code).select_related("current_version").first()
    outcome = "updated"
    if item is None:
        item = Item.objects.create(
            implementation_code=guide.implementation_code,
            basic_code=codes.basic_code(guide.implementation_code),
            name=guide.name,
            main_item=guide.main_item,
            aliases="，".join(split_aliases(guide.aliases or "")),
            department=department,
            area_code=guide.area_code,
            item_type=guide.item_type,
        )
        outcome = "created"
    else:
        # Guides that leave aliases out (None: the district list, demo data, the API) keep the item's.
        aliases = item.aliases if guide.aliases is None else "，".join(split_aliases(guide.aliases))
        identity_changed = (item.department_id, item.main_item, item.area_code, item.aliases) != (
            department.pk,
            guide.main_item,
            guide.area_code,
            aliases,
        )
        if identity_changed:
            item.department, item.main_item, item.area_code = department, guide.main_item, guide.area_code
            item.aliases = aliases
            item.save(update_fields=["department", "main_item", "area_code", "aliases", "updated_at"])
        current = item.current_version
        if current is not None and current.snapshot == guide.model_dump(mode="json", exclude=set(ITEM_ONLY_FIELDS)):
            return item, ("updated" if identity_changed else "unchanged")
    if outcome == "updated":
        item.versions.filter(status=GuideStatus.DRAFT).delete()
    draft = GuideVersion(item=item, number=_next_number(item) if outcome == "updated" else 1, status=GuideStatus.DRAFT)
    write_guide(draft, guide)
    publish_version(version=draft, actor=actor, channel=channel, change_note=change_note, reindex=False, written=guide)
    return item, outcome


def identity_refusal(version: GuideVersion, *, as_legal_person: bool) -> str:
    """Why an applicant acting in this identity (a legal person's agent, or a private person) may not apply for the
    item under this guide version — its 服务对象 — or "" when they may. The one home of the rule: the portal's apply
    form, the API and the window all ask it (through cases.services.check_application). A guide that names no
    audience is open to all."""
    audiences = set(version.audiences)
    if not audiences:
        return ""
    if as_legal_person and not audiences & LEGAL_AUDIENCES:
        return _("该事项的服务对象为自然人，请以个人身份办理（在“我的 → 办事身份”中切换身份）。")
    if not as_legal_person and not audiences & PERSON_AUDIENCES:
        labels = "、".join(version.audience_labels())
        return _("该事项的服务对象为%(audiences)s，请以企业身份办理（在“我的 → 办事身份”中切换身份）。") % {
            "audiences": labels
        }
    return ""


def set_aliases(*, item: Item, aliases: str, actor: audit.Actor, channel: str) -> Item:
    """Replace the item's aliases (俗称) and rebuild its search document; audited."""
    cleaned = "，".join(split_aliases(aliases))
    if len(cleaned) > Item._meta.get_field("aliases").max_length:  # type: ignore[operator]
        raise GuideError([_("别名合计过长：请不超过 500 个字。")])
    before = item.aliases
    if cleaned == before:
        return item
    with transaction.atomic():
        item.aliases = cleaned
        item.save(update_fields=["aliases", "updated_at"])
        reindex_items(items_for_indexing().filter(pk=item.pk))
        audit.record(
            actor=actor,
            action="catalog.aliases",
            channel=channel,
            target=item,
            detail={"code": item.implementation_code, "before": before, "after": cleaned},
        )
    return item


def add_alias(*, item: Item, alias: str, actor: audit.Actor, channel: str) -> Item:
    """One more alias for the item (from the search report's one-click action)."""
    alias = alias.strip()
    if not alias or len(alias) > 50:
        raise GuideError([_("别名不能为空，且不超过 50 个字。")])
    if alias in item.alias_list():
        return item
    return set_aliases(item=item, aliases=",".join([*item.alias_list(), alias]), actor=actor, channel=channel)


def add_synonym(*, term: str, expansion: str, actor: audit.Actor, channel: str) -> Synonym:
    """`term` (how people said it) also searches for `expansion`; adds to an existing row of the term. Audited."""
    term, expansion = term.strip(), expansion.strip()
    if not term or not expansion or len(term) > 50 or len(expansion) > 100:
        raise GuideError([_("群众说法和对应规范用语都不能为空，且分别不超过 50、100 个字。")])
    synonym = Synonym.objects.filter(term=term).first()
    if synonym is None:
        synonym = Synonym(term=term, expansions=expansion)
    elif expansion in synonym.expansion_list():
        return synonym
    else:
        synonym.expansions = ",".join([*synonym.expansion_list(), expansion])
        if len(synonym.expansions) > 300:
            raise GuideError([_("该说法的规范用语合计过长（不超过 300 个字）。")])
    synonym.is_active = True
    synonym.save()
    audit.record(
        actor=actor,
        action="catalog.synonym",
        channel=channel,
        target=synonym,
        detail={"term": term, "expansions": synonym.expansions},
    )
    return synonym
