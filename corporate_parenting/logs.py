"""Logging filters."""

import logging


class NoTracebackFor403(logging.Filter):
    """Drop the traceback Django attaches to "Forbidden (Permission denied)": a denial is an
    expected answer (logged on one line and audited), not an error to debug."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
