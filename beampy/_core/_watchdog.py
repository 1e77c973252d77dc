"""The long-schedule monitor: notices a process that holds its carrier too long.

The BEAM's ``erlang:system_monitor(Pid, [{long_schedule, Time}])`` reports a
process that ran longer than ``Time`` without being scheduled out.  beampy
cannot preempt such a process, but it can notice and say so.

Reading the clock around every scheduling step would cost a tenth of a message
round trip, so instead the scheduler publishes *which* step is running (the
process and a step number, two attribute writes it does anyway or nearly) and
this module's single daemon thread samples them.  When it sees the same step
still running after a runtime's ``long_schedule`` threshold, it queues
``[proc, first_seen, last_seen]`` on that runtime; the runtime emits the structlog event
from its own task when the step is over.  The thread runs no user code, takes
no locks and only appends to a list, so it cannot disturb the processes.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._runtime import Runtime, _Current

_INTERVAL = 0.005  # seconds between samples: reports are accurate to about this
_lock = threading.Lock()
_users = 0
_stop: threading.Event | None = None
_thread: threading.Thread | None = None


def start(current: _Current) -> None:
    """Starts the thread for the first runtime; later runtimes share it."""
    global _users, _stop, _thread
    with _lock:
        _users += 1
        if _users == 1:
            _stop = threading.Event()
            _thread = threading.Thread(
                target=_watch, args=(current, _stop), name="beampy-long-schedule", daemon=True
            )
            _thread.start()


def stop() -> None:
    """Stops the thread when the last runtime closes, and waits for it to end."""
    global _users, _stop, _thread
    with _lock:
        _users -= 1
        if _users == 0 and _stop is not None and _thread is not None:
            _stop.set()  # wakes the thread at once
            _thread.join()
            _stop = _thread = None


def _watch(current: _Current, stopped: threading.Event) -> None:
    seen: Any = None
    seen_step = -1
    entry: list[Any] | None = None
    while not stopped.wait(_INTERVAL):
        p = current.proc
        step = current.step
        now = time.perf_counter()
        if p is None or p is not seen or step != seen_step:
            seen, seen_step, entry = p, step, [p, now, now]
            continue
        assert entry is not None
        entry[2] = now  # still the same step: it has run at least this long
        rt: Runtime = p.rt
        if len(entry) == 3 and not p.long_reported and now - entry[1] > rt.long_schedule:
            entry.append(True)  # queued once per step
            rt.long_pending.append(entry)
