"""The portal's bundle pages (portal/bundle_views.py): start → questionnaire → combined form → one submission → the
bundle page; bad answers and someone else's bundle case are refused; the life event, home and search pages lead to
the bundle; the workbench case page shows the bundle panel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.bundles.models import BundleCase
from govhall.bundles.tests.factories import ID_CARDS, answer, newborn_bundle
from govhall.cases.tests.files import PDF
from govhall.catalog.models import LifeEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def post_form(client, bundle, label="否", **extra):
    data = {
        **{f"q_{key}": value for key, value in answer(bundle, label).items()},
        "reason": "宝宝出生",
        "f_baby_name": "张小宝",
        "f_birth_date": "2026-11-30",
        "f_guardian_phone": "13900001111",
        "idempotency_key": "page-1",
        "declaration": "on",
        "material-0": SimpleUploadedFile("证件.pdf", PDF),
        **extra,
    }
    return client.post(reverse("portal:bundle_apply", args=[bundle.slug]), data)


def test_the_start_page_shows_the_items_and_the_questionnaire(client):
    bundle = newborn_bundle()
    page = client.get(reverse("portal:bundle", args=[bundle.slug])).content.decode()
    assert "情形引导" in page and "是否同时申领社会保障卡？" in page and "户口登记" in page
    assert client.get(reverse("portal:bundle", args=["nothing"])).status_code == 404


def test_the_form_asks_each_field_once_and_the_submission_makes_one_bundle_case(client):
    bundle = newborn_bundle()
    client.force_login(person("alice"))
    query = "&".join(f"q_{key}={value}" for key, value in answer(bundle, "否").items())
    page = client.get(reverse("portal:bundle_apply", args=[bundle.slug]) + "?" + query).content.decode()
    assert page.count('name="f_baby_name"') == 1 and page.count('name="material-') == 1
    assert ID_CARDS in page and "自动提交" in page
    response = post_form(client, bundle)
    bundle_case = BundleCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:bundle_case", args=[bundle_case.number]
    )
    page = client.get(response["Location"]).content.decode()
    assert "0/3 办结" in page and "一件事申请已提交" in page and bundle_case.promised_deadline.isoformat() in page
    assert bundle_case.number in client.get(reverse("cases:mine")).content.decode()


def test_bad_answers_and_missing_fields_are_told_not_filed(client):
    bundle = newborn_bundle()
    client.force_login(person("alice"))
    response = client.get(reverse("portal:bundle_apply", args=[bundle.slug]) + "?q_1=999999")
    assert response.status_code == 400 and "请回答" in response.content.decode()
    response = post_form(client, bundle, f_baby_name="")
    assert response.status_code == 400 and "请填写新生儿姓名" in response.content.decode()
    response = post_form(client, bundle, **{"material-0": ""})
    assert response.status_code == 400 and "缺少必要材料" in response.content.decode()
    assert not BundleCase.objects.exists()


def test_another_persons_bundle_case_is_not_found(client):
    bundle = newborn_bundle()
    client.force_login(person("alice"))
    post_form(client, bundle)
    number = BundleCase.objects.get().number
    client.force_login(person("mallory", number=2))
    assert client.get(reverse("portal:bundle_case", args=[number])).status_code == 404
    assert client.post(reverse("portal:bundle_rate", args=[number]), {"score": "5"}).status_code == 404


def test_life_event_home_and_search_lead_to_the_bundle(client):
    bundle = newborn_bundle()
    event = LifeEvent.objects.create(name="新生儿出生一件事", slug="newborn", audience="person", description="一次办")
    bundle.life_event = event
    bundle.save()
    start = reverse("portal:bundle", args=[bundle.slug])
    assert start in client.get(reverse("portal:life_event", args=["newborn"])).content.decode()
    assert start in client.get(reverse("portal:home")).content.decode()
    found = client.get(reverse("portal:search"), {"q": "宝宝出生了怎么上户口"}).content.decode()
    assert "bundle-matches" in found and start in found
    assert "bundle-matches" not in client.get(reverse("portal:search"), {"q": "护照"}).content.decode()


def test_the_workbench_case_page_shows_the_bundle_panel(client):
    bundle = newborn_bundle()
    client.force_login(person("alice"))
    post_form(client, bundle)
    case = BundleCase.objects.get().parts.exclude(case=None).first().case
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    client.force_login(clerk)
    page = client.get(reverse("workbench:handle", args=[case.number])).content.decode()
    assert "属于一件事：新生儿出生一件事（0/3 办结）" in page
