"""Public comments: personal data removed automatically (also from the moderator's edit); only approved, counted
comments appear on the guide page."""

import pytest

from govhall.evaluation import services
from govhall.evaluation.constants import Moderation
from govhall.evaluation.moderation import strip_personal_data
from govhall.evaluation.tests.factories import city_supervisor, concluded_case, rated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的电话 13812345678，请回电", "我的电话 ***，请回电"),
        ("手机138 1234 5678", "手机***"),
        ("+86-13812345678", "***"),
        ("身份证 11010519491231002X 办的", "身份证 *** 办的"),
        ("老证 110105491231002", "老证 ***"),
        ("座机 0826-2333110", "座机 ***"),
        ("邮箱 a.b@example.com", "邮箱 ***"),
        ("办件 GH20260310000123 很慢", "办件 *** 很慢"),
        ("护照 E12345678", "护照 ***"),
        ("等了 20 分钟，办了 3 件事", "等了 20 分钟，办了 3 件事"),
    ],
)
def test_phone_id_and_other_personal_data_are_removed(text, expected):
    assert strip_personal_data(text) == expected


def test_names_the_system_knows_are_removed():
    assert strip_personal_data("张三说窗口的clerk态度好", ["张三", "clerk"]) == "***说窗口的***态度好"


def test_approve_strips_edit_and_publish(client):
    rating = rated(score=5, comment="测试alice 的电话 13812345678，服务很好")
    supervisor = city_supervisor()
    approved = services.moderate_comment(rating=rating, actor=supervisor, approve=True)
    assert approved.moderation == Moderation.APPROVED
    assert approved.public_comment == "*** 的电话 ***，服务很好"
    assert approved.comment.startswith("测试alice")  # the rater's own text is kept, not shown
    edited = services.moderate_comment(rating=rating, actor=supervisor, approve=True, text="服务很好 13900001111")
    assert edited.public_comment == "服务很好 ***"
    page = client.get(rating.item.get_absolute_url())
    assert "服务很好 ***" in page.content.decode()
    assert "13812345678" not in page.content.decode()


def test_rejected_pending_and_excluded_comments_stay_private(client):
    supervisor = city_supervisor()
    first = rated(score=1, comment="内容一")
    services.moderate_comment(rating=first, actor=supervisor, approve=False)
    rated(concluded_case(), score=2, comment="内容二")  # pending
    third = rated(concluded_case(), score=1, comment="内容三")
    services.moderate_comment(rating=third, actor=supervisor, approve=True)
    type(third).objects.filter(pk=third.pk).update(excluded=True)
    html = client.get(first.item.get_absolute_url()).content.decode()
    assert "内容一" not in html and "内容二" not in html and "内容三" not in html


def test_only_supervisors_moderate():
    rating = rated(score=5, comment="好")
    with pytest.raises(services.RatingError, match="只有效能监察"):
        services.moderate_comment(rating=rating, actor=rating.rater, approve=True)
