"""accounts.qrlogin: a code made by a screen, confirmed by the signed-in phone, used once by that screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts import qrlogin
from govhall.accounts.constants import QrLoginState
from govhall.accounts.models import LoginFailure, QrLogin
from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"


def made():
    return qrlogin.create_qr_login(channel="web", ip_address=IP)


def confirm(token, user):
    return qrlogin.confirm_qr_login(token=token, user=user, channel="mobile", ip_address="10.0.0.8")


def consume(found):
    return qrlogin.consume_qr_login(login_id=found.pk, channel="web", ip_address=IP)


def test_confirmed_code_signs_in_once_as_the_confirming_person():
    alice = person("alice")
    found, token = made()
    assert found.token_hash != token and token not in found.token_hash  # only the hash is kept
    assert qrlogin.status(found.pk)[0] == QrLoginState.PENDING
    with pytest.raises(qrlogin.QrLoginError, match="请先在手机上确认"):
        consume(found)
    confirm(token, alice)
    assert qrlogin.status(found.pk)[0] == QrLoginState.CONFIRMED
    assert consume(found) == alice
    assert QrLogin.objects.get(pk=found.pk).state == QrLoginState.USED
    assert AuditEvent.objects.filter(action="accounts.login", actor=alice, detail__method="qr").exists()
    assert AuditEvent.objects.filter(action="accounts.qr_login_confirm", actor=alice).exists()


def test_replay_is_refused():
    alice = person("alice")
    found, token = made()
    confirm(token, alice)
    consume(found)
    with pytest.raises(qrlogin.QrLoginError, match="已使用过"):
        consume(found)
    with pytest.raises(qrlogin.QrLoginError, match="已被确认"):
        confirm(token, alice)


def test_expired_code_can_be_neither_confirmed_nor_used():
    alice = person("alice")
    found, token = made()
    QrLogin.objects.filter(pk=found.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(qrlogin.QrLoginError, match="已失效"):
        confirm(token, alice)
    assert qrlogin.status(found.pk) == (QrLoginState.EXPIRED, 0)

    second, token = made()
    confirm(token, alice)
    QrLogin.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(qrlogin.QrLoginError, match="已失效"):
        consume(second)


def test_another_persons_confirmed_code_is_not_taken_over():
    alice, bob = person("alice", number=0), person("bob", number=1)
    found, token = made()
    confirm(token, alice)
    with pytest.raises(qrlogin.QrLoginError, match="已被确认"):
        confirm(token, bob)
    assert consume(found) == alice
    # another screen's session holds another id: it cannot use alice's code
    other, _ = made()
    with pytest.raises(qrlogin.QrLoginError):
        qrlogin.consume_qr_login(login_id=other.pk, channel="web", ip_address=IP)


def test_unknown_token_counts_as_a_failure():
    alice = person("alice")
    with pytest.raises(qrlogin.QrLoginError, match="二维码无效"):
        confirm("x" * 43, alice)
    assert LoginFailure.objects.filter(username="qr:alice").count() == 1
    assert AuditEvent.objects.filter(action="accounts.qr_login_confirm", result="failure").exists()


def test_declined_code_is_dead():
    alice = person("alice")
    _, token = made()
    qrlogin.decline_qr_login(token=token, user=alice, channel="mobile", ip_address=None)
    with pytest.raises(qrlogin.QrLoginError, match="已失效"):
        confirm(token, alice)


def test_staff_cannot_sign_in_by_qr():
    clerk = staff("clerk", Role.WINDOW_CLERK)
    _, token = made()
    with pytest.raises(qrlogin.QrLoginError, match="工作人员"):
        confirm(token, clerk)


def test_codes_per_address_are_limited(settings):
    settings.QR_LOGIN_PER_IP_PER_HOUR = 2
    made()
    made()
    with pytest.raises(qrlogin.QrLoginError, match="过于频繁"):
        made()
    qrlogin.create_qr_login(channel="web", ip_address="10.0.0.99")


def test_locked_account_cannot_use_a_confirmed_code(settings):
    alice = person("alice")
    found, token = made()
    confirm(token, alice)
    for n in range(settings.LOGIN_MAX_FAILURES):
        LoginFailure.objects.create(username="alice", ip_address=f"10.1.0.{n}")
    with pytest.raises(qrlogin.QrLoginError, match="锁定"):
        consume(found)


def test_locked_address_cannot_use_a_confirmed_code(settings):
    alice = person("alice")
    found, token = made()
    confirm(token, alice)
    for n in range(settings.LOGIN_MAX_FAILURES):
        LoginFailure.objects.create(username=f"someone{n}", ip_address=IP)
    with pytest.raises(qrlogin.QrLoginError, match="锁定"):
        consume(found)
