"""bundles.figures and the supervision page /supervision/bundles/: 申请数, 已办结, 平均办结时间 against the promise and the
sum of the items' limits, 跑动次数."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.tests.factories import person, staff
from govhall.bundles import services
from govhall.bundles.constants import BundleState
from govhall.bundles.figures import bundle_figures
from govhall.bundles.tests.factories import ID_CARDS, answer, newborn_bundle
from govhall.cases.models import Visit
from govhall.cases.tests.files import PDF
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def filed(bundle, username, number):
    return services.submit(
        applicant=person(username, number=number), bundle=bundle, answers=answer(bundle, "否"),
        form_data={"reason": "出生", "baby_name": "小宝", "birth_date": "2026-11-30", "guardian_phone": "13900001111"},
        uploads_given={ID_CARDS: SimpleUploadedFile("a.pdf", PDF)}, idempotency_key="k", channel="web",
    )  # fmt: skip


def test_applications_time_to_conclusion_and_visits_per_bundle():
    bundle = newborn_bundle()
    first, second = filed(bundle, "alice", 1), filed(bundle, "bob", 2)
    # the first concluded three working days after a Monday submission
    monday = timezone.make_aware(timezone.datetime(2026, 11, 2, 10))
    first.submitted_at, first.concluded_at, first.state = monday, monday + timedelta(days=3), BundleState.CONCLUDED
    first.save()
    second.submitted_at = monday
    second.save()
    Visit.objects.create(case=first.parts.exclude(case=None).first().case, purpose="窗口领取")
    day = monday.date()
    (row,) = bundle_figures(day, day + timedelta(days=1))
    assert (row.submitted, row.concluded, row.average_days) == (2, 1, 3.0)
    assert row.promised_days == 5 and row.items_limit_sum == 4 * 5  # four items, 5 working days promised each
    assert (row.visits, row.visits_per_case) == (1, 0.5)
    # a supervisor of another department does not count these
    (scoped,) = bundle_figures(day, day + timedelta(days=1), scope=[0])
    assert scoped.submitted == 0


def test_the_supervision_page_shows_the_figures(client):
    newborn_bundle()
    client.force_login(staff("sup", Role.SUPERVISOR))
    page = client.get(reverse("supervision:bundles"))
    assert (
        page.status_code == 200 and "新生儿出生一件事" in page.content.decode() and "跑动次数" in page.content.decode()
    )
    assert client.get(reverse("supervision:bundles"), {"day_from": "2026-13-01"}).status_code == 400
