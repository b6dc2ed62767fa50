"""Background jobs of the transparency log (django.tasks): signing tree heads (settings.PERIODIC_TASKS)."""

from typing import Any

from django.tasks import task

from govhall.transparency import services


@task()
def sign_tree_head() -> dict[str, Any]:
    """Sign the log's current head when it has grown since the last signed one."""
    head = services.sign_tree_head()
    return {"signed": head is not None, "tree_size": head.tree_size if head else services.log_size()}
