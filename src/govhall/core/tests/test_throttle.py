"""Rate counters: a limit per key and window, taken atomically (parallel takes never pass the limit together)."""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, close_old_connections, connection

from govhall.core import throttle
from govhall.core.models import RateCounter

HOUR = timedelta(hours=1)


@pytest.mark.django_db
def test_take_counts_up_to_the_limit_and_give_back_returns_one():
    assert [throttle.take("k", limit=3, per=HOUR) for _ in range(4)] == [True, True, True, False]
    assert RateCounter.objects.get(key="k").count == 3
    throttle.give_back("k", per=HOUR)
    assert throttle.take("k", limit=3, per=HOUR) is True
    assert throttle.take("other", limit=3, per=HOUR) is True


@pytest.mark.django_db(transaction=True)
def test_parallel_takes_never_pass_the_limit():
    throttle.take("burst", limit=5, per=HOUR)  # the row exists
    results: list[bool] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        try:
            for _attempt in range(200):
                try:
                    results.append(throttle.take("burst", limit=5, per=HOUR))
                    break
                except OperationalError:  # SQLite's shared-cache test database: "table is locked", try again
                    continue
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert results.count(True) == 4 and RateCounter.objects.get(key="burst").count == 5
