"""Where a request came from. Behind TLS proxies the connecting address is the proxy's, so the
client's address is read from X-Forwarded-For, counting only the hops our own proxies added
(TRUSTED_PROXY_COUNT): anything further left was written by the client and cannot be trusted."""

import hashlib
import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address: the REMOTE_ADDR, or the address our last trusted proxy saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        if len(hops) >= proxies:
            return _valid(hops[-proxies]) or _valid(remote)
    return _valid(remote)


def session_fingerprint(request):
    """A hash of the session key: ties audit rows of one session together, never the key."""
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return hashlib.sha256(key.encode()).hexdigest()[:32] if key else ""
