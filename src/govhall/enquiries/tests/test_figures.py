"""enquiries.figures: counts by kind and department, 按时答复率 and 满意率, narrowed to a supervisor's departments."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from govhall.enquiries import figures, services
from govhall.enquiries.constants import Kind, Satisfaction
from govhall.enquiries.models import Enquiry
from govhall.enquiries.tests.factories import clerk, enquiry, item, other_department

pytestmark = pytest.mark.django_db


def test_rates_and_counts():
    on_time, late, open_one = enquiry(), enquiry(kind=Kind.COMPLAINT), enquiry(kind=Kind.SUGGESTION)
    Enquiry.objects.filter(pk=late.pk).update(due_on=date(2020, 1, 2))
    for answered in (on_time, late):
        services.reply(answered, actor=clerk(), text="答复")
    services.rate(on_time, user=on_time.user, satisfaction=Satisfaction.SATISFIED)
    services.rate(late, user=late.user, satisfaction=Satisfaction.UNSATISFIED)
    market = other_department()
    services.submit(user=on_time.user, kind=Kind.CONSULT, title="问", content="问", source="portal", department=market)
    today = timezone.localdate()
    everything = figures.arrived(None, today - timedelta(days=1), today)
    total = figures.total(everything)
    assert (total.total, total.replied, total.on_time, total.rated, total.satisfied) == (4, 2, 1, 2, 1)
    assert total.on_time_rate == 50 and total.satisfaction_rate == 50 and total.overdue == 1
    assert [(row.label, row.total) for row in figures.by_kind(everything)] == [("咨询", 2), ("投诉", 1), ("建议", 1)]
    by_department = {row.label: row.total for row in figures.by_department(everything)}
    assert by_department == {item().department.name: 3, market.name: 1}
    scoped = figures.total(figures.arrived([market.pk], today, today))
    assert scoped.total == 1 and scoped.on_time_rate is None
    assert open_one.pk
