"""The process record and its mailbox.

A process is a Python coroutine plus this record.  The mailbox is a list with a
head index rather than a deque so that a message's absolute sequence number
(``mbase + index``) is known in O(1): selective receive marks, tombstones left
by messages taken from the middle, and compaction all rely on it.

Compaction (dropping consumed slots at the head, or tombstones in the middle)
keeps the sequence number of the *end* of the queue fixed, so every message
only ever moves to a higher sequence number: a receive mark taken earlier stays
a safe place to start scanning.
"""

from __future__ import annotations

import contextvars
import types
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Final, cast

from ._terms import Pid

if TYPE_CHECKING:
    from ._runtime import Carrier, Kernel
    from ._terms import Ref
    from ._timers import Timer

#: The reductions a process may use before it goes to the back of the run queue.
#: A process's budget is spent by beampy operations and refilled when it runs out
#: (it then yields once), so the bookkeeping costs nothing per scheduling step.
CONTEXT_REDS: Final = 2000

# The states of a process: `Proc.state` holds exactly one of them.  The
# transitions are made in one place each (docs/design.md draws the machine):
#
#   spawn -> RUNNABLE -> RUNNING                  the scheduler or its host steps it
#   RUNNING -> WAITING     receive/sleep/hibernate found nothing (`wait` says what ends it)
#   RUNNING -> RUNNABLE    yield_, budget spent, or hibernate switched to its continuation
#   RUNNING -> IN_TRIO     it awaited a trio operation (hosted: its carrier waits in trio)
#   WAITING -> RUNNABLE    Kernel.wake: a message, its timer, an exit signal, trio's cancel
#   IN_TRIO -> RUNNING     trio resumed it on its host
#   RUNNING -> DEAD        its coroutine returned or raised (Kernel.ended)
#
# Invariants (checked at every transition when CHECK_INVARIANTS is on):
# * `wait is not None` exactly when WAITING; `wait_timer` only when WAITING;
# * RUNNING: the only process whose step runs on its runtime's thread;
# * a light (`host is None`) RUNNABLE process is on exactly one run queue;
# * `fast` == (normal priority and light);
# * `exit_reason` is ALIVE, or the reason of the exit signal that killed it: a
#   killed process is never WAITING, and `throw` holds its ExitSignal until
#   its next step;
# * DEAD: unreachable from its pid, the registry, timers, links and monitors.
RUNNABLE: Final = 0
RUNNING: Final = 1
WAITING: Final = 2
IN_TRIO: Final = 3
DEAD: Final = 4
STATE_NAMES: Final = ("RUNNABLE", "RUNNING", "WAITING", "IN_TRIO", "DEAD")

PRIORITIES: Final = ("low", "normal", "high", "max")


class _Tomb:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<taken>"


#: What a message taken from the middle of the queue leaves behind.
TOMB: Final = _Tomb()


class _Alive:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<alive>"


#: `Proc.exit_reason` of a process that is not exiting.
ALIVE: Final = _Alive()


#: The mailbox of a process that has never had a message queued: one shared
#: empty tuple instead of a list per process, which saves memory and, above all,
#: a garbage-collected object per idle process.  Every append site tests for it
#: and makes the list then (an identity test: catching the AttributeError instead
#: costs nothing per later message but about 4,000 machine instructions for the
#: first, a formatted error message, which a short-lived process pays every time).
NO_MESSAGES: Final[list[Any]] = cast("list[Any]", ())


def _no_body(_coro: Any, _value: Any) -> Any:
    raise AssertionError("a trio-side mailbox has no coroutine to step")


_CoroutineType: Final = types.CoroutineType
#: a native coroutine's send, unbound: a step makes no bound method
_CORO_SEND: Final = types.CoroutineType.send


def _send_attr(coro: Any, value: Any) -> Any:
    """Any other Coroutine (a subclass, a registered proxy): its ``send`` as trio would find it."""
    return coro.send(value)


def resume_of(coro: Any) -> Callable[[Any, Any], Any]:
    """What a step calls as ``resume_coro(coro, value)`` for ``coro``."""
    if type(coro) is _CoroutineType:
        return _CORO_SEND
    return _no_body if coro is None else _send_attr


class Proc:
    """The record of one process (private; user code sees its :class:`Pid`)."""

    __slots__ = (
        "aliases",
        "coro",
        "ctx",
        "dictionary",
        "exit_reason",
        "exit_waiters",
        "fast",
        "host",
        "initial_call",
        "links",
        "long_reported",
        "mbase",
        "mh",
        "monitored_by",
        "monitors",
        "mq",
        "mtomb",
        "name",
        "parent",
        "pid",
        "prio",
        "reds",
        "reds_total",
        "resume_coro",
        "result",
        "resume",
        "rt",
        "state",
        "throw",
        "timers",
        "trap_exit",
        "wait",
        "wait_timer",
    )

    def __init__(
        self,
        rt: Kernel,
        n: int,
        coro: Coroutine[Any, Any, Any] | None,
        ctx: contextvars.Context,
        prio: int,
        parent: Pid | None,
        initial_call: Any,
    ) -> None:
        self.pid = Pid(n, self)
        self.rt = rt
        self.coro: Coroutine[Any, Any, Any] = coro  # type: ignore[assignment]  # None: a mailbox
        self.ctx = ctx
        # each step is Context.run(ctx, resume_coro, coro, value): the coroutine
        # type's own send, unbound, so that a process makes no bound method
        self.resume_coro: Callable[[Any, Any], Any] = (
            _CORO_SEND if type(coro) is _CoroutineType else resume_of(coro)
        )
        self.state = RUNNABLE
        self.resume: Any = None
        self.throw: BaseException | None = None
        self.reds = CONTEXT_REDS
        self.reds_total = 0
        self.prio = prio
        # light and of normal priority: a sender may make it runnable inline
        # (kept in step with `prio` and `host`)
        self.fast = prio == 1
        self.mq = NO_MESSAGES
        self.mh = 0
        self.mbase = 0
        self.mtomb = 0
        self.wait: Any = None
        self.wait_timer: Timer | None = None
        self.trap_exit = False
        self.exit_reason: Any = ALIVE
        #: the linked processes, in the order the links were made (a dict used as an
        #: ordered set: exit signals go out in that order, whatever the processes' hashes)
        self.links: dict[Proc, None] | None = None
        # keyed by the reference's number (a C-level hash; Ref.__hash__ is Python):
        # monitors: ref number -> (target, monitored object, ref); monitored_by:
        # ref number -> watcher; aliases: ref number -> the active alias ref
        self.monitors: dict[int, tuple[Proc | None, Any, Ref]] | None = None
        self.monitored_by: dict[int, Proc] | None = None
        self.name: str | None = None
        self.dictionary: dict[Any, Any] | None = None
        self.aliases: dict[int, Ref] | None = None
        self.timers: set[Timer] | None = None
        self.host: Carrier | None = None
        self.parent = parent
        self.initial_call = initial_call
        self.long_reported = False
        self.result: Any = None
        self.exit_waiters: list[Any] | None = None

    def __repr__(self) -> str:
        return f"<Proc {self.pid!r} {STATE_NAMES[self.state]} wait={self.wait!r}>"

    # -- mailbox -----------------------------------------------------------

    def queue_len(self) -> int:
        return len(self.mq) - self.mh - self.mtomb

    def mark(self) -> int:
        """The sequence number the next appended message will get."""
        return self.mbase + len(self.mq)

    def pop_first(self) -> Any:
        """Removes and returns the oldest message (the queue must not be empty)."""
        mq = self.mq
        h = self.mh
        msg = mq[h]
        while msg is TOMB:
            h += 1
            self.mtomb -= 1
            msg = mq[h]
        self._take_head(h)
        return msg

    def _take_head(self, h: int) -> None:
        self.mq[h] = None
        self.settle_head(h + 1)

    def settle_head(self, h: int) -> None:
        """Makes ``h`` the head index after the message before it was taken."""
        mq = self.mq
        # skip tombstones right behind the head so the head is always live
        n = len(mq)
        while h < n and mq[h] is TOMB:
            mq[h] = None
            h += 1
            self.mtomb -= 1
        if h == n:
            self.mbase += n
            mq.clear()
            self.mh = 0
        elif h > 512 and h + h > n:
            del mq[:h]
            self.mbase += h
            self.mh = 0
        else:
            self.mh = h

    def take_at(self, i: int) -> Any:
        """Removes and returns the message at list index ``i``."""
        mq = self.mq
        msg = mq[i]
        h = self.mh
        if i == h:  # settle_head inlined for its common cases: the head is taken
            mq[h] = None
            h += 1
            n = len(mq)
            if h == n:
                self.mbase += n
                mq.clear()
                self.mh = 0
            elif mq[h] is TOMB or (h > 512 and h + h > n):
                self.settle_head(h)
            else:
                self.mh = h
            return msg
        mq[i] = TOMB
        self.mtomb += 1
        if self.mtomb > 512 and self.mtomb * 2 > len(mq) - self.mh:
            self.compact()
        return msg

    def compact(self) -> None:
        mq = self.mq
        live = [m for m in mq[self.mh :] if m is not TOMB]
        end = self.mbase + len(mq)
        self.mq = live
        self.mh = 0
        self.mtomb = 0
        self.mbase = end - len(live)

    def find(self, matcher: Any, mark: int) -> int:
        """List index of the oldest message at sequence >= mark matching, or -1."""
        mq = self.mq
        start = mark - self.mbase
        if start < self.mh:
            start = self.mh
        for i in range(start, len(mq)):
            m = mq[i]
            if m is not TOMB and matcher(m):
                return i
        return -1

    def messages(self) -> list[Any]:
        return [m for m in self.mq[self.mh :] if m is not TOMB]

    def push(self, msg: Any) -> None:
        """Appends ``msg`` to the mailbox."""
        mq = self.mq
        if mq is not NO_MESSAGES:
            mq.append(msg)
        else:  # the shared NO_MESSAGES: this is the first one
            self.mq = [msg]

    def clear_mailbox(self) -> None:
        self.mbase += len(self.mq)
        self.mq = NO_MESSAGES
        self.mh = 0
        self.mtomb = 0
