import json
from datetime import UTC, date, datetime

from govhall.core.gm import sm3_hex
from govhall.licences import canonical
from govhall.licences.constants import HolderKind

SALT = "00112233445566778899aabbccddeeff"


def person_document(**overrides):
    arguments = {
        "identifier": "1.2.156.3005.2.11100000000013338W001.11511301008778220W.00000001.001.X",
        "type_code": "11100000000013338W001",
        "type_name": "测试证照",
        "number": "00100000001",
        "issuer_name": "区行政审批局",
        "issuer_uscc": "11511301008778220W",
        "holder_kind": HolderKind.PERSON,
        "holder_name": "张三丰",
        "holder_id": "11010519491231002x",
        "holder_id_type": "居民身份证",
        "salt": SALT,
        "data": {"name": "张三丰", "address": "四川省广安市"},
        "personal": {"name", "address"},
        "issued_at": datetime(2026, 12, 3, 14, 0, 5, 123456, tzinfo=UTC),
        "valid_from": date(2026, 12, 3),
        "valid_until": None,
        "case_number": "GH20261203000001",
        "item_code": "511A0000000001",
        "version": 1,
    }
    arguments.update(overrides)
    return canonical.document(**arguments)


def test_the_encoding_is_fixed_byte_for_byte():
    data = canonical.encode(person_document())
    id_hash = "sm3:" + sm3_hex(f"{SALT}\x1f11010519491231002X".encode())
    name_hash = "sm3:" + sm3_hex(f"{SALT}\x1f张三丰".encode())
    address_hash = "sm3:" + sm3_hex(f"{SALT}\x1f四川省广安市".encode())
    expected = (
        '{"case_number":"GH20261203000001",'
        f'"fields":{{"address":"{address_hash}","name":"{name_hash}"}},'
        '"format":"govhall-licence/1",'
        f'"holder":{{"id":"{id_hash}","id_type":"居民身份证","kind":"person","name":"张**"}},'
        '"identifier":"1.2.156.3005.2.11100000000013338W001.11511301008778220W.00000001.001.X",'
        '"issued_at":"2026-12-03T14:00:05Z",'
        '"issuer":{"name":"区行政审批局","uscc":"11511301008778220W"},'
        '"item_code":"511A0000000001","number":"00100000001",'
        '"type":{"code":"11100000000013338W001","name":"测试证照"},'
        '"valid_from":"2026-12-03","valid_until":null,"version":1}'
    )
    assert data == expected.encode("utf-8")
    assert canonical.encode(json.loads(data)) == data  # re-encoding the decoded bytes gives the same bytes


def test_personal_data_only_masked_or_hashed():
    data = canonical.encode(person_document())
    for secret in ("张三丰", "11010519491231002X", "四川省广安市"):
        assert secret.encode() not in data


def test_an_organisation_stays_readable_but_marked_personal_fields_are_hashed():
    fields = [{"key": "name", "source": "shop_name"}, {"key": "operator", "source": "operator", "personal": True}]
    personal = canonical.personal_keys(HolderKind.LEGAL_PERSON, fields)
    assert personal == {"operator"}
    doc = person_document(
        holder_kind=HolderKind.LEGAL_PERSON,
        holder_name="广安区好味道餐饮店",
        holder_id="92511602MA6AAAAAA1",
        data={"name": "广安区好味道餐饮店", "operator": "张三丰"},
        personal=personal,
    )
    assert doc["holder"]["name"] == "广安区好味道餐饮店"
    assert doc["holder"]["id"] == "92511602MA6AAAAAA1"
    assert doc["fields"]["name"] == "广安区好味道餐饮店"
    assert doc["fields"]["operator"].startswith("sm3:")


def test_a_local_time_is_written_in_utc():
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 3, 22, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert person_document(issued_at=moment)["issued_at"] == "2026-12-03T14:00:00Z"
