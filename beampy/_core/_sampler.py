"""The long-schedule sampler: lets the scheduler time long steps without timing every step.

The BEAM's ``erlang:system_monitor(Pid, [{long_schedule, Time}])`` reports a
process that ran longer than ``Time`` without being scheduled out.  beampy
cannot preempt such a process, but it can notice and say so.

Reading the clock around every scheduling step costs about a seventh of a
message round trip, so the scheduler reads it only every 16 steps, and one
daemon thread looks every millisecond.  When it finds a step running that it has
not flagged yet, it records the time of its *previous* look in
``current.look_before`` and then sets ``current.sampled``.  The scheduler resets
the flag after every step, so that previous look happened before this step
began: the step started after ``max(last clock reading, look_before)``.  After a
flagged step the scheduler reads the clock and measures from that bound.

The measurement is never shorter than the step, so no long step is missed; it
can be longer by at most the few short steps (fewer than 16) or the one sampling
gap before it, so a run of short steps is never blamed on one process.  Only a
step that was running when the thread looked is ever measured, and it is
attributed to the process that was running it.  The thread runs no user code and
writes two fields.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._runtime import _Current

_INTERVAL = 0.001  # seconds between looks (the GIL may delay a look by its switch interval)
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
                target=_look, args=(current, _stop), name="beampy-long-schedule", daemon=True
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


def _look(current: _Current, stopped: threading.Event) -> None:
    previous = time.perf_counter()
    while not stopped.wait(_INTERVAL):
        now = time.perf_counter()
        if current.proc is not None and not current.sampled:
            current.look_before = previous  # written before the flag that publishes it
            current.sampled = True
        previous = now
