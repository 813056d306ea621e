"""The shared cache as a speed-up the service can lose.

Each process keeps a copy of the entries it reads from or writes to Redis (the same pickled bytes
and expiry, the least recently used dropped beyond LOCAL_MAX_ENTRIES). While Redis is unreachable
the cache answers from that copy, and anything else is a miss: pages are still served. Without
the copy a dashboard would recompute the whole indicator catalogue for every request during an
outage (a minute on a busy machine). Cached figures are keyed by the data's fingerprint, so a
copy is never served as the figure for newer data.

An outage is logged once per process when it begins and once when Redis answers again (not per
request). After a failure Redis is left alone for RETRY_SECONDS, so that requests in the meantime
do not each wait for a refused or timed-out connection.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0
LOCAL_MAX_ENTRIES = 2000


class Outage:
    """Whether Redis at one location is down in this process, and when to try it again."""

    def __init__(self, location):
        self.location = location
        self.down = False
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def skipping(self):
        return self.down and time.monotonic() < self.retry_at

    def failed(self, error):
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            if self.down:
                return
            self.down = True
        logger.warning(
            "Cache %s unreachable (%s): pages are served without it; trying it again every %ss",
            self.location,
            type(error).__name__,
            RETRY_SECONDS,
        )

    def answered(self):
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.warning("Cache %s reachable again", self.location)


class LocalCopy:
    """Entries as Redis holds them (serialized), with their expiry; least recently used go first."""

    def __init__(self, limit):
        self.limit = limit
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def put(self, key, raw, timeout):
        """timeout: seconds, or None for no expiry."""
        expires = None if timeout is None else time.monotonic() + timeout
        with self.lock:
            self.entries[key] = (raw, expires)
            self.entries.move_to_end(key)
            while len(self.entries) > self.limit:
                self.entries.popitem(last=False)

    def raw(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[1] is not None and entry[1] <= time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def holds(self, key, raw):
        entry = self.entries.get(key)
        return entry is not None and entry[0] == raw

    def drop(self, *keys):
        with self.lock:
            for key in keys:
                self.entries.pop(key, None)

    def clear(self):
        with self.lock:
            self.entries.clear()


_outages, _copies = {}, {}
_registry_lock = threading.Lock()


def _for_location(servers):
    """(Outage, LocalCopy) of this process for the Redis at `servers`."""
    location = ",".join(servers)
    with _registry_lock:
        if location not in _outages:
            _outages[location] = Outage(location)
            _copies[location] = LocalCopy(LOCAL_MAX_ENTRIES)
        return _outages[location], _copies[location]


class TolerantRedisCacheClient(RedisCacheClient):
    """Django's Redis client, answering from this process's copy while Redis is unreachable."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.outage, self.local = _for_location(servers)

    def _redis(self, call):
        """(True, result) from Redis, or (False, None) while it is unreachable."""
        if self.outage.skipping():
            return False, None
        try:
            result = call()
        except UNREACHABLE as error:
            self.outage.failed(error)
            return False, None
        self.outage.answered()
        return True, result

    def _raw(self, key):
        reached, raw = self._redis(lambda: self.get_client(key).get(key))
        if not reached:
            return self.local.raw(key)
        if raw is None:
            self.local.drop(key)
        elif not self.local.holds(key, raw):
            reached, ttl = self._redis(lambda: self.get_client(key).ttl(key))
            if reached and ttl != -2:  # -2: gone meanwhile; -1: kept until deleted
                self.local.put(key, raw, None if ttl == -1 else ttl)
        return raw

    def get(self, key, default):
        raw = self._raw(key)
        return default if raw is None else self._serializer.loads(raw)

    def get_many(self, keys):
        found = {key: self._raw(key) for key in keys}
        return {key: self._serializer.loads(raw) for key, raw in found.items() if raw is not None}

    def has_key(self, key):
        return self._raw(key) is not None

    def set(self, key, value, timeout):
        raw = self._serializer.dumps(value)
        if timeout == 0:
            self.delete(key)
            return
        self._redis(lambda: self.get_client(key, write=True).set(key, raw, ex=timeout))
        self.local.put(key, raw, timeout)

    def add(self, key, value, timeout):
        raw = self._serializer.dumps(value)
        reached, added = self._redis(
            lambda: bool(self.get_client(key, write=True).set(key, raw, ex=timeout, nx=True))
        )
        if not reached:
            added = self.local.raw(key) is None
        if added and timeout != 0:
            self.local.put(key, raw, timeout)
        return added

    def set_many(self, data, timeout):
        for key, value in data.items():
            self.set(key, value, timeout)

    def touch(self, key, timeout):
        self.local.drop(key)  # copied again, with its new expiry, when next read
        reached, touched = self._redis(lambda: RedisCacheClient.touch(self, key, timeout))
        return bool(reached and touched)

    def delete(self, key):
        self.local.drop(key)
        reached, deleted = self._redis(lambda: RedisCacheClient.delete(self, key))
        return bool(reached and deleted)

    def delete_many(self, keys):
        self.local.drop(*keys)
        self._redis(lambda: RedisCacheClient.delete_many(self, keys))

    def incr(self, key, delta):
        reached, value = self._redis(lambda: RedisCacheClient.incr(self, key, delta))
        if reached:
            self.local.drop(key)
            return value
        raw = self.local.raw(key)
        if raw is None:
            raise ValueError(f"Key '{key}' not found")
        value = self._serializer.loads(raw) + delta
        self.local.put(key, self._serializer.dumps(value), None)
        return value

    def clear(self):
        self.local.clear()
        reached, cleared = self._redis(lambda: RedisCacheClient.clear(self))
        return bool(reached and cleared)


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, except that an unreachable Redis does not fail a page
    (TolerantRedisCacheClient)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
