"""beampy's reports, and what happens to one that the application's log sink refuses.

Every report of the library (a crashed process, a failed supervisor child, a terminating
GenServer or Task) goes through :func:`emit`. The application owns the logging setup; when
its structlog configuration fails on a report (a processor that raises, a closed stream),
the report is not lost: it is written to ``sys.stderr`` as plain text, every field and the
traceback of ``exc_info``, with the error that stopped it. Nothing here ever raises.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import structlog

__all__ = ["emit_report"]

_log = structlog.get_logger("beampy")


def emit_report(level: str, event: str, **fields: Any) -> None:
    """Logs ``event`` through structlog at ``level``, as beampy's own reports are logged.

    If the application's structlog configuration fails on it, the report is written to
    ``sys.stderr`` instead, every field and the traceback of ``exc_info`` with it, and
    nothing is raised: a behaviour built on beampy reports its failures this way so that
    a broken log sink neither stops it nor loses them.

    Example::

        beampy.lowlevel.emit_report("error", "pool_worker_failed", pid=pid, reason=reason)
    """
    try:
        getattr(_log, level)(event, **fields)
    except Exception as error:
        _fallback(level, event, fields, error)


def _repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception as e:
        return f"<unrepresentable {type(value).__name__}: {type(e).__name__}>"


def _fallback(level: str, event: str, fields: dict[str, Any], error: BaseException) -> None:
    try:
        parts = [f"beampy: {level} {event} (the log sink failed: {_repr(error)}):"]
        exc = fields.get("exc_info")
        parts.extend(f"  {k}={_repr(v)}" for k, v in fields.items() if k != "exc_info")
        if isinstance(exc, BaseException):
            parts.append("".join(traceback.format_exception(exc)).rstrip("\n"))
        sys.stderr.write("\n".join(parts) + "\n")
    except Exception:
        pass
