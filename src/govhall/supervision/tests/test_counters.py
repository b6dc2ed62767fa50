"""One table of counters (definitions.COUNTERS): for every counter, the number the measure gives (the figures, direct
and from the monthly cells) equals what its drill-down lists (the rows counted, or the sum of the summed column over
them), and every figure's drill-down lists as many cases (items) as its counted numerator and denominator."""

from datetime import date

import pytest
from django.db.models import Sum

from govhall.supervision import aggregates, selectors, tables
from govhall.supervision.computation import Filters
from govhall.supervision.definitions import (
    CONCLUDED_ROWS,
    COUNTER,
    COUNTERS,
    FIGURES,
    ITEM_ROWS,
    RATING_ROWS,
    SUBMITTED_ROWS,
    Counter,
)
from govhall.supervision.models import COUNTER_FIELDS
from govhall.supervision.tests import dataset

pytestmark = pytest.mark.django_db

SPRING = Filters(month_from=date(2026, 2, 1), month_to=date(2026, 4, 1))


def test_every_figure_reads_defined_counters_and_the_cells_store_the_monthly_ones() -> None:
    assert all(name in COUNTER for figure in FIGURES for name in figure.counter_names())
    monthly = {c.name for c in COUNTERS if c.rows in (SUBMITTED_ROWS, CONCLUDED_ROWS, RATING_ROWS)}
    assert set(COUNTER_FIELDS) == monthly


def listed(counter: Counter, filters: Filters) -> int:
    rows = selectors.counter_rows(counter, filters, dataset.TODAY)
    if counter.total:
        return int(rows.aggregate(n=Sum(counter.total))["n"] or 0)
    return rows.count()


@pytest.mark.parametrize("use_aggregates", [False, True])
def test_every_counter_equals_its_drill_down(use_aggregates: bool) -> None:
    department = dataset.catalog()
    dataset.cases()
    if use_aggregates:
        aggregates.rebuild()
    catalog = Filters(department=department.pk)
    measured = {
        "cases": tables.counters(SPRING, (), use_aggregates=use_aggregates, today=dataset.TODAY)[0][()],
        "catalog": tables.counters(catalog, (), use_aggregates=use_aggregates, today=dataset.TODAY)[0][()],
    }
    for counter in COUNTERS:
        filters, which = (catalog, "catalog") if counter.rows == ITEM_ROWS else (SPRING, "cases")
        assert measured[which].get(counter.name, 0) == listed(counter, filters), counter.name
    assert measured["cases"]["overdue_open"] and measured["cases"]["bad"] and measured["catalog"]["saved_days"]


def test_every_counted_figure_lists_as_many_rows_as_its_number() -> None:
    """Figures whose counters count rows (not sums): the drill-down page's rows are the number on the card (a case
    has at most one rating, so the cases of the ratings counted are as many as the ratings)."""
    department = dataset.catalog()
    dataset.cases()
    for figure in FIGURES:
        filters = Filters(department=department.pk) if selectors.is_catalog(figure) else SPRING
        value = selectors.figure_value(figure, filters, dataset.TODAY)
        for part, number in ((selectors.NUMERATOR, value.numerator), (selectors.DENOMINATOR, value.denominator)):
            chosen = selectors.counters_of_part(figure, part)
            if any(counter.total for counter in chosen) or (part == selectors.DENOMINATOR and not figure.denominator):
                continue
            rows = (
                selectors.drill_items(figure, part, filters)
                if selectors.is_catalog(figure)
                else selectors.drill_cases(figure, part, filters, dataset.TODAY)
            )
            assert rows.count() == number, (figure.key, part)
