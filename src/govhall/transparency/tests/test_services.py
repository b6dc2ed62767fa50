import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govhall.core import gm
from govhall.transparency import merkle, services
from govhall.transparency.models import LogEntry, LogState, MerkleNode, SignedTreeHead
from govhall.transparency.tests import reference
from govhall.transparency.verify import sth_message

pytestmark = pytest.mark.django_db


def fill(count: int) -> list[bytes]:
    entries = [services.encode_entry("test", n=i) for i in range(count)]
    for entry in entries:
        services.append(entry)
    return entries


def test_entries_are_canonical_json():
    assert services.encode_entry("licence.issued", id="1.2", sm3="ab") == (
        b'{"id":"1.2","kind":"licence.issued","sm3":"ab"}'
    )
    assert services.encode_entry("x", 名称="证") == '{"kind":"x","名称":"证"}'.encode()


def test_append_keeps_indexes_dense_and_stores_the_completed_subtrees():
    entries = fill(13)
    assert list(LogEntry.objects.values_list("index", flat=True)) == list(range(13))
    assert LogState.objects.get(pk=1).size == services.log_size() == 13
    assert bytes(LogEntry.objects.get(index=5).entry) == entries[5]
    # 13 = 8 + 4 + 1: levels 1..3 hold 6 + 3 + 1 perfect subtrees
    assert MerkleNode.objects.count() == 6 + 3 + 1
    tree = services.tree()
    assert tree.root() == reference.mth(entries)
    for m in (0, 7, 12):
        assert tree.inclusion_path(m) == reference.path(m, entries)
    assert services.tree(13).consistency_proof(5) == reference.proof(5, entries)


def test_proofs_read_few_rows_whatever_the_size():
    fill(40)
    with CaptureQueriesContext(connection) as queries:
        tree = services.tree()
        tree.inclusion_path(17)
        tree.consistency_proof(23)
    assert len(queries) <= 1 + 2 * 2  # the size, then leaves and nodes for each question


def test_sign_tree_head_only_when_the_log_grew(settings):
    settings.LOG_SIGNING_KEYS = [gm.private_key_pem(gm.generate_private_key()).decode()]
    empty = services.sign_tree_head()
    assert empty is not None and empty.tree_size == 0 and empty.root_hash == merkle.EMPTY_ROOT.hex()
    assert services.sign_tree_head() is None
    entries = fill(3)
    head = services.sign_tree_head()
    assert head is not None and head.tree_size == 3 and head.root_hash == reference.mth(entries).hex()
    assert head.timestamp > empty.timestamp
    ring = gm.log_keyring()
    assert head.public_key == ring.current.public_key_hex and head.key_id == ring.current.key_id
    message = sth_message(3, head.timestamp, bytes.fromhex(head.root_hash))
    assert gm.verify(head.public_key, message, bytes.fromhex(head.signature))
    assert services.latest_tree_head() == head
    assert services.sign_tree_head(force=True) is not None
    assert SignedTreeHead.objects.count() == 3


def test_audit_finds_nothing_in_an_intact_log(settings):
    settings.LOG_SIGNING_KEYS = [gm.private_key_pem(gm.generate_private_key()).decode()]
    services.sign_tree_head()
    fill(9)
    services.sign_tree_head()
    fill(4)
    services.sign_tree_head()
    assert services.audit_log(chunk=5) == []


def test_audit_finds_a_changed_entry_node_or_head(settings):
    settings.LOG_SIGNING_KEYS = [gm.private_key_pem(gm.generate_private_key()).decode()]
    fill(6)
    services.sign_tree_head()
    LogEntry.objects.filter(index=2).update(entry=b'{"kind":"forged"}')
    problems = services.audit_log()
    assert any("entry 2" in p for p in problems)
    # rewriting the leaf hash too still contradicts the stored subtrees and the signed head
    LogEntry.objects.filter(index=2).update(leaf_hash=merkle.leaf_hash(b'{"kind":"forged"}'))
    problems = services.audit_log()
    assert any("subtree 1/1" in p for p in problems)
    assert any("signed tree head of size 6" in p for p in problems)


def test_audit_finds_a_forged_signature_and_a_missing_entry(settings):
    settings.LOG_SIGNING_KEYS = [gm.private_key_pem(gm.generate_private_key()).decode()]
    fill(4)
    head = services.sign_tree_head()
    SignedTreeHead.objects.filter(pk=head.pk).update(timestamp=head.timestamp + 1)
    assert any("signature does not verify" in p for p in services.audit_log())
    LogEntry.objects.filter(index=1).delete()
    assert any("entry 1 is missing" in p for p in services.audit_log())


def test_append_many_writes_what_appending_one_by_one_would(settings):
    entries = [services.encode_entry("test", n=i) for i in range(45)]
    for entry in entries[:5]:
        services.append(entry)
    assert services.append_many(entries[5:30], batch=7) == 30
    assert services.append_many([]) == 30
    for entry in entries[30:37]:
        services.append(entry)
    services.append_many(entries[37:])
    assert list(LogEntry.objects.values_list("index", flat=True)) == list(range(45))
    assert services.tree().root() == reference.mth(entries)
    assert MerkleNode.objects.count() == 22 + 11 + 5 + 2 + 1
    assert services.audit_log(chunk=10) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (the in-memory SQLite test database locks tables instead of waiting)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_queue_and_keep_indexes_dense():
    import threading

    from django.db import connections

    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(8):
                services.append(services.encode_entry("test", writer=n, n=i))
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert list(LogEntry.objects.values_list("index", flat=True)) == list(range(32))
    assert services.log_size() == 32
    assert services.audit_log() == []
