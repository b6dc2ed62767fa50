"""The field-encryption and blind-index keys: a database under other keys is refused at start with a message naming
the key, and `rotate_keys` moves every stored value onto the newest keys while the old keys still decrypt."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection

from govhall.accounts.models import PersonProfile, User
from govhall.accounts.tests.factories import IDS, person
from govhall.core.checks import secrets_configured, verify_keys_at_start
from govhall.core.crypto import blind_index
from govhall.core.keys import MISMATCH, KeyMismatch, key_problems, record_key_checks, rotate_keys
from govhall.core.models import AuditEvent, KeyCheck
from govhall.env import ConfigError, env_fernet_keys, env_hmac_keys

pytestmark = pytest.mark.django_db

NEW_FIELD_KEY = Fernet.generate_key().decode()
NEW_INDEX_KEY = b"a-new-blind-index-key-of-at-least-32-characters"


@pytest.fixture(autouse=True)
def _keys_configured(settings):
    """The suite runs with DEBUG off on the development keys; here they stand for a deployment's own."""
    settings.DEVELOPMENT_SECRETS = []


def stored(table: str, column: str, where: str, value: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where} = %s", [value])
        return cursor.fetchone()[0]


def problem_ids() -> set[str]:
    return {str(problem.id) for problem in key_problems()}


def test_the_keys_the_database_was_written_with_pass():
    person("alice", phone="13812340001")
    assert key_problems() == []
    verify_keys_at_start()


def test_a_wrong_field_key_is_refused_at_start_naming_the_key(settings):
    person("alice", phone="13812340001")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY]  # as after restoring a backup under another key
    [problem] = key_problems()
    assert problem.id == "govhall.E002"
    assert problem.msg.startswith(MISMATCH + "FIELD_ENCRYPTION_KEYS")
    with pytest.raises(SystemCheckError, match=MISMATCH + "FIELD_ENCRYPTION_KEYS"):
        call_command("check")
    with pytest.raises(ImproperlyConfigured, match=MISMATCH + "FIELD_ENCRYPTION_KEYS"):
        verify_keys_at_start()


def test_a_wrong_blind_index_key_is_refused_at_start_naming_the_key(settings):
    person("alice", phone="13812340001")
    settings.BLIND_INDEX_KEYS = [NEW_INDEX_KEY]
    [problem] = key_problems()
    assert problem.id == "govhall.E003"
    assert problem.msg.startswith(MISMATCH + "BLIND_INDEX_KEYS")
    with pytest.raises(ImproperlyConfigured, match=MISMATCH + "BLIND_INDEX_KEYS"):
        verify_keys_at_start()
    with pytest.raises(KeyMismatch, match="BLIND_INDEX_KEYS"):
        rotate_keys()  # never re-index a database that is not this key's


def test_the_first_migrate_of_existing_data_refuses_keys_that_cannot_read_it(settings):
    person("alice", phone="13812340001")
    KeyCheck.objects.all().delete()  # a database from before the check values existed
    field_keys, index_keys = settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY]
    with pytest.raises(KeyMismatch, match=r"accounts\.User\.phone"):
        record_key_checks()
    settings.FIELD_ENCRYPTION_KEYS = field_keys
    settings.BLIND_INDEX_KEYS = [NEW_INDEX_KEY]
    with pytest.raises(KeyMismatch, match=r"accounts\.User\.phone_index"):
        record_key_checks()
    assert not KeyCheck.objects.exists()
    settings.BLIND_INDEX_KEYS = index_keys
    assert record_key_checks() is True
    assert key_problems() == []


def test_rotation_re_encrypts_and_re_indexes_while_old_keys_still_decrypt(settings):
    alice = person("alice", phone="13812340001")
    person("bob", number=1, phone="13812340002")
    old_field_keys, old_index_keys = list(settings.FIELD_ENCRYPTION_KEYS), list(settings.BLIND_INDEX_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY, *old_field_keys]
    settings.BLIND_INDEX_KEYS = [NEW_INDEX_KEY, *old_index_keys]

    # During the rotation the old key still decrypts; the servers refuse to start until the indexes are rebuilt.
    alice.refresh_from_db()
    assert alice.phone == "13812340001"
    assert problem_ids() == {"govhall.W012", "govhall.E004"}

    counts = rotate_keys(batch_size=1)

    assert counts["re_encrypted"] >= 4  # two phones, two document numbers (and the staff's other secrets)
    assert counts["re_indexed"] == 4
    token = stored("accounts_user", "phone", "id", alice.pk)
    assert Fernet(NEW_FIELD_KEY.encode()).decrypt(token.encode()) == b"13812340001"
    assert User.objects.get(phone_index=blind_index("13812340001")) == alice
    assert PersonProfile.objects.get(document_index=blind_index(IDS[1])).user.username == "bob"
    assert stored("accounts_user", "phone_index", "id", alice.pk) == blind_index("13812340001", NEW_INDEX_KEY)
    assert key_problems() == []
    assert AuditEvent.objects.filter(action="core.rotate_keys").count() == 1

    # Idempotent: a second run changes nothing; then the old keys can go.
    assert rotate_keys() == {"re_encrypted": 0, "re_indexed": 0}
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY]
    settings.BLIND_INDEX_KEYS = [NEW_INDEX_KEY]
    alice.refresh_from_db()
    assert alice.phone == "13812340001"
    assert alice.person.document_number == IDS[0]
    assert key_problems() == []


def test_an_interrupted_rotation_resumes_where_it_stopped(settings):
    for number, name in enumerate(["alice", "bob", "carol"]):
        person(name, number=number, phone=f"1381234000{number}")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    settings.BLIND_INDEX_KEYS = [NEW_INDEX_KEY, *settings.BLIND_INDEX_KEYS]

    def stop_after_users(line: str) -> None:
        if line.startswith("accounts.User:"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_keys(batch_size=2, progress=stop_after_users)
    assert "govhall.E004" in problem_ids()  # not finished: still refused

    counts = rotate_keys(batch_size=2)
    assert counts["re_encrypted"] == 3  # only the document numbers were left; the phones were done
    assert counts["re_indexed"] == 6
    assert key_problems() == []


def test_rotate_keys_command_reports_and_refuses_wrong_keys(settings, capsys):
    person("alice", phone="13812340001")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_FIELD_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_keys")
    out = capsys.readouterr().out
    assert "accounts.User: 1 re-encrypted" in out
    assert "keys rotated: 2 rows re-encrypted" in out  # the phone and the document number
    assert key_problems() == []
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match=MISMATCH + "FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_keys")


def test_production_refuses_development_secrets(settings):
    settings.DEBUG = False
    settings.DEVELOPMENT_SECRETS = ["FIELD_ENCRYPTION_KEYS", "OIDC_RSA_PRIVATE_KEY"]
    messages = secrets_configured(None)
    assert [message.id for message in messages] == ["govhall.E001", "govhall.E001"]
    assert "FIELD_ENCRYPTION_KEYS 未设置" in messages[0].msg
    settings.DEBUG = True
    assert secrets_configured(None) == []


def test_malformed_keys_fail_when_settings_load(monkeypatch):
    monkeypatch.setenv("GH_FIELD_KEYS", f"{NEW_FIELD_KEY},not-a-key")
    with pytest.raises(ConfigError, match="GH_FIELD_KEYS: key 2 is not a Fernet key"):
        env_fernet_keys("GH_FIELD_KEYS")
    monkeypatch.setenv("GH_INDEX_KEYS", "short")
    with pytest.raises(ConfigError, match="at least 32"):
        env_hmac_keys("GH_INDEX_KEYS")


def test_gunicorn_start_without_keys_fails_with_the_names(tmp_path):
    """wsgi.py (what gunicorn imports) runs the key checks: with DEBUG off and no keys it does not start."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS", "OIDC_RSA_PRIVATE_KEY", "DEBUG"))
    }
    env.update(
        {"SECRET_KEY": "test-only-not-secret", "GOVHALL_VAR_DIR": str(tmp_path), "DATABASE_URL": ""},
        PYTHONPATH=str(settings.PROJECT_DIR / "src"),
    )
    result = subprocess.run(
        [sys.executable, "-c", "import govhall.wsgi"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS 未设置" in result.stderr
    assert "BLIND_INDEX_KEYS 未设置" in result.stderr
