"""The shared cache as a speed-up the service can lose: with Redis unreachable, a read is a miss
and a write is dropped, so pages are slower but still served.

An outage is logged once when it begins and once when Redis answers again (not per request).
After a failure Redis is left alone for RETRY_SECONDS, so that requests in the meantime do not
each wait for a refused or timed-out connection. The state is per process and location (every
thread's cache object shares it), so each web and worker process logs an outage once.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0


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


_outages = {}
_outages_lock = threading.Lock()


def outage_for(servers):
    location = ",".join(servers)
    with _outages_lock:
        return _outages.setdefault(location, Outage(location))


def _key_missing(*args):
    raise ValueError("Key not found: the cache is unreachable")


# What each operation of Django's Redis client answers while Redis is down: what it answers
# for an empty cache.
FALLBACKS = {
    "add": lambda *args: False,
    "get": lambda key, default: default,
    "set": lambda *args: None,
    "touch": lambda *args: False,
    "delete": lambda *args: False,
    "get_many": lambda *args: {},
    "has_key": lambda *args: False,
    "incr": _key_missing,
    "set_many": lambda *args: [],
    "delete_many": lambda *args: None,
    "clear": lambda *args: False,
}


class TolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.outage = outage_for(servers)


def _tolerant(name, fallback):
    operation = getattr(RedisCacheClient, name)

    def tolerant(self, *args):
        if self.outage.skipping():
            return fallback(*args)
        try:
            result = operation(self, *args)
        except UNREACHABLE as error:
            self.outage.failed(error)
            return fallback(*args)
        self.outage.answered()
        return result

    tolerant.__name__ = name
    return tolerant


for _name, _fallback in FALLBACKS.items():
    setattr(TolerantRedisCacheClient, _name, _tolerant(_name, _fallback))


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, except that an unreachable Redis behaves as an empty cache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
