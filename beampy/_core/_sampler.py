"""The long-schedule watchdog: reports a step that runs too long, while it runs.

The BEAM's ``erlang:system_monitor(Pid, [{long_schedule, Time}])`` reports a
process that ran longer than ``Time`` without being scheduled out.  beampy
cannot preempt such a process, but it can notice and say so, even when the
step never ends (a process stuck in a blocking call or an endless loop).

The scheduler pays nothing per step for this: one daemon thread looks at each
busy runtime's thread every millisecond through ``sys._current_frames()``.
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
runs or a hosted step runs, and the thread sleeps without a timeout while no
runtime is busy.
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

_INTERVAL: Final = 0.001  # seconds between looks (the GIL may delay a look)

_lock = threading.Lock()
_watches: set[Watch] = set()
_wakeup = threading.Event()  # set while some watch is busy (or to stop the thread)
#: set while the thread is blocked with no timeout because no runtime is busy
#: (an idle runtime wakes nothing up; the tests wait on this to show it)
asleep = threading.Event()
_thread: threading.Thread | None = None


class Watch:
    """The watchdog's view of one runtime."""

    __slots__ = ("_busy", "_seen_at", "_seen_frame", "rt", "thread", "threshold")

    def __init__(self, rt: Kernel, threshold: float) -> None:
        self.rt = rt
        self.thread = threading.get_ident()
        self.threshold = threshold
        self._busy = 0
        self._seen_frame: types.FrameType | None = None
        self._seen_at = 0.0
        global _thread
        with _lock:
            _watches.add(self)
            if _thread is None:
                _thread = threading.Thread(target=_look, name="beampy-long-schedule", daemon=True)
                _thread.start()

    def busy(self) -> None:
        """The runtime's thread starts running steps."""
        self._busy += 1
        if not _wakeup.is_set():
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
        frame = _running_step(frames.get(self.thread), self.rt)
        seconds = self.observe(frame, clock())
        if seconds is not None and frame is not None:
            p = frame.f_locals.get("p")
            if p is not None and not p.long_reported:
                self.rt.report_long(p, seconds, True)


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
    me = threading.current_thread()
    while True:
        if not _wakeup.is_set():
            asleep.set()
        _wakeup.wait()
        asleep.clear()
        with _lock:
            if _thread is not me:
                return
            watches = [w for w in _watches if w._busy]
            if not watches:
                _wakeup.clear()
                # a busy() that ran before the clear saw the event still set
                if any(w._busy for w in _watches):
                    _wakeup.set()
                continue
        time.sleep(_INTERVAL)
        frames = sys._current_frames()
        for w in watches:
            try:
                w.look(frames)
            except Exception as e:  # never let the watchdog die silently
                sys.stderr.write(f"beampy: long_schedule watchdog failed: {e!r}\n")
        del frames
