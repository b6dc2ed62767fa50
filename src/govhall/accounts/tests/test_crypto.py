import pytest
from django.db import connection

from govhall.accounts.tests.factories import person
from govhall.core.crypto import blind_index, decrypt, encrypt, mask_document_number, mask_name, mask_phone

pytestmark = pytest.mark.django_db


def test_round_trip_and_fresh_ciphertext():
    token = encrypt("11010519491231002X")
    assert decrypt(token) == "11010519491231002X"
    assert encrypt("11010519491231002X") != token  # random IV: equal values do not look equal


def test_values_are_stored_encrypted_and_found_by_blind_index():
    alice = person("alice", phone="13812341234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [alice.pk])
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT document_number FROM accounts_personprofile WHERE user_id = %s", [alice.pk])
        stored_document = cursor.fetchone()[0]
    assert "13812341234" not in stored and "11010519491231002X" not in stored_document
    assert blind_index(" 11010519491231002x ") == blind_index("11010519491231002X")
    alice.refresh_from_db()
    assert alice.phone == "13812341234"
    assert alice.person.document_number == "11010519491231002X"


def test_masks():
    assert mask_document_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧阳**"


def test_a_damaged_value_is_refused():
    with pytest.raises(ValueError, match="cannot decrypt"):
        decrypt("not-a-token")
