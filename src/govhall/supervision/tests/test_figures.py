"""Each figure reproduced exactly from the seeded dataset (tests/dataset.py), directly and from the monthly cells."""

from datetime import date

import pytest

from govhall.supervision import aggregates, tables
from govhall.supervision.computation import Filters
from govhall.supervision.definitions import BY_CHOICES, FIGURES, value_of
from govhall.supervision.models import MonthlyFigure
from govhall.supervision.tests import dataset

pytestmark = pytest.mark.django_db

CATALOG_EXPECTED = {
    "online_rate": (617, 693, "89.0%"),
    "full_online_rate": (300, 693, "43.3%"),
    "immediate_share": (99, 693, "14.3%"),
    "one_visit_declared": (617, 693, "89.0%"),
    "zero_visit_declared": (300, 693, "43.3%"),
    "avg_visits_declared": (469, 693, "0.68"),
    "compression_rate": (9000, 12800, "70.3%"),
}
MARCH_EXPECTED = {
    "submitted": (6, 0, "6"),
    "concluded": (5, 0, "5"),
    "on_time_rate": (3, 5, "60.0%"),
    "overdue_count": (3, 0, "3"),
    "one_visit_measured": (4, 5, "80.0%"),
    "zero_visit_measured": (3, 5, "60.0%"),
    "avg_visits_measured": (3, 5, "0.60"),
    "speedup": (29, 90, "67.8%"),
    "rating_rate": (4, 5, "80.0%"),
    "good_rate": (1, 4, "25.0%"),
    "bad_rate": (2, 4, "50.0%"),
    "rectified_rate": (1, 2, "50.0%"),
    "callback_rate": (1, 2, "50.0%"),
    "exemption_rate": (8, 13, "61.5%"),
}
MARCH = Filters(month_from=dataset.MARCH, month_to=dataset.MARCH)


def values(filters: Filters, *, use_aggregates: bool) -> dict[str, tuple[int, int, str]]:
    found, _source = tables.summary(filters, use_aggregates=use_aggregates, today=dataset.TODAY)
    return {v.figure.key: (v.numerator, v.denominator, v.text) for v in found}


def test_catalog_figures_of_693_items() -> None:
    department = dataset.catalog()
    found = values(Filters(department=department.pk), use_aggregates=False)
    assert {key: found[key] for key in CATALOG_EXPECTED} == CATALOG_EXPECTED


def test_every_figure_is_defined_with_a_formula() -> None:
    assert {f.key for f in FIGURES} == set(CATALOG_EXPECTED) | set(MARCH_EXPECTED)
    assert all(str(f.formula) for f in FIGURES)


@pytest.mark.parametrize("use_aggregates", [False, True])
def test_case_and_rating_figures_of_march(use_aggregates: bool) -> None:
    dataset.cases()
    if use_aggregates:
        aggregates.rebuild()
    found = values(MARCH, use_aggregates=use_aggregates)
    assert {key: found[key] for key in MARCH_EXPECTED} == MARCH_EXPECTED


def test_february_holds_only_c5s_submission() -> None:
    dataset.cases()
    found = values(Filters(month_from=date(2026, 2, 1), month_to=date(2026, 2, 1)), use_aggregates=False)
    assert found["submitted"][0] == 1
    assert found["concluded"][0] == 0
    assert found["on_time_rate"][2] == "暂无数据"


def test_split_by_department_channel_hall_and_staff() -> None:
    data = dataset.cases()
    by_department = tables.figure_table(MARCH, "department", use_aggregates=False, today=dataset.TODAY)
    rows = {row.key: row for row in by_department.rows}
    assert rows[data.department.pk].values["on_time_rate"].text == "50.0%"  # c1, c5 of c1 c2 c3 c5
    assert rows[data.other.pk].values["on_time_rate"].text == "100.0%"
    assert rows[data.other.pk].values["rating_rate"].text == "0.0%"  # c6's rating was excluded on appeal
    by_channel = {row.key: row for row in tables.figure_table(MARCH, "channel", use_aggregates=False).rows}
    assert by_channel["window"].values["avg_visits_measured"].text == "2.00"
    assert by_channel["web"].counters["submitted"] == 4  # c1 c3 c6 c7
    by_hall = {row.key: row for row in tables.figure_table(MARCH, "hall", use_aggregates=False).rows}
    assert by_hall[data.hall.pk].values["bad_rate"].text == "100.0%"
    by_staff = {row.key: row for row in tables.figure_table(MARCH, "handler", use_aggregates=False).rows}
    assert by_staff[data.handler.pk].values["rectified_rate"].text == "100.0%"
    assert by_staff[None].label == "（未分配经办人）"


def _numbers(table: tables.Table) -> dict[object, dict[str, tuple[int, int]]]:
    return {
        row.key: {key: (v.numerator, v.denominator) for key, v in row.values.items()}
        for row in [*table.rows, table.total]
    }


@pytest.mark.parametrize("by", [value for value, _ in BY_CHOICES])
def test_aggregates_equal_direct_computation(by: str) -> None:
    dataset.cases()
    aggregates.rebuild()
    wide = Filters(month_from=date(2026, 1, 1), month_to=date(2026, 4, 1))
    for filters in (MARCH, wide, Filters(month_from=dataset.MARCH, month_to=dataset.MARCH, channel="web")):
        direct = tables.figure_table(filters, by, use_aggregates=False, today=dataset.TODAY)
        stored = tables.figure_table(filters, by, use_aggregates=True, today=dataset.TODAY)
        assert direct.source == "direct"
        assert _numbers(direct) == _numbers(stored), (by, filters)


def test_incremental_refresh_follows_new_events() -> None:
    from govhall.cases.models import CaseEvent

    data = dataset.cases()
    aggregates.rebuild()
    before = values(MARCH, use_aggregates=True)
    c4 = data.cases["c4"]
    # c4 is concluded (late) in March after the first refresh; an event says so.
    c4.concluded_at = dataset.at("2026-03-25")
    c4.state = "concluded"
    c4.save(update_fields=["concluded_at", "state"])
    CaseEvent.objects.create(case=c4, act="conclude", from_state="approved", to_state="concluded", channel="web")
    log = aggregates.refresh()
    assert log.kind == "incremental" and "2026-03" in log.months
    after = values(MARCH, use_aggregates=True)
    assert before["concluded"][0] == 5 and after["concluded"][0] == 6
    assert after["overdue_count"][0] == 3  # c4 moved from open overdue to late
    assert after == values(MARCH, use_aggregates=False)


def test_value_of_a_figure_without_denominator_is_no_data() -> None:
    figure = next(f for f in FIGURES if f.key == "good_rate")
    assert value_of(figure, {}).text == "暂无数据"
    assert MonthlyFigure.objects.count() == 0
