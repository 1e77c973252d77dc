"""The long-schedule watchdog: reports a step that runs too long, while it runs.

The BEAM's ``erlang:system_monitor(Pid, [{long_schedule, Time}])`` reports a
process that ran longer than ``Time`` without being scheduled out.  beampy
cannot preempt such a process, but it can notice and say so, even when the
step never ends (a process stuck in a blocking call or an endless loop).

The scheduler pays nothing per step for this: one daemon thread looks at each
busy runtime's thread through ``sys._current_frames()``, a tenth of the
threshold apart (at most 10 ms, at least 1 ms: 10 ms for the default 100 ms).
The running step is the innermost :meth:`Kernel._step` frame on that thread;
a step is the same step exactly when it is the same frame object (the watchdog
holds the frame between two looks, so a new step cannot reuse its identity).
Once the same step has been seen for longer than the threshold, the process it
steps is reported, once per process, with its pid, registered name and
current function.  A step shorter than the threshold is never reported, and
a run of short steps is never blamed on one process, because each step is a
new frame.  The decision is :meth:`Watch.observe`, a pure function of what
was seen and when, which the tests drive directly.

Idle runtimes cost nothing: a runtime marks itself busy while its scheduler
runs or a hosted step runs, and once no runtime has been busy for
:data:`_IDLE_LOOKS` looks in a row (about 50 ms, one every 10 ms while none is
busy), the thread sleeps without a
timeout until one is.  Marking busy is a counter and a flag test: the thread is
woken (an event, a lock, a futex) only from that sleep, not at each of the
thousands of busy/idle turns a second of a process doing trio I/O, each of which
would cost a microsecond and a GIL hand-over.
"""

from __future__ import annotations

import sys
import threading
import time
import types
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._runtime import Kernel

#: The clock the scheduler and the watchdog read.
clock: Final = time.perf_counter

#: seconds between looks at a busy runtime: a tenth of its threshold, within these
#: bounds (the GIL may delay a look by up to a switch interval).  A step is timed from
#: the look that first sees it, so one that runs up to about an interval plus a switch
#: interval longer than the threshold may go unreported.  Each look takes the GIL from
#: the scheduler: looking every millisecond cost a busy ping-pong about 2 %, and the
#: looks took the GIL hand-overs meant for other threads (_runtime._gil_handover)
_INTERVAL: Final = 0.001
_INTERVAL_MAX: Final = 0.01
#: seconds after a look that found no runtime busy (a step that starts meanwhile is
#: seen at most this much later, far below any sensible threshold)
_IDLE_INTERVAL: Final = 0.01
#: Looks in a row with no busy runtime before the thread sleeps without a timeout
_IDLE_LOOKS: Final = 5

_lock = threading.Lock()
_watches: set[Watch] = set()
_wakeup = threading.Event()  # wakes the thread from its sleep (or stops it)
#: True while the thread sleeps (or is about to) until _wakeup: busy() must set it
_sleeping = False
#: set while the thread is blocked with no timeout because no runtime is busy
#: (an idle runtime wakes nothing up; the tests wait on this to show it)
asleep = threading.Event()
_thread: threading.Thread | None = None
#: how many times the thread has looked, notified on ``looked`` (the tests wait on it)
looks = 0
looked = threading.Condition()


def own_threads() -> int:
    """How many Python threads the caller's runtime and this watchdog account for."""
    return 1 if _thread is None else 2


class Watch:
    """The watchdog's view of one runtime."""

    __slots__ = ("_busy", "_seen_at", "_seen_frame", "interval", "rt", "thread", "threshold")

    def __init__(self, rt: Kernel, threshold: float) -> None:
        self.rt = rt
        self.thread = threading.get_ident()
        self.threshold = threshold
        #: seconds between looks while it is busy
        self.interval = min(max(threshold / 10, _INTERVAL), _INTERVAL_MAX)
        self._busy = 0
        self._seen_frame: types.FrameType | None = None
        self._seen_at = 0.0
        global _thread, _sleeping
        with _lock:
            _watches.add(self)
            if _thread is None:
                _sleeping = False  # (a thread that was stopped asleep may have left it set)
                _thread = threading.Thread(target=_look, name="beampy-long-schedule", daemon=True)
                _thread.start()

    def busy(self) -> None:
        """The runtime's thread starts running steps."""
        self._busy += 1
        if _sleeping:
            _wakeup.set()

    def idle(self) -> None:
        """The runtime's thread stops running steps."""
        self._busy -= 1
        if not self._busy:
            self._seen_frame = None

    def close(self) -> None:
        global _thread
        self._busy = 0
        self._seen_frame = None
        with _lock:
            _watches.discard(self)
            if not _watches and _thread is not None:
                thread, _thread = _thread, None
                _wakeup.set()
            else:
                thread = None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def observe(self, frame: types.FrameType | None, now: float) -> float | None:
        """Records that ``frame`` (a running step, or None) was seen at ``now``.

        Returns for how long that same step has been seen running when that is
        longer than the threshold, else None.
        """
        if frame is None or frame is not self._seen_frame:
            self._seen_frame = frame
            self._seen_at = now
            return None
        seen = now - self._seen_at
        return seen if seen > self.threshold else None

    def look(self, frames: dict[int, types.FrameType]) -> None:
        if not self._busy:
            return
        top = frames.get(self.thread)
        frame = _running_step(top, self.rt)
        seconds = self.observe(frame, clock())
        if seconds is not None and frame is not None:
            p = frame.f_locals.get("p")
            if p is not None and not p.long_reported:
                stack = running_frames(top, frame, LONG_STACK)
                self.rt.report_long(p, seconds, True, stack)


#: frames a long_schedule report shows (``current_stacktrace``, innermost first)
LONG_STACK: Final = 8


def outside_core(frame: types.FrameType) -> bool:
    """Whether ``frame`` runs code outside beampy's process layer (a module whose
    ``__name__`` is not a str counts as outside)."""
    name = frame.f_globals.get("__name__")
    return not (type(name) is str and name.startswith("beampy._core"))


def running_frames(
    top: types.FrameType | None, step: types.FrameType | None, limit: int
) -> list[types.FrameType]:
    """What a running step runs, innermost first: the frames from ``top`` (a thread's
    innermost) back to ``step`` (the step's frame, excluded; None: to the bottom),
    outside the process layer, at most ``limit`` of them.

    Read on the stack because a running coroutine does not show what it awaits.
    """
    stack: list[types.FrameType] = []
    frame = top
    while frame is not None and frame is not step and len(stack) < limit:
        if outside_core(frame):
            stack.append(frame)
        frame = frame.f_back
    return stack


def _step_code() -> Any:
    from ._runtime import Kernel

    return Kernel._step.__code__


_STEP_CODE: Any = None


def _running_step(frame: types.FrameType | None, rt: Any) -> types.FrameType | None:
    """The innermost ``Kernel._step`` frame of ``rt`` on a thread's stack, if one runs.

    Several runtimes may share a thread (one opened inside another's process):
    only a step of this watch's own runtime counts.
    """
    global _STEP_CODE
    if _STEP_CODE is None:
        _STEP_CODE = _step_code()
    while frame is not None:
        if frame.f_code is _STEP_CODE and frame.f_locals.get("self") is rt:
            return frame
        frame = frame.f_back
    return None


def _look() -> None:
    global _sleeping, looks
    me = threading.current_thread()
    idle_looks = 0
    while True:
        with looked:
            looks += 1
            looked.notify_all()
        with _lock:
            if _thread is not me:
                return
            watches = [w for w in _watches if w._busy]
        if watches:
            idle_looks = 0
        else:
            idle_looks += 1
            if idle_looks >= _IDLE_LOOKS:
                idle_looks = 0
                with _lock:  # (only the current thread touches the flag and the event)
                    if _thread is not me:
                        return
                    _wakeup.clear()
                    _sleeping = True
                # a busy() before the flag was set is seen here; one after it sets
                # the event (each is one bytecode-atomic step under the GIL)
                if not any(w._busy for w in list(_watches)) and _thread is me:
                    asleep.set()
                    _wakeup.wait()
                    asleep.clear()
                with _lock:
                    if _thread is not me:
                        return
                    _sleeping = False
                continue
        time.sleep(min(w.interval for w in watches) if watches else _IDLE_INTERVAL)
        if not watches:
            continue
        frames = sys._current_frames()
        for w in watches:
            try:
                w.look(frames)
            except Exception as e:  # never let the watchdog die silently
                sys.stderr.write(f"beampy: long_schedule watchdog failed: {e!r}\n")
        del frames
