"""With Redis stopped, the cache is an empty cache: reads miss, writes are dropped, the outage is
logged once (not per request) and again when Redis answers; sessions never live in it."""

import logging
import shutil
import subprocess
import time

import pytest
import redis
from django.conf import settings

from corporate_parenting import cache as tolerant
from corporate_parenting.cache import TolerantRedisCache

PORT = 6394  # a private redis-server of this test, never the shared one


def cache_at(port, name):
    return TolerantRedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": name})


@pytest.fixture
def private_redis():
    proc = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(PORT), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=PORT, socket_timeout=0.5)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)


def cache_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "corporate_parenting.cache"]


def test_an_unreachable_cache_misses_drops_writes_and_logs_once(caplog):
    caplog.set_level(logging.WARNING)
    first, second = cache_at(6395, "a"), cache_at(6395, "b")
    for cache in (first, second, first):
        assert cache.get("k", "default") == "default"
        cache.set("k", 1)
        assert cache.add("k", 1) is False
        assert cache.get_many(["k", "j"]) == {}
        assert cache.get_or_set("k", 7) == 7
        with pytest.raises(ValueError):
            cache.incr("k")
        cache.delete("k")
    assert len(cache_warnings(caplog)) == 1
    assert "unreachable" in cache_warnings(caplog)[0]


def test_the_cache_is_used_again_when_redis_returns(caplog, private_redis, monkeypatch):
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(tolerant, "RETRY_SECONDS", 0.2)
    cache = cache_at(PORT, "back")
    cache.set("k", "v")
    assert cache.get("k") == "v"
    private_redis.terminate()
    private_redis.wait(10)
    assert cache.get("k") is None
    assert cache.get("k") is None
    assert len(cache_warnings(caplog)) == 1
    restarted = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(PORT), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while cache.get("k2") is None and time.monotonic() < deadline:
            cache.set("k2", "again")
            time.sleep(0.1)
        assert cache.get("k2") == "again"
        assert cache_warnings(caplog)[-1].endswith("reachable again")
    finally:
        restarted.terminate()
        restarted.wait(10)


def test_sessions_do_not_depend_on_the_cache():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    if settings.REDIS_CACHE_URL:
        assert settings.CACHES["default"]["BACKEND"].endswith("TolerantRedisCache")
