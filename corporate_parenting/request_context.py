"""The request being served, for audit rows written far from the view (signals, services, the
admin). Set by RequestContextMiddleware for the length of one request; empty in commands and
workers, whose audit rows then carry no address."""

from contextvars import ContextVar

current_request = ContextVar("current_request", default=None)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
