"""With Redis stopped, the cache is an empty cache: reads miss, writes are dropped, the outage is
logged once (not per request) and again when Redis answers; sessions never live in it."""

import contextlib
import logging
import pickle
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


def test_an_unreachable_cache_misses_keeps_this_processs_writes_and_logs_once(caplog):
    caplog.set_level(logging.WARNING)
    first, second = cache_at(6395, "a"), cache_at(6395, "b")
    for cache in (first, second):
        assert cache.get("k", "default") == "default"
        assert cache.get_many(["k", "j"]) == {}
        with pytest.raises(ValueError):
            cache.incr("k")
        cache.set("k", 1)
        assert cache.get("k") == 1
        assert cache.incr("k") == 2
        assert cache.add("k", 9) is False
        assert cache.get_or_set("j", 7) == 7
        cache.delete("k")
        assert cache.get("k") is None
    assert second.get("j") == 7 and first.get("j") == 7  # each prefix its own entry
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "unreachable" in warnings[0]


def test_entries_read_before_redis_stopped_are_served_while_it_is_down(
    caplog, private_redis, monkeypatch
):
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(tolerant, "RETRY_SECONDS", 0.2)
    cache = cache_at(PORT, "back")
    # Written by another process: this one only reads it.
    redis.Redis(port=PORT).set(cache.make_key("figures"), pickle.dumps({"CLA1": 42}), ex=600)
    assert cache.get("figures") == {"CLA1": 42}
    private_redis.terminate()
    private_redis.wait(10)
    assert cache.get("figures") == {"CLA1": 42}
    assert cache.get("never-read") is None
    assert cache.get("figures") == {"CLA1": 42}
    assert len(cache_warnings(caplog)) == 1
    restarted = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(PORT), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        direct, deadline = redis.Redis(port=PORT), time.monotonic() + 10
        while time.monotonic() < deadline:
            cache.set("k2", "again")
            with contextlib.suppress(redis.ConnectionError):
                if direct.exists(cache.make_key("k2")):
                    break
            time.sleep(0.3)
        assert direct.exists(cache.make_key("k2"))
        assert cache_warnings(caplog)[-1].endswith("reachable again")
        assert cache.get("figures") is None  # Redis came back empty: so is the cache
    finally:
        restarted.terminate()
        restarted.wait(10)


def test_sessions_do_not_depend_on_the_cache():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    if settings.REDIS_CACHE_URL:
        assert settings.CACHES["default"]["BACKEND"].endswith("TolerantRedisCache")
