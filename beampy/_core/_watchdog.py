"""The long-schedule sampler: lets the scheduler time long steps without timing every step.

The BEAM's ``erlang:system_monitor(Pid, [{long_schedule, Time}])`` reports a
process that ran longer than ``Time`` without being scheduled out.  beampy
cannot preempt such a process, but it can notice and say so.

Reading the clock around every scheduling step would cost about a tenth of a
message round trip.  Instead, one daemon thread looks every few milliseconds
and, if a step is running, sets ``current.sampled``.  After each step the
scheduler tests that one flag; when it is set, the step was running when the
thread looked, so it may be long: the scheduler reads the clock and measures it
against its previous reading (taken at most 64 steps earlier).  A step longer
than one sampling cycle is always sampled, so every long step is measured, by
the scheduler's own clock, and attributed to the right process.  The thread
runs no user code and only writes one boolean.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._runtime import _Current

_INTERVAL = 0.002  # seconds between looks (the GIL may delay a look by its switch interval)
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
    while not stopped.wait(_INTERVAL):
        if current.proc is not None:
            current.sampled = True
