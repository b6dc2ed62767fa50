import pytest

from govhall.core import gm
from govhall.transparency import merkle, services
from govhall.transparency.tests import reference
from govhall.transparency.verify import gmssl_verify, sth_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    made = [services.encode_entry("test", n=i) for i in range(11)]
    for entry in made:
        services.append(entry)
    return made


def test_sth_is_the_newest_signed_head_and_verifies_in_gmssl(client, entries):
    assert client.get("/api/v1/log/sth").status_code == 404
    services.sign_tree_head()
    body = client.get("/api/v1/log/sth").json()
    assert body["tree_size"] == 11 and body["root_hash"] == reference.mth(entries).hex()
    assert body["public_key"] == gm.log_keyring().current.public_key_hex
    message = sth_message(11, body["timestamp"], bytes.fromhex(body["root_hash"]))
    assert gmssl_verify(body["public_key"], message, body["signature"])


def test_entries(client, entries):
    body = client.get("/api/v1/log/entries", {"start": 9, "end": 20}).json()
    assert body == {"entries": [{"index": 9, "entry": entries[9].hex()}, {"index": 10, "entry": entries[10].hex()}]}


def test_inclusion_and_consistency_proofs_verify(client, entries):
    body = client.get("/api/v1/log/proof/inclusion", {"leaf_index": 6, "tree_size": 10}).json()
    path = [bytes.fromhex(h) for h in body["audit_path"]]
    assert path == reference.path(6, entries[:10])
    assert merkle.verify_inclusion(6, 10, merkle.leaf_hash(entries[6]), path, reference.mth(entries[:10]))
    body = client.get("/api/v1/log/proof/consistency", {"first": 4, "second": 11}).json()
    proof = [bytes.fromhex(h) for h in body["proof"]]
    assert proof == reference.proof(4, entries)
    assert merkle.verify_consistency(4, 11, reference.mth(entries[:4]), reference.mth(entries), proof)
    assert client.get("/api/v1/log/proof/consistency", {"first": 11, "second": 11}).json()["proof"] == []


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("entries", {"start": 5, "end": 5}, 400),
        ("entries", {"start": 11, "end": 12}, 400),
        ("entries", {"start": -1, "end": 2}, 422),
        ("entries", {"start": "x", "end": 2}, 422),
        ("entries", {"start": 0}, 422),
        ("proof/inclusion", {"leaf_index": 3, "tree_size": 3}, 400),
        ("proof/inclusion", {"leaf_index": 0, "tree_size": 12}, 400),
        ("proof/inclusion", {"leaf_index": 0, "tree_size": 0}, 422),
        ("proof/inclusion", {"leaf_index": 0, "tree_size": 10**30}, 422),
        ("proof/consistency", {"first": 5, "second": 4}, 400),
        ("proof/consistency", {"first": 0, "second": 4}, 422),
        ("proof/consistency", {"first": 1, "second": 99}, 400),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(client, entries, path, params, status):
    response = client.get(f"/api/v1/log/{path}", params)
    assert response.status_code == status
    assert response.json()["detail"]
