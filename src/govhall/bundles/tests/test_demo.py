"""bundles.demo: the five demo bundles from the district's items, each with its questionnaire, every part fileable
(a published complete guide), loaded idempotently."""

import pytest

from govhall.bundles import selectors, services
from govhall.bundles.demo import load_demo_bundles
from govhall.bundles.models import Bundle, BundleItem, Option
from govhall.catalog.demo import load_demo

pytestmark = pytest.mark.django_db
NAMES = ["新生儿出生一件事", "开办餐饮店一件事", "企业开办一件事", "退休一件事", "残疾人服务一件事"]


def every_answer(bundle):
    """Each combination's first and last options (enough to include every optional part once)."""
    questions = services.questions(bundle)
    for pick in (0, -1):
        yield {str(q.pk): str(list(q.options.all())[pick].pk) for q in questions}


def test_the_demo_bundles_are_built_from_the_catalog_and_every_part_can_be_filed():
    load_demo()
    assert load_demo_bundles() == 5
    counts = (Bundle.objects.count(), BundleItem.objects.count(), Option.objects.count())
    load_demo_bundles()
    assert (Bundle.objects.count(), BundleItem.objects.count(), Option.objects.count()) == counts
    assert list(Bundle.objects.values_list("name", flat=True)) == NAMES
    for bundle in Bundle.objects.all():
        assert bundle.life_event is not None and bundle.questions.exists()
        for answers in every_answer(bundle):
            parts = services.applicable_parts(bundle, answers)
            services.combined_fields(parts)  # every part has a published guide
            services.shared_materials(parts)
    company = Bundle.objects.get(slug="open-company")
    assert company.promised_days == 1
    names = {part.item.name for part in company.parts.all()}
    assert {
        "公司设立登记",
        "新办企业印章刻制备案",
        "发票领用(县级行使）",
        "企业社会保险登记",
        "单位住房公积金缴存登记",
    } <= names
    newborn = Bundle.objects.get(slug="newborn")
    household = newborn.parts.get(item__name="户口登记")
    assert household.after.item.name == "《出生医学证明》首次签发" and household.result_material == "《出生医学证明》"
    chosen = {str(q.pk): str(q.options.first().pk) for q in services.questions(newborn)}
    parts = services.applicable_parts(newborn, chosen)
    assert [part.item.department.name for part in parts] == ["区卫健局", "区公安分局", "区医疗保障局"]
    assert "baby_name" in [spec.key for spec in services.combined_fields(parts)]
    # colloquial searches find the bundle first (the block above the items on the search page)
    for query, slug in [("开饭店", "open-restaurant"), ("我想开个餐馆", "open-restaurant"), ("注册公司", "open-company"),
                        ("宝宝出生上户口", "newborn"), ("办退休", "retirement"), ("办残疾证", "disability")]:  # fmt: skip
        assert [bundle.slug for bundle in selectors.matching_bundles(query)][:1] == [slug], query
