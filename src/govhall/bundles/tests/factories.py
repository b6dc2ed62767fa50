"""A small bundle for the tests, shaped like 新生儿出生一件事: 出生证明 first; 户口 after it (the certificate becomes its
material); 医保 in parallel; 社保卡 only when the questionnaire says so. Fields and materials are shared by key and name."""

from typing import Any

from govhall.bundles.models import Bundle, BundleItem, Option, Question
from govhall.catalog.tests.factories import published_item

ID_CARDS = "父母双方有效身份证件"
CERTIFICATE = "《出生医学证明》"
BABY = {"key": "baby_name", "label": "新生儿姓名"}
BIRTH = {"key": "birth_date", "label": "出生日期", "kind": "date"}


def item(number: int, name: str, department: str, materials: list[str], fields: list[dict[str, Any]], **extra: Any):
    return published_item(
        number=number,
        name=name,
        department=department,
        result_type="approval",
        result_name=name,
        keywords="",
        materials=[{"name": material, "originals": 1} for material in materials],
        form_fields=fields,
        **extra,
    )


def newborn_bundle() -> Bundle:
    certificate = item(11, "出生医学证明首次签发", "区卫健局", [ID_CARDS], [BABY, BIRTH])
    household = item(12, "户口登记", "区公安分局", [CERTIFICATE, ID_CARDS], [BABY])
    insurance = item(
        13,
        "城乡居民参保登记",
        "区医疗保障局",
        [ID_CARDS],
        [BABY, {"key": "guardian_phone", "label": "监护人手机", "kind": "phone"}],
    )
    card = item(14, "社会保障卡申领", "区人社局", ["近期免冠白底证件照片"], [BABY])
    bundle = Bundle.objects.create(
        name="新生儿出生一件事",
        slug="newborn",
        description="一次办",
        keywords="生孩子,宝宝出生,上户口",
        promised_days=5,
    )
    first = BundleItem.objects.create(bundle=bundle, item=certificate, order=1)
    BundleItem.objects.create(bundle=bundle, item=household, order=2, after=first, result_material=CERTIFICATE)
    BundleItem.objects.create(bundle=bundle, item=insurance, order=3)
    social = BundleItem.objects.create(bundle=bundle, item=card, order=4, included=False)
    question = Question.objects.create(bundle=bundle, text="是否同时申领社会保障卡？", order=1)
    yes = Option.objects.create(question=question, label="是", order=1)
    yes.includes.add(social)
    Option.objects.create(question=question, label="否", order=2)
    return bundle


def answer(bundle: Bundle, label: str) -> dict[str, str]:
    question = bundle.questions.get()
    return {str(question.pk): str(question.options.get(label=label).pk)}


BIRTH_RECORD = "医学出生登记记录"
HOUSEHOLD_PROOF = "参保人身份证或户口簿"


def chain_bundle() -> Bundle:
    """Three departments in order, as in the demo's 新生儿出生一件事: 出生医学证明 (卫健) → 户口登记 (公安, with the
    certificate) → 医保参保 (医保, with the 户口登记 result); 社保卡 only when asked for."""
    certificate = item(21, "《出生医学证明》首次签发", "区卫健局", [ID_CARDS, BIRTH_RECORD], [BABY, BIRTH])
    household = item(22, "户口登记", "区公安分局", [CERTIFICATE, ID_CARDS], [BABY, BIRTH])
    insurance = item(
        23, "城乡居民参保登记", "区医疗保障局", [HOUSEHOLD_PROOF],
        [BABY, {"key": "guardian_phone", "label": "监护人手机号码", "kind": "phone"}],
    )  # fmt: skip
    card = item(24, "社会保障卡申领", "区人社局", ["近期免冠白底证件照片"], [BABY])
    bundle = Bundle.objects.create(
        name="新生儿出生一件事", slug="newborn", description="出生医学证明、户口登记、医保参保一次办。",
        keywords="生孩子,宝宝出生,上户口", promised_days=3,
    )  # fmt: skip
    first = BundleItem.objects.create(bundle=bundle, item=certificate, order=1)
    second = BundleItem.objects.create(bundle=bundle, item=household, order=2, after=first, result_material=CERTIFICATE)
    BundleItem.objects.create(bundle=bundle, item=insurance, order=3, after=second, result_material=HOUSEHOLD_PROOF)
    social = BundleItem.objects.create(bundle=bundle, item=card, order=4, included=False)
    question = Question.objects.create(bundle=bundle, text="是否同时为宝宝申领社会保障卡？", order=1)
    Option.objects.create(question=question, label="暂不申领", order=1)
    Option.objects.create(question=question, label="一并申领", order=2).includes.add(social)
    return bundle
