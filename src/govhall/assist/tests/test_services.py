"""The answering service: the item and intent, the guide's own text quoted, and honesty when unsure."""

import pytest

from govhall.assist.models import AnswerFeedback
from govhall.assist.services import QuestionError, TooOften, answer, record_feedback
from govhall.catalog.tests.factories import HallFactory, published_item

pytestmark = pytest.mark.django_db

FEES = [
    {
        "name": "食品经营许可证工本费",
        "standard": "每证10元",
        "legal_basis": "《某收费文件》",
        "amount": 1000,
        "stage": "after_decision",
    }
]


@pytest.fixture
def food():
    return published_item(
        materials=[
            {"name": "食品经营许可申请书", "originals": 1},
            {"name": "经营场所平面布局图", "necessity": "conditional", "variant_name": "餐饮服务"},
        ],
        variants=[{"name": "餐饮服务"}],
        handling_location="政务服务中心二楼C区",
        handling_hours="周一至周五 9:00-12:00",
    )


def test_materials_are_the_guides_material_names(food):
    result = answer("开饭店要带什么材料")
    assert result.item is not None and result.item.code == food.implementation_code
    assert result.intent == "materials"
    assert result.confident
    assert "食品经营许可申请书" in result.text
    assert "经营场所平面布局图（情形必要，餐饮服务）" in result.text
    assert result.source == f"/items/{food.implementation_code}/"


def test_time_limit_quotes_the_promised_limit_with_its_unit(food):
    result = answer("开饭店多久能办好")
    assert result.intent == "time_limit"
    assert "承诺办结时限：5 个工作日。" in result.lines
    assert "法定办结时限：20 个工作日。" in result.lines


def test_no_fee_rows_is_said_as_no_charge(food):
    assert answer("开饭店要花钱吗").lines == ["收费：不收费。"]


def test_fees_quote_name_and_standard():
    published_item(fees=FEES)
    result = answer("开饭店收费吗")
    assert result.intent == "fees"
    assert "食品经营许可证工本费：每证10元（准予许可后缴费）" in result.lines


def test_place_quotes_location_hours_and_halls(food):
    hall = HallFactory(name="广安区政务服务中心", address="金安大道二段88号", opening_hours="周一至周五")
    hall.items.add(food)
    result = answer("开饭店去哪里办")
    assert result.intent == "place"
    assert "办理地点：政务服务中心二楼C区" in result.lines
    assert "办理时间：周一至周五 9:00-12:00" in result.lines
    assert "可办理的服务大厅：广安区政务服务中心（金安大道二段88号，周一至周五）" in result.lines


def test_how_lists_the_steps_and_visits(food):
    result = answer("开饭店怎么办")
    assert result.intent == "how"
    assert result.lines[1:3] == ["1. 受理（审批科）", "2. 审查（审批科）"]
    assert "到办事现场次数：1 次（需现场核查经营场所）" in result.lines


def test_online_quotes_the_depth(food):
    result = answer("开饭店能在网上办吗")
    assert result.intent == "online"
    assert result.lines[0] == "网上办理深度：Ⅲ级：网上受理办理"


def test_every_answer_line_is_in_the_guide_page(client, food):
    """No made-up facts: each quoted line's content (after its label) is on the published guide page."""
    page = client.get(food.get_absolute_url()).content.decode()
    for question in ("开饭店要带什么材料", "开饭店多久能办好", "开饭店去哪里办", "开饭店怎么办"):
        for line in answer(question).lines:
            content = line.split("：", 1)[-1].split(". ", 1)[-1].rstrip("。")
            for part in filter(None, content.replace("（", "|").replace("）", "|").replace("，", "|").split("|")):
                assert part.replace(" 个", " ") in page or part in page, (question, part)


def test_nothing_near_is_not_confident_and_names_no_item(food):
    result = answer("彩票中奖了去哪兑奖")
    assert result.item is None
    assert not result.confident
    assert "没有找到" in result.text
    assert result.lines == []


def test_a_tie_between_items_without_guides_is_not_confident():
    for number, name in ((11, "法律援助补贴发放"), (12, "对公民法律援助申请的审批")):
        published_item(number=number, name=name, keywords="", catalog_only=True)
    result = answer("法律援助要钱吗")
    assert not result.confident
    assert "不能确定" in result.text
    names = {result.item.name} | {ref.name for ref in result.alternatives}  # type: ignore[union-attr]
    assert names == {"法律援助补贴发放", "对公民法律援助申请的审批"}


def test_partial_match_is_not_confident(food):
    result = answer("开饭店的父母")
    assert result.item is not None
    assert not result.confident
    assert result.text.startswith("我不能确定您问的是哪一项服务")


@pytest.mark.parametrize("question", ["", "   ", "问" * 201, "开饭店\x00"])
def test_bad_questions_are_refused_in_chinese(question):
    with pytest.raises(QuestionError) as refused:
        answer(question)
    assert any("\u4e00" <= character <= "\u9fff" for character in str(refused.value))


def test_feedback_is_anonymous_and_strips_personal_data():
    record_feedback(
        question="身份证511602199001011234丢了怎么补，电话13812345678",
        item_code="X",
        intent="how",
        confident=True,
        helpful=False,
    )
    row = AnswerFeedback.objects.get()
    assert "511602199001011234" not in row.question and "13812345678" not in row.question
    assert row.helpful is False


def test_feedback_with_an_unknown_intent_is_refused():
    with pytest.raises(QuestionError):
        record_feedback(question="开饭店", item_code="", intent="nonsense", confident=False, helpful=True)


def test_feedback_from_one_address_is_limited_per_hour(monkeypatch):
    monkeypatch.setattr("govhall.assist.services.FEEDBACK_PER_ADDRESS_PER_HOUR", 2)
    answer_once = {"question": "开饭店", "item_code": "", "intent": "how", "confident": False, "helpful": True}
    record_feedback(**answer_once, ip_address="203.0.113.7")
    record_feedback(**answer_once, ip_address="203.0.113.7")
    with pytest.raises(TooOften):
        record_feedback(**answer_once, ip_address="203.0.113.7")
    record_feedback(**answer_once, ip_address="203.0.113.8")
    assert AnswerFeedback.objects.count() == 3
    from govhall.core.models import RateCounter

    assert not RateCounter.objects.filter(key__contains="203.0.113").exists()  # the address is kept only hashed


def test_a_bundle_the_question_is_about_is_offered():
    from govhall.bundles.tests.factories import newborn_bundle

    newborn_bundle()
    result = answer("宝宝出生了要办什么")
    assert [(ref.name, ref.source, ref.promised_days) for ref in result.bundles] == [
        ("新生儿出生一件事", "/bundles/newborn/", 5)
    ]
    assert answer("户口登记要带什么").bundles == []  # 户口登记 is a part, but the question is about the one item
