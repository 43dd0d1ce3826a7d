"""One line in the log for each refused request, never a traceback.

Django logs a request it refuses (403 for want of a role, 400 for a bad host or request,
404) with the exception's traceback, which buries real faults among ordinary refusals.
This filter keeps the line, adds the reason to it, and drops the traceback for every
answer below 500; a server error keeps its traceback.
"""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        exc_info = record.exc_info
        if not exc_info or (status is not None and status >= 500):
            return True
        error = exc_info[1] if isinstance(exc_info, tuple) else None
        if status is None and not _refusal(error):
            return True
        reason = " ".join(str(error).split()) if error is not None else ""
        if error is not None:
            record.msg = f"{record.getMessage()} ({type(error).__name__}{': ' + reason if reason else ''})"
            record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def _refusal(error: BaseException | None) -> bool:
    """Exceptions Django turns into a 4xx answer (logged without a status by django.security)."""
    from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
    from django.http import Http404

    return isinstance(error, BadRequest | PermissionDenied | SuspiciousOperation | Http404)
