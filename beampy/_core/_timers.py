"""Timers: receive timeouts, sleeps and ``send_after``, in one sorted structure.

Every deadline lives in one :class:`sortedcontainers.SortedDict` keyed by
``(deadline, sequence)`` and read with trio's clock, so under
``trio.testing.MockClock(autojump_threshold=0)`` beampy's time jumps with
trio's and tests with timeouts run instantly and deterministically.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from sortedcontainers import SortedDict

if TYPE_CHECKING:
    from ._process import Proc
    from ._terms import Ref

# What a timer does when it fires.
WAKE = 0  # end a receive/sleep wait of `proc` with a timeout
SEND = 1  # send `msg` to `dest` (send_after)


class Timer:
    __slots__ = ("dest", "key", "kind", "msg", "proc", "ref")

    def __init__(
        self, key: tuple[float, int], kind: int, proc: Proc | None, dest: Any, msg: Any
    ) -> None:
        self.key = key
        self.kind = kind
        self.proc = proc
        self.dest = dest
        self.msg = msg
        self.ref: Ref | None = None


class Timers:
    """The runtime's timer structure."""

    __slots__ = ("_seq", "_sd")

    def __init__(self) -> None:
        self._sd: SortedDict = SortedDict()
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._sd)

    def add(self, deadline: float, kind: int, proc: Proc | None, dest: Any, msg: Any) -> Timer:
        key = (deadline, next(self._seq))
        timer = Timer(key, kind, proc, dest, msg)
        self._sd[key] = timer
        return timer

    def cancel(self, timer: Timer) -> bool:
        """Removes ``timer``; False if it already fired or was cancelled."""
        return self._sd.pop(timer.key, None) is not None

    def active(self, timer: Timer) -> bool:
        return timer.key in self._sd

    def next_deadline(self) -> float | None:
        sd = self._sd
        if not sd:
            return None
        deadline: float = sd.peekitem(0)[0][0]
        return deadline

    def pop_due(self, now: float, limit: int) -> list[Timer]:
        """Removes and returns the timers whose deadline is ``<= now``, earliest first.

        At most ``limit`` of them: the rest stay for the next call, so that a
        burst of timers due at once is fired in batches.
        """
        sd = self._sd
        due: list[Timer] = []
        while sd and len(due) < limit:
            key, timer = sd.peekitem(0)
            if key[0] > now:
                break
            sd.popitem(0)
            due.append(timer)
        return due

    def clear(self) -> None:
        self._sd.clear()
