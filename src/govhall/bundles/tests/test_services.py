"""bundles.services and bundles.following: the questionnaire decides the items, each field and shared material is
asked once, one submission files the parallel parts through cases.filing, and a part that needs another's result is
filed when that one concludes, with the result as a trust-level-A material; one notice for submission and
conclusion, one rating."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person, staff
from govhall.bundles import following, services
from govhall.bundles.constants import BundleState, PartState
from govhall.bundles.models import BundleCase
from govhall.bundles.tests.factories import CERTIFICATE, ID_CARDS, answer, newborn_bundle
from govhall.cases import filing
from govhall.cases import services as case_services
from govhall.cases.constants import CaseState, TrustLevel
from govhall.cases.models import Case
from govhall.cases.tests.factories import reviewed
from govhall.cases.tests.files import PDF
from govhall.evaluation.models import Rating
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
FORM = {"reason": "宝宝出生", "baby_name": "张小宝", "birth_date": "2026-11-30", "guardian_phone": "13900001111"}


def files(*names):
    return {name: SimpleUploadedFile(f"{name}.pdf", PDF) for name in names}


def submit(bundle, applicant, label="否", key="b-1", **extra):
    return services.submit(
        applicant=applicant,
        bundle=bundle,
        answers=answer(bundle, label),
        form_data=FORM,
        uploads_given=extra.pop("uploads_given", files(ID_CARDS)),
        idempotency_key=key,
        channel="web",
        **extra,
    )


def handle(case):
    """The case's department accepts, reviews, approves and concludes it (its own approver)."""
    approver = staff(f"approver-{case.pk}", Role.APPROVER, department=case.department)
    case = case_services.accept_case(case=case, actor=approver, channel="window")
    case = reviewed(case, approver)
    case = case_services.approve(case=case, actor=approver, channel="window")
    return case_services.conclude(case=case, actor=approver, channel="window")


def test_the_questionnaire_decides_which_items_apply():
    bundle = newborn_bundle()
    names = lambda parts: [part.item.name for part in parts]  # noqa: E731
    assert names(services.applicable_parts(bundle, answer(bundle, "否"))) == [
        "出生医学证明首次签发", "户口登记", "城乡居民参保登记",
    ]  # fmt: skip
    assert "社会保障卡申领" in names(services.applicable_parts(bundle, answer(bundle, "是")))
    with pytest.raises(services.BundleError, match="请回答"):
        services.applicable_parts(bundle, {})


def test_each_field_and_each_shared_material_is_asked_once():
    bundle = newborn_bundle()
    parts = services.applicable_parts(bundle, answer(bundle, "否"))
    assert [spec.key for spec in services.combined_fields(parts)] == ["baby_name", "birth_date", "guardian_phone"]
    materials = services.shared_materials(parts)
    # the certificate is the first item's result, not asked of the parents
    assert [m.name for m in materials] == [ID_CARDS]
    assert materials[0].items == ["出生医学证明首次签发", "户口登记", "城乡居民参保登记"]


def test_one_submission_files_the_parallel_parts_and_keeps_the_later_one_waiting():
    bundle = newborn_bundle()
    alice = person("alice")
    bundle_case = submit(bundle, alice)
    parts = {part.bundle_item.item.name: part for part in bundle_case.parts.all()}
    assert parts["出生医学证明首次签发"].case.state == CaseState.SUBMITTED
    assert parts["城乡居民参保登记"].case.department.name == "区医疗保障局"
    assert parts["户口登记"].state == PartState.WAITING and parts["户口登记"].case is None
    # the shared material is one document in the locker, attached to both filed cases
    documents = {part.case.materials.get().document_id for part in parts.values() if part.case}
    assert len(documents) == 1 and alice.locker.count() == 1
    # one notice for the submission, none per item
    assert list(Notification.objects.filter(user=alice).values_list("title", flat=True)) == [
        "【新生儿出生一件事】已提交"
    ]
    assert submit(bundle, alice) == bundle_case  # the same key: the same bundle case
    assert BundleCase.objects.count() == 1 and Case.objects.count() == 2


def test_a_missing_shared_material_files_nothing():
    bundle = newborn_bundle()
    with pytest.raises(filing.MissingMaterials, match=ID_CARDS):
        submit(bundle, person("alice"), uploads_given={})
    assert not BundleCase.objects.exists() and not Case.objects.exists()


def test_a_bad_field_files_nothing():
    bundle = newborn_bundle()
    with pytest.raises(case_services.CaseError):
        services.submit(
            applicant=person("alice"), bundle=bundle, answers=answer(bundle, "否"),
            form_data={**FORM, "guardian_phone": "123"}, uploads_given=files(ID_CARDS),
            idempotency_key="x", channel="web",
        )  # fmt: skip
    assert not BundleCase.objects.exists() and not Case.objects.exists()


def test_the_later_part_is_filed_with_the_earlier_result_when_it_concludes_and_the_bundle_concludes_once(
    django_capture_on_commit_callbacks,
):
    bundle = newborn_bundle()
    alice = person("alice")
    with django_capture_on_commit_callbacks(execute=True):
        bundle_case = submit(bundle, alice)
    certificate = bundle_case.parts.get(bundle_item__item__name="出生医学证明首次签发")
    with django_capture_on_commit_callbacks(execute=True):
        handle(certificate.case)
    household = bundle_case.parts.get(bundle_item__item__name="户口登记")
    assert household.state == PartState.FILED
    given = {m.name: m.document for m in household.case.materials.select_related("document")}
    assert given[CERTIFICATE].trust_level == TrustLevel.A
    assert given[ID_CARDS].trust_level == TrustLevel.C
    assert household.case.form_data["baby_name"] == "张小宝"
    with django_capture_on_commit_callbacks(execute=True):
        handle(household.case)
    bundle_case.refresh_from_db()
    assert bundle_case.state == BundleState.OPEN  # 医保 still open
    with django_capture_on_commit_callbacks(execute=True):
        handle(bundle_case.parts.get(bundle_item__item__name="城乡居民参保登记").case)
    bundle_case.refresh_from_db()
    assert bundle_case.state == BundleState.CONCLUDED and bundle_case.concluded_at is not None
    titles = list(Notification.objects.filter(user=alice).values_list("title", flat=True))
    assert titles.count("【新生儿出生一件事】已办结") == 1
    assert not [title for title in titles if "办结" in title and "一件事" not in title]  # no per-item conclusion
    assert not [title for title in titles if "申报" in title]  # no per-item submission


def test_a_denied_earlier_part_drops_the_later_one(django_capture_on_commit_callbacks):
    bundle = newborn_bundle()
    bundle_case = submit(bundle, person("alice"))
    case = bundle_case.parts.get(bundle_item__item__name="出生医学证明首次签发").case
    approver = staff("approver", Role.APPROVER, department=case.department)
    case = case_services.accept_case(case=case, actor=approver, channel="window")
    case = reviewed(case, approver)
    case = case_services.deny(case=case, actor=approver, channel="window", reason="信息不符")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.conclude(case=case, actor=approver, channel="window")
    household = bundle_case.parts.get(bundle_item__item__name="户口登记")
    assert household.state == PartState.DROPPED and "未获准予" in household.note


def test_one_rating_rates_every_concluded_part(django_capture_on_commit_callbacks):
    bundle = newborn_bundle()
    alice = person("alice")
    bundle_case = submit(bundle, alice)
    for part in bundle_case.parts.exclude(case=None):
        with django_capture_on_commit_callbacks(execute=True):
            handle(part.case)
    handle(bundle_case.parts.get(bundle_item__item__name="户口登记").case)
    assert services.rate(bundle_case=bundle_case, rater=alice, channel="web", score=5, comment="很方便") == 3
    assert Rating.objects.filter(score=5).count() == 3
    with pytest.raises(services.BundleError):
        services.rate(bundle_case=bundle_case, rater=alice, channel="web", score=5)


def test_the_part_events_the_bundle_tells_are_covered():
    bundle = newborn_bundle()
    bundle_case = submit(bundle, person("alice"))
    case = bundle_case.parts.exclude(case=None).first().case
    assert following.covered(case.events.get())
