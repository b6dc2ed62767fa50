"""Background work for the catalog, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from govhall.catalog.indexing import items_for_indexing, reindex_all, reindex_items


@task()
def rebuild_search_index(item_ids: list[int] | None = None) -> int:
    """Rebuild the search documents of the given items, or of the whole catalog. Returns how many were written."""
    if item_ids is None:
        return reindex_all()
    return reindex_items(items_for_indexing().filter(pk__in=item_ids))
