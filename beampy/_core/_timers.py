"""Timers: receive timeouts, sleeps and ``send_after``, in one heap.

Every deadline lives in one binary heap of ``(deadline, sequence, timer)``
read with trio's clock, so under ``trio.testing.MockClock(autojump_threshold=0)``
beampy's time jumps with trio's and tests with timeouts run instantly and
deterministically.  Timers fire in ``(deadline, sequence)`` order: ties in
creation order.

Most timers never fire: a call's 5 s timeout is cancelled by its reply a few
microseconds later.  So cancelling is O(1): the timer is marked dead and stays
in the heap until it reaches the top (or until dead entries outnumber live ones
and the heap is rebuilt without them), and adding is one C-level heap push.
(A ``SortedDict`` cost about 2 µs per added-then-cancelled timer, most of a
call.)

A receive or sleep of a process the scheduler is stepping does not read the
clock at all: its timer is *pending* (:meth:`Timers.add_pending`) and gets its
deadline from the clock the scheduler reads next (:meth:`Timers.arm`, before it
fires timers, parks, or hands control to trio, and every 16 steps).  That
reading is no earlier than the receive, so the deadline is never earlier than
``receive time + timeout``: a timeout never fires early, only as late as timers
fire anyway (at those same points).  Most pending timers are cancelled by their
reply before that and never touch the clock nor the heap.
"""

from __future__ import annotations

import heapq
import itertools
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._process import Proc
    from ._terms import Ref

# What a timer does when it fires.
WAKE = 0  # end a receive/sleep wait of `proc` with a timeout
SEND = 1  # send `msg` to `dest` (send_after)

#: Dead entries the heap may hold beyond twice its live ones before it is rebuilt.
_SLACK: Final = 1024

_push: Final = heapq.heappush
_pop: Final = heapq.heappop


class Timer:
    """One deadline; ``live`` until it fires or is cancelled.

    ``key`` is ``(deadline, sequence)``; while the timer is pending (not yet
    armed) it is ``(delay, sequence)``.
    """

    __slots__ = ("dest", "key", "kind", "live", "msg", "proc", "ref")

    def __init__(
        self, key: tuple[float, int], kind: int, proc: Proc | None, dest: Any, msg: Any
    ) -> None:
        self.key = key
        self.kind = kind
        self.proc = proc
        self.dest = dest
        self.msg = msg
        self.ref: Ref | None = None
        self.live = True


class Timers:
    """The runtime's timer structure."""

    __slots__ = ("_heap", "_live", "_seq", "pending")

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Timer]] = []
        self._live = 0
        self._seq = itertools.count()
        #: timers waiting for their deadline (:meth:`add_pending`), oldest first
        self.pending: list[Timer] = []

    def __len__(self) -> int:
        """How many timers are pending (neither fired nor cancelled)."""
        return self._live

    def add(self, deadline: float, kind: int, proc: Proc | None, dest: Any, msg: Any) -> Timer:
        seq = next(self._seq)
        timer = Timer((deadline, seq), kind, proc, dest, msg)
        _push(self._heap, (deadline, seq, timer))
        self._live += 1
        return timer

    def add_pending(self, delay: float, kind: int, proc: Proc | None) -> Timer:
        """A timer due ``delay`` seconds after the clock reading :meth:`arm` is given."""
        timer = Timer((delay, next(self._seq)), kind, proc, None, None)
        self.pending.append(timer)
        self._live += 1
        return timer

    def arm(self, now: float) -> None:
        """Gives each pending timer its deadline: ``now`` (read after it was added) + its delay."""
        heap = self._heap
        for timer in self.pending:
            if timer.live:
                delay, seq = timer.key
                deadline = now + delay
                timer.key = (deadline, seq)
                _push(heap, (deadline, seq, timer))
        self.pending.clear()

    def cancel(self, timer: Timer) -> bool:
        """Removes ``timer``; False if it already fired or was cancelled."""
        if not timer.live:
            return False
        timer.live = False
        live = self._live = self._live - 1
        heap = self._heap
        if len(heap) > live + live + _SLACK:
            # rebuilt when dead entries pile up: amortised O(1) per cancel
            heap[:] = [e for e in heap if e[2].live]
            heapq.heapify(heap)
        return True

    def active(self, timer: Timer) -> bool:
        return timer.live

    def next_deadline(self) -> float | None:
        """The earliest deadline (pending timers must have been armed)."""
        heap = self._heap
        while heap and not heap[0][2].live:
            _pop(heap)
        return heap[0][0] if heap else None

    def pop_due(self, now: float, limit: int) -> list[Timer]:
        """Removes and returns the armed timers whose deadline is ``<= now``, earliest first.

        At most ``limit`` of them: the rest stay for the next call, so that a
        burst of timers due at once is fired in batches.
        """
        heap = self._heap
        due: list[Timer] = []
        while heap and len(due) < limit:
            deadline, _, timer = heap[0]
            if not timer.live:
                _pop(heap)
                continue
            if deadline > now:
                break
            _pop(heap)
            timer.live = False
            due.append(timer)
        self._live -= len(due)
        return due

    def clear(self) -> None:
        for _, _, timer in self._heap:
            timer.live = False
        for timer in self.pending:
            timer.live = False
        self.pending.clear()
        self._heap.clear()
        self._live = 0
