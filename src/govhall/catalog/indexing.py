"""Keeps each item's search document (ItemSearchDocument) in step with its published guide."""

from collections.abc import Iterable

from django.db.models import QuerySet

from govhall.catalog.models import Item, ItemSearchDocument
from govhall.catalog.tokens import pinyin_forms, words


def document_for(item: Item) -> ItemSearchDocument:
    version = item.current_version
    # Aliases are names people give the item: they weigh as much as its name.
    aliases = item.alias_list()
    title_source = " ".join([item.name, *aliases])
    keyword_source = " ".join(filter(None, [item.main_item, version.keywords if version else ""]))
    body_parts = [item.department.name]
    if version is not None:
        body_parts += [version.summary, version.result_name]
        body_parts += [material.name for material in version.materials.all()]
        body_parts += [variant.name for variant in version.variants.all()]
    pinyin = pinyin_forms(item.name) + [form for kw in keyword_source.split(",") for form in pinyin_forms(kw)]
    pinyin += [form for alias in aliases for form in pinyin_forms(alias)]
    return ItemSearchDocument(
        item=item,
        title=" ".join(words(title_source)),
        keywords=" ".join(words(keyword_source)),
        pinyin=" ".join(dict.fromkeys(pinyin)),
        body=" ".join(words(" ".join(filter(None, body_parts)))),
    )


def reindex_items(items: Iterable[Item]) -> int:
    """Rebuild the search documents of `items` (which should come with department, current_version and its materials
    and variants prefetched). Returns how many were written."""
    documents = [document_for(item) for item in items]
    ItemSearchDocument.objects.filter(item__in=[doc.item for doc in documents]).delete()
    ItemSearchDocument.objects.bulk_create(documents, batch_size=500)
    return len(documents)


def items_for_indexing() -> QuerySet[Item]:
    return Item.objects.select_related("department", "current_version").prefetch_related(
        "current_version__materials", "current_version__variants"
    )


def reindex_all() -> int:
    return reindex_items(items_for_indexing().iterator(chunk_size=500))
