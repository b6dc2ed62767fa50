from datetime import date

import pytest

from govhall.core.models import Holiday
from govhall.core.workdays import add_working_days, is_working_day, working_days_between, years_missing

pytestmark = pytest.mark.django_db


def test_domain_example_twenty_working_days_after_10_february_2026():
    assert add_working_days(date(2026, 2, 10), 20) == date(2026, 3, 16)


def test_counting_starts_the_day_after():
    # Friday 2026-03-06 + 1 working day = Monday 2026-03-09.
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 6), 0) == date(2026, 3, 6)


def test_make_up_saturday_counts_and_holidays_do_not():
    assert is_working_day(date(2026, 2, 14))  # Saturday, 春节调休上班
    assert not is_working_day(date(2026, 2, 16))  # Monday in 春节
    assert is_working_day(date(2026, 10, 10))  # Saturday, 国庆调休上班
    assert not is_working_day(date(2026, 10, 1))


def test_national_day_week():
    # 2026-09-30 (Wed) + 1 working day: 10-01..10-07 off, 10-08 (Thu) is the next working day.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_year_without_data_falls_back_to_weekends():
    assert not Holiday.objects.filter(date__year=2031).exists()
    assert add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 6)  # Friday → Monday
    assert years_missing(date(2031, 6, 1)) == [2031, 2032]
    assert 2026 not in years_missing(date(2026, 6, 1))


def test_admin_entered_year_is_used():
    Holiday.objects.create(date=date(2031, 1, 1), is_working_day=False, name="元旦")
    assert not is_working_day(date(2031, 1, 1))
    assert 2031 not in years_missing(date(2031, 6, 1))


def test_working_days_between_matches_add():
    start = date(2026, 2, 10)
    assert working_days_between(start, add_working_days(start, 20)) == 20
    assert working_days_between(start, start) == 0


def test_negative_days_rejected():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)
