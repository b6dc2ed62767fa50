"""Background jobs of supervision (django.tasks, database queue): the refresh of the monthly figures."""

from typing import Any

from django.tasks import task

from govhall.supervision import aggregates


@task()
def refresh_figures(full: bool = False) -> dict[str, Any]:
    """Recompute the monthly figure cells: recent and touched months, or everything with `full`."""
    log = aggregates.rebuild() if full else aggregates.refresh()
    return {"kind": log.kind, "months": log.months, "cells": log.cells, "seconds": log.seconds}
