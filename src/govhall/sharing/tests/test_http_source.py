"""HttpDataSource against the demo shared-data service over loopback: signed requests, a bad signature refused (401),
a source down or too slow told as a failure in Chinese, a connection refused tried twice."""

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from govhall.accounts.tests.factories import IDS
from govhall.core.providers import ProviderError, signed_request
from govhall.sharing.providers import DataSourceError, HttpDataSource, Requester

REQUESTER = Requester(department="区行政审批局")


def ask(resource="household", provider="gongan", subject=IDS[0], timeout=5.0, purpose="GH20260101000001"):
    return HttpDataSource().query(
        provider=provider,
        resource_code=resource,
        subject_id=subject,
        subject_kind="person",
        purpose=purpose,
        requester=REQUESTER,
        timeout=timeout,
    )


def test_a_signed_query_gets_the_record_or_none():
    assert ask()["household_address"].startswith("四川省广安市")
    assert ask(subject=IDS[4]) is None
    assert ask(resource="marriage", provider="minzheng")["spouse_name"] == "刘芳"
    assert ask(resource="marriage", provider="minzheng", subject=IDS[1]) is None


def test_a_bad_signature_is_refused(settings):
    with pytest.raises(ProviderError, match="HTTP 401"):
        signed_request(
            f"{settings.SHARED_DATA_URL}/gongan/query",
            key_id="test-shared",
            secret="wrong-secret",
            payload={"resource": "household", "subject_id": IDS[0], "purpose": "x"},
        )
    settings.SHARED_DATA_KEY_SECRET = "wrong-secret"
    with pytest.raises(DataSourceError, match="拒绝了本平台的签名"):
        ask()


def test_an_unsigned_request_is_refused(settings):
    body = json.dumps({"resource": "household", "subject_id": IDS[0], "purpose": "x"}).encode()
    request = urllib.request.Request(f"{settings.SHARED_DATA_URL}/gongan/query", data=body, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401
    refused.value.close()


def test_a_source_down_or_slow_is_a_failure_in_chinese(outside_world):
    outside_world.shared_data_trouble["gongan"] = "down"
    with pytest.raises(DataSourceError, match=r"数据源服务故障（HTTP 503）"):
        ask()
    outside_world.shared_data_trouble["gongan"] = "slow"
    started = time.monotonic()
    with pytest.raises(DataSourceError, match="数据源响应超时"):
        ask(timeout=0.3)
    assert time.monotonic() - started < 2  # not retried: the source may still be working on it


def test_no_connection_is_tried_twice_then_told(settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.SHARED_DATA_URL = f"http://127.0.0.1:{port}/shared"
    with pytest.raises(DataSourceError, match="无法连接数据源"):
        ask()


def test_a_query_without_purpose_is_a_bad_request_at_the_source():
    with pytest.raises(DataSourceError, match="请求格式不正确"):
        ask(purpose="")
