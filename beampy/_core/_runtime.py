"""The runtime: beampy's scheduler, its carriers, and every rule between processes.

How it works (docs/design.md tells the whole story):

* A process is a coroutine plus a :class:`~._process.Proc` record.  Light
  processes are driven by one trio task, the *scheduler carrier*, which pops
  them off the run queue and steps them with ``coro.send``.  beampy's blocking
  operations (receive, sleep, yield) are *traps*: sentinels the coroutine
  yields to whoever drives it.  A process leaves the CPU only at a trap.
* When a process awaits a trio operation instead (its coroutine yields one of
  trio's own traps, or it leaves a trio cancel scope open across a beampy
  trap), the carrier that was running it becomes its *host*: from then on it
  drives only that process, forwarding trio's traps to trio and parking in
  trio for beampy's traps.  Another carrier (from a pool of idle ones, or a
  new trio task) takes over the run queue.  This is what Go's scheduler does
  around a blocking system call.
* Signals are applied when they are sent: a message is appended to the
  receiver's mailbox (or handed straight to it if it waits for exactly that),
  an exit signal marks the receiver as exiting and throws
  :class:`~beampy.ExitSignal` into it at its trap.  Everything runs on one
  thread, so this keeps the BEAM's per-pair ordering for free.
* When a process ends, its links, monitors, aliases, timers and name are
  settled in one place: :meth:`Runtime._terminate`.
"""

from __future__ import annotations

import collections.abc
import contextlib
import contextvars
import functools
import inspect
import math
import random
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Final

import structlog
import trio

from ._exceptions import Exit, ExitSignal, NotInProcessError
from ._messages import DownMessage, ExitMessage
from ._patterns import match_all, match_all_timed
from ._process import (
    ALIVE,
    DEAD,
    HOSTED_IO,
    PRIORITIES,
    RUNNABLE,
    RUNNING,
    Proc,
)
from ._terms import NODE, Pid, Ref, new_pid_number
from ._timers import WAKE, Timer, Timers

_log = structlog.get_logger("beampy")

# -- traps: what a process coroutine yields to its driver ---------------------


class _Sentinel:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


WAIT: Final = _Sentinel("WAIT")  # the process waits (receive/sleep); its record says for what
YIELD: Final = _Sentinel("YIELD")  # the process may continue but goes to the back of the queue
TIMEOUT: Final = _Sentinel("TIMEOUT")  # resume value: the wait timed out
NEVER: Final = _Sentinel("NEVER")  # wait matcher of sleep: no message ends it
# `Proc.wait` of an exiting process: messages to it are dropped.  Keeping this in
# `wait` lets `send` test "alive and not waiting" with a single `wait is None`.
EXITING: Final = _Sentinel("EXITING")
_DONE: Final = _Sentinel("DONE")  # internal: the step ended the process
_START: Final = _Sentinel("START")  # internal: a hosted process not yet started

_PRIO_INDEX: Final = {name: i for i, name in enumerate(PRIORITIES)}
_NORMAL: Final = 1
_LOW_SKIPS: Final = 8  # a low-priority process runs once per 8 normal ones, as on the BEAM
_CHECKPOINT_INTERVAL: Final = 0.0005  # seconds of real time between hand-backs to trio
_IDLE_CARRIERS: Final = 32
_SEEDED: Final = 1 << 62


class _Current:
    __slots__ = ("look_before", "proc", "sampled")

    def __init__(self) -> None:
        self.proc: Proc | None = None
        # written by the long-schedule sampler thread (_sampler)
        self.sampled = False
        self.look_before = 0.0


#: The process whose step is running right now (None between steps).
current: Final = _Current()

#: The runtime that trio code inside ``open_runtime`` talks to.
runtime_var: contextvars.ContextVar[Runtime] = contextvars.ContextVar("beampy_runtime")

#: The sender of signals that come from trio code rather than a process.
ROOT_PID: Final = Pid(0, None)


class _Done(BaseException):
    """Ends the current process normally with a value (used by hibernate)."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


def _emit(level: str, event: str, **kw: Any) -> None:
    """Emits a structlog event; a failing log sink must never take the scheduler down."""
    try:
        getattr(_log, level)(event, **kw)
    except Exception as e:
        with contextlib.suppress(Exception):
            sys.stderr.write(f"beampy: could not log {event} {kw!r}: {e!r}\n")


@types.coroutine
def _trio_yield(msg: Any) -> Any:
    return (yield msg)


def is_normal(reason: Any) -> bool:
    return type(reason) is str and reason == "normal"


def is_quiet(reason: Any) -> bool:
    """True for the exit reasons that are never reported: normal, shutdown, {shutdown, _}."""
    if type(reason) is str:
        return reason == "normal" or reason == "shutdown"
    return type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"


def check_timeout(timeout: Any, what: str) -> float:
    if type(timeout) is float or type(timeout) is int:
        if timeout >= 0:
            return float(timeout)
        if timeout != timeout:
            raise ValueError(f"{what} must be a number of seconds >= 0 or math.inf; got nan")
        raise ValueError(f"{what} must be a number of seconds >= 0 or math.inf; got {timeout!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"{what} must be a number of seconds (int or float, math.inf for no limit); "
            f"got {timeout!r} ({type(timeout).__name__})"
        )
    return check_timeout(float(timeout), what)


def _describe(fn: Any) -> str:
    target = fn.func if isinstance(fn, functools.partial) else fn
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    if module and qualname:
        return f"{module}.{qualname}"
    return repr(fn)


_CO_COROUTINE: Final = inspect.CO_COROUTINE
_FunctionType: Final = types.FunctionType


def _make_coro(fn: Any, args: tuple[Any, ...], what: str) -> Coroutine[Any, Any, Any]:
    if type(fn) is _FunctionType and fn.__code__.co_flags & _CO_COROUTINE:
        return fn(*args)  # type: ignore[no-any-return]  # the common case: an async def
    if not callable(fn):
        raise TypeError(
            f"{what}() expects an async function (async def) to run as the process body; "
            f"got {fn!r} ({type(fn).__name__}), which is not callable"
        )
    target = fn
    while isinstance(target, functools.partial):
        target = target.func
    if inspect.isasyncgenfunction(target):
        raise TypeError(
            f"{what}() expects an async function (async def) to run as the process body; "
            f"{_describe(fn)} is an async generator function (it contains `yield`), "
            "not a coroutine function"
        )
    if not inspect.iscoroutinefunction(target) and (
        inspect.isfunction(target) or inspect.ismethod(target) or inspect.isbuiltin(target)
    ):
        raise TypeError(
            f"{what}() expects an async function (async def) to run as the process body; "
            f"{_describe(fn)} is a regular function. Define it with `async def` "
            "(a process needs to await receive())"
        )
    coro = fn(*args)
    if not isinstance(coro, collections.abc.Coroutine):
        if inspect.isgenerator(coro):
            coro.close()
        raise TypeError(
            f"{what}() expects an async function (async def) to run as the process body; "
            f"calling {_describe(fn)} returned {coro!r}, not a coroutine"
        )
    return coro


def _innermost_frame(coro: Any) -> types.FrameType | None:
    frame = None
    while coro is not None:
        f = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if f is not None and not f.f_globals.get("__name__", "").startswith("beampy._core"):
            frame = f
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return frame


class Carrier:
    """A trio task that runs the run queue or hosts one process."""

    __slots__ = ("proc", "role", "scope", "task")

    def __init__(self) -> None:
        self.task: trio.lowlevel.Task | None = None
        self.scope: trio.CancelScope | None = None
        self.role: Any = None
        self.proc: Proc | None = None


@dataclass(frozen=True)
class RuntimeStatistics:
    """A snapshot of a runtime, from :meth:`Runtime.statistics`."""

    #: live processes
    processes: int
    #: processes on the run queues
    runnable: int
    #: processes hosted by their own carrier
    hosted: int
    #: trio tasks carrying beampy work (the scheduler, hosts, idle ones)
    carriers: int
    #: carriers parked in the pool
    idle_carriers: int
    #: pending timers (receive timeouts, sleeps, send_after)
    timers: int
    #: registered names
    registered: int
    #: processes spawned since the runtime started
    spawned: int
    #: coroutine steps run by the scheduler carriers and hosts
    steps: int
    #: times a process was handed off to a host carrier
    handoffs: int
    #: times the busy scheduler handed control back to trio
    trio_checkpoints: int


class Runtime:
    """A beampy runtime: processes, their scheduler and carriers, names and timers.

    Create one with :func:`beampy.open_runtime` (or :func:`beampy.run`); never
    directly.  Its methods let trio code outside any process spawn processes,
    send to them and wait for their exit.
    """

    def __init__(
        self,
        nursery: trio.Nursery,
        *,
        seed: int | None,
        long_schedule: float,
    ) -> None:
        self._nursery = nursery
        self._runq: deque[Proc] = deque()
        self._runq_max: deque[Proc] = deque()
        self._runq_high: deque[Proc] = deque()
        self._runq_low: deque[Proc] = deque()
        # processes queued in max/high/low; seeded mode adds a huge constant so
        # that one test (`if self._special`) sends every pick down the slow path
        self._special = _SEEDED if seed is not None else 0
        self._low_skips = 0
        self._rng = random.Random(seed) if seed is not None else None
        self._procs: dict[int, Proc] = {}
        self._registry: dict[str, Proc] = {}
        self._timers = Timers()
        self._sched_task: trio.lowlevel.Task | None = None
        self._sched_parked = False
        self._idle: list[Carrier] = []
        self._ncarriers = 0
        self._closing = False  # shutting down: new processes are killed at once
        self._closed = False  # shut down: spawn is refused
        self._broken = False
        self._all_exited: trio.Event | None = None
        self.long_schedule = long_schedule
        self._spawned = 0
        self._steps = 0
        self._handoffs = 0
        self._checkpoints = 0
        self._hosted = 0

    # == spawning =============================================================

    def spawn(
        self,
        fn: Callable[..., Coroutine[Any, Any, Any]],
        *args: Any,
        priority: str = "normal",
        hosted: bool = False,
    ) -> Pid:
        """Spawns a process from trio code (see :func:`beampy.spawn`)."""
        return self.spawn_proc(fn, args, priority, hosted, None, "spawn").pid

    def spawn_proc(
        self,
        fn: Any,
        args: tuple[Any, ...],
        priority: str,
        hosted: bool,
        parent: Proc | None,
        what: str,
    ) -> Proc:
        prio = _PRIO_INDEX.get(priority) if type(priority) is str else None
        if prio is None:
            raise ValueError(
                f"{what}(): priority must be one of 'low', 'normal', 'high', 'max'; "
                f"got {priority!r}"
            )
        if type(hosted) is not bool:
            raise TypeError(f"{what}(): hosted must be True or False; got {hosted!r}")
        if self._closed:
            raise RuntimeError(
                f"{what}(): this runtime is closed (its open_runtime block has ended); "
                "it cannot run new processes"
            )
        coro = _make_coro(fn, args, what)
        n = new_pid_number()
        p = Proc(
            self,
            n,
            coro,
            contextvars.copy_context(),
            prio,
            parent.pid if parent is not None else None,
            fn,
        )
        self._procs[n] = p
        self._spawned += 1
        if self._closing:
            p.exit_reason = "killed"
            p.wait = EXITING
            p.throw = ExitSignal("killed")
        if hosted:
            self._start_host(p)
        else:
            self._enqueue(p)
        return p

    # == the run queue ========================================================

    def _enqueue(self, p: Proc) -> None:
        p.state = RUNNABLE
        prio = p.prio
        if prio == _NORMAL:
            self._runq.append(p)
        else:
            (self._runq_low, self._runq, self._runq_high, self._runq_max)[prio].append(p)
            self._special += 1
        if self._sched_parked:
            self._wake_scheduler()

    def _pick_slow(self) -> Proc | None:
        rng = self._rng
        for q in (self._runq_max, self._runq_high):
            if q:
                self._special -= 1
                return self._take(q, rng)
        low = self._runq_low
        if low and (not self._runq or self._low_skips >= _LOW_SKIPS):
            self._low_skips = 0
            self._special -= 1
            return self._take(low, rng)
        if self._runq:
            if low:
                self._low_skips += 1
            return self._take(self._runq, rng)
        return None

    @staticmethod
    def _take(q: deque[Proc], rng: random.Random | None) -> Proc:
        if rng is None or len(q) == 1:
            return q.popleft()
        i = rng.randrange(len(q))
        p = q[i]
        del q[i]
        return p

    def wake(self, p: Proc) -> None:
        """Makes a waiting process runnable (its resume value/throw is already set)."""
        host = p.host
        if host is None:
            self._enqueue(p)
        else:
            p.state = RUNNABLE
            if p.host_parked:
                p.host_parked = False
                assert host.task is not None
                trio.lowlevel.reschedule(host.task)

    def _wake_scheduler(self) -> None:
        self._sched_parked = False
        assert self._sched_task is not None
        trio.lowlevel.reschedule(self._sched_task)

    def clear_wait(self, p: Proc) -> None:
        if p.wait is not EXITING:
            p.wait = None
        t = p.wait_timer
        if t is not None:
            p.wait_timer = None
            self._timers.cancel(t)

    # == carriers =============================================================

    async def carrier_main(self, carrier: Carrier, role: Any) -> None:
        carrier.task = trio.lowlevel.current_task()
        self._ncarriers += 1
        try:
            await self._carrier_loop(carrier, role)
        except BaseException:
            # an error escaped beampy itself (or KeyboardInterrupt): the runtime
            # is broken; do not let shutdown wait for processes nobody runs
            self._broken = True
            if self._all_exited is not None:
                self._all_exited.set()
            raise
        finally:
            self._ncarriers -= 1

    async def _carrier_loop(self, carrier: Carrier, role: Any) -> None:
        if True:
            while True:
                with trio.CancelScope() as scope:
                    carrier.scope = scope
                    if role is None:
                        p, trap = await self._run_queue(carrier)
                        self._handoffs += 1
                        self._start_scheduler()
                    else:
                        p, trap = role, _START
                    await self._host(carrier, p, trap)
                if len(self._idle) >= _IDLE_CARRIERS:
                    return
                role = await self._park_idle(carrier)

    def _start_scheduler(self) -> None:
        self._sched_task = None
        if self._idle:
            c = self._idle.pop()
            c.role = None
            assert c.task is not None
            trio.lowlevel.reschedule(c.task)
        else:
            self._nursery.start_soon(self.carrier_main, Carrier(), None)

    def _start_host(self, p: Proc) -> None:
        if self._idle:
            c = self._idle.pop()
            p.host = c
            p.fast = False
            c.role = p
            assert c.task is not None
            trio.lowlevel.reschedule(c.task)
        else:
            c = Carrier()
            p.host = c
            p.fast = False
            self._nursery.start_soon(self.carrier_main, c, p)

    async def _park_idle(self, carrier: Carrier) -> Any:
        self._idle.append(carrier)

        def abort(_: Any) -> trio.lowlevel.Abort:
            if carrier in self._idle:
                self._idle.remove(carrier)
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)
        return carrier.role

    # == the scheduler loop ===================================================

    async def _run_queue(self, carrier: Carrier) -> tuple[Proc, Any]:
        """Runs light processes until one must be handed off to a host.

        Returns that process and the trap it stopped at.
        """
        task = carrier.task
        assert task is not None
        self._sched_task = task
        base_status = task._cancel_status
        runq = self._runq
        cur = current
        perf = time.perf_counter
        long_schedule = self.long_schedule
        # `clock` is the latest reading: every 16 steps, after a measured step, after a park
        last_checkpoint = clock = perf()
        steps = 0
        try:
            while True:
                if self._special:
                    p = self._pick_slow()
                elif runq:
                    p = runq.popleft()
                else:
                    p = None
                if p is None:
                    if self._fire_timers():
                        continue
                    self._steps += steps
                    steps = 0
                    await self._park_scheduler()
                    last_checkpoint = clock = perf()
                    continue
                # -- one step of p (the host's step in _host is the same; it is
                #    written out here because a call per message costs ~5%) --
                steps += 1
                cur.proc = p
                exc = p.throw
                try:
                    if exc is None:
                        v = p.resume
                        p.resume = None
                        trap = p.run(p.send, v)
                    else:
                        p.throw = None
                        trap = p.run(p.coro.throw, exc)
                except StopIteration as e:
                    cur.proc = None
                    self._ended(p, None, e.value)
                    trap = _DONE
                except BaseException as e:
                    cur.proc = None
                    self._ended(p, e, None)
                    if isinstance(e, (KeyboardInterrupt, SystemExit)):
                        raise
                    trap = _DONE
                else:
                    cur.proc = None
                if cur.sampled:  # the sampler saw this step running: measure it
                    now = perf()
                    start = cur.look_before
                    if start < clock:
                        start = clock
                    if now - start > long_schedule:
                        self._report_long(p, now - start)
                    cur.sampled = False
                    clock = now
                if trap is WAIT or trap is YIELD:
                    if task._cancel_status is not base_status:
                        return p, trap  # p left a trio cancel scope open: host it
                    if trap is YIELD:
                        self._enqueue(p)
                elif trap is not _DONE:
                    return p, trap  # a trio trap: this carrier becomes p's host
                if not steps & 15:  # every 16 steps, read the clock
                    clock = perf()
                    if clock - last_checkpoint > _CHECKPOINT_INTERVAL:
                        self._fire_timers()
                        self._checkpoints += 1
                        await trio.lowlevel.cancel_shielded_checkpoint()
                        last_checkpoint = clock = perf()
        finally:
            self._steps += steps
            if self._sched_task is task:
                self._sched_task = None

    async def _park_scheduler(self) -> None:
        deadline = self._timers.next_deadline()
        self._sched_parked = True

        def abort(_: Any) -> trio.lowlevel.Abort:
            self._sched_parked = False
            return trio.lowlevel.Abort.SUCCEEDED

        try:
            with trio.CancelScope(deadline=math.inf if deadline is None else deadline):
                await trio.lowlevel.wait_task_rescheduled(abort)
        finally:
            self._sched_parked = False

    def _report_long(self, p: Proc, seconds: float) -> None:
        if p.long_reported:
            return
        p.long_reported = True
        frame = _innermost_frame(p.coro)
        where = (
            f"{frame.f_globals.get('__name__')}.{frame.f_code.co_qualname}:{frame.f_lineno}"
            if frame is not None
            else _describe(p.initial_call)
        )
        _emit(
            "warning",
            "long_schedule",
            pid=repr(p.pid),
            registered_name=p.name,
            seconds=round(seconds, 6),
            threshold=self.long_schedule,
            current_function=where,
            initial_call=_describe(p.initial_call),
        )

    # == hosts ================================================================

    async def _host(self, carrier: Carrier, p: Proc, trap: Any) -> None:
        """Drives ``p`` on this carrier until it ends."""
        p.host = carrier
        p.fast = False
        carrier.proc = p
        self._hosted += 1
        cur = current
        try:
            while True:
                if trap is WAIT:
                    if p.wait is not None:  # nothing woke it since it trapped
                        p.host_parked = True

                        def abort(_: Any) -> trio.lowlevel.Abort:
                            p.host_parked = False
                            return trio.lowlevel.Abort.SUCCEEDED

                        try:
                            await trio.lowlevel.wait_task_rescheduled(abort)
                        except BaseException as e:  # trio cancelled the wait
                            p.host_parked = False
                            self.clear_wait(p)
                            p.resume = None
                            if p.throw is None:
                                p.throw = e
                elif trap is YIELD:
                    p.state = RUNNABLE  # an exit signal now sets p.throw
                    await trio.lowlevel.cancel_shielded_checkpoint()
                elif trap is not _START:
                    if p.exit_reason is not ALIVE:
                        # it swallowed its ExitSignal and went on into trio: the
                        # trio operation is its next trap, so cancel it there
                        assert carrier.scope is not None
                        carrier.scope.cancel()
                    p.state = HOSTED_IO
                    try:
                        p.resume = await _trio_yield(trap)
                    except BaseException as e:
                        p.throw = e
                # -- one step (as in _run_queue; keep the two in step) --
                self._steps += 1
                cur.proc = p
                p.state = RUNNING
                exc = p.throw
                start = time.perf_counter()
                try:
                    if exc is None:
                        v = p.resume
                        p.resume = None
                        trap = p.run(p.send, v)
                    else:
                        p.throw = None
                        trap = p.run(p.coro.throw, exc)
                except StopIteration as e:
                    cur.proc = None
                    self._ended(p, None, e.value)
                    return
                except BaseException as e:
                    cur.proc = None
                    self._ended(p, e, None)
                    if isinstance(e, (KeyboardInterrupt, SystemExit)):
                        raise
                    return
                cur.proc = None
                cur.sampled = False  # a hosted step times itself
                spent = time.perf_counter() - start
                if spent > self.long_schedule:
                    self._report_long(p, spent)
                if trap is not WAIT and trap is not YIELD:
                    continue
        finally:
            carrier.proc = None
            self._hosted -= 1

    # == timers ===============================================================

    def add_timer(self, seconds: float, kind: int, p: Proc | None, dest: Any, msg: Any) -> Timer:
        timer = self._timers.add(trio.current_time() + seconds, kind, p, dest, msg)
        if self._sched_parked:
            self._wake_scheduler()
        return timer

    def _fire_timers(self) -> bool:
        timers = self._timers
        if not len(timers):
            return False
        due = timers.pop_due(trio.current_time())
        for t in due:
            if t.kind == WAKE:
                p = t.proc
                assert p is not None
                if p.wait_timer is t:
                    p.wait_timer = None
                    p.wait = None
                    p.resume = TIMEOUT
                    self.wake(p)
            else:
                ref = t.ref
                if ref is not None:
                    ref._timer = None
                dest = t.dest
                if type(dest) is Pid:
                    q = dest._proc
                    if q is not None:
                        if q.timers is not None:
                            q.timers.discard(t)
                        deliver(q, t.msg)
                else:
                    q = self._registry.get(dest)
                    if q is not None:
                        deliver(q, t.msg)
        return bool(due)

    # == exits ================================================================

    def _ended(self, p: Proc, exc: BaseException | None, value: Any) -> None:
        """Settles a process whose coroutine has finished (returned or raised)."""
        report = False
        if p.exit_reason is not ALIVE:
            reason = p.exit_reason  # killed by an exit signal; what it raised meanwhile is moot
        elif exc is None:
            reason = "normal"
            p.result = value
        elif type(exc) is _Done:
            reason = "normal"
            p.result = exc.value
        elif isinstance(exc, Exit):
            reason = exc.reason
            report = not is_quiet(reason)
        elif isinstance(exc, ExitSignal):
            reason = exc.reason
        else:
            reason = exc
            report = True
        if report:
            _emit(
                "error",
                "process_crashed",
                pid=repr(p.pid),
                registered_name=p.name,
                initial_call=_describe(p.initial_call),
                reason=reason,
                exc_info=exc,
            )
        self._terminate(p, reason)

    def _terminate(self, p: Proc, reason: Any) -> None:
        p.state = DEAD
        p.exit_reason = reason
        p.coro = None  # type: ignore[assignment]
        self._procs.pop(p.pid._n, None)
        if p.name is not None:
            self._registry.pop(p.name, None)
        if p.wait_timer is not None:
            self._timers.cancel(p.wait_timer)
            p.wait_timer = None
        p.wait = None
        if p.timers:
            for t in p.timers:
                self._timers.cancel(t)
                if t.ref is not None:
                    t.ref._timer = None
            p.timers = None
        if p.aliases:
            for ref in p.aliases:
                ref._alias = None
            p.aliases = None
        pid = p.pid
        pid._proc = None
        p.clear_mailbox()
        p.dictionary = None
        # links first, then monitors: a linked, non-trapping watcher dies from
        # the link signal before it could see the DOWN (as on the BEAM)
        links = p.links
        if links:
            p.links = None
            for q in links:
                if q.links is not None:
                    q.links.discard(p)
                self.exit_signal(q, pid, reason, True)
        monitors = p.monitors
        if monitors:
            p.monitors = None
            for ref, (target, _obj) in monitors.items():
                if target is not None and target.monitored_by is not None:
                    target.monitored_by.pop(ref, None)
        watchers = p.monitored_by
        if watchers:
            p.monitored_by = None
            for ref, w in watchers.items():
                entry = w.monitors.pop(ref, None) if w.monitors is not None else None
                if entry is not None:
                    if ref._alias is w and ref._alias_mode != "explicit_unalias":
                        _deactivate_alias(w, ref)
                    deliver(w, DownMessage(ref, entry[1], reason))
        waiters = p.exit_waiters
        if waiters:
            p.exit_waiters = None
            for waiter in waiters:
                waiter(reason, p.result)
        if self._all_exited is not None and not self._procs:
            self._all_exited.set()

    def exit_signal(self, target: Proc, sender: Pid, reason: Any, link: bool) -> None:
        """Delivers an exit signal with the BEAM's rules."""
        if target.exit_reason is not ALIVE:
            return
        if not link and type(reason) is str and reason == "kill":
            self.kill(target, "killed")
        elif target.trap_exit:
            deliver(target, ExitMessage(sender, reason))
        elif is_normal(reason):
            if sender is target.pid:
                self.kill(target, "normal")
        else:
            self.kill(target, reason)

    def kill(self, target: Proc, reason: Any) -> None:
        """Makes ``target`` exit with ``reason`` as soon as it can be reached."""
        target.exit_reason = reason
        w = target.wait
        waiting = w is not None and w is not EXITING
        self.clear_wait(target)
        target.wait = EXITING
        if target is current.proc:
            raise ExitSignal(reason)
        state = target.state
        if waiting:
            target.resume = None
            target.throw = ExitSignal(reason)
            self.wake(target)
        elif state == RUNNABLE:
            target.resume = None
            target.throw = ExitSignal(reason)
        elif state == HOSTED_IO:
            host = target.host
            assert host is not None
            assert host.scope is not None
            host.scope.cancel()

    # == trio-side API ========================================================

    def send(self, dest: Any, msg: Any) -> Any:
        """Sends ``msg`` to ``dest`` from trio code (see :func:`beampy.send`)."""
        return send_to(self, dest, msg)

    async def wait_exit(self, pid: Pid) -> Any:
        """Waits until the process ``pid`` exits and returns its exit reason.

        Returns ``"noproc"`` at once if it is not alive.  Usable from trio code
        (it is a trio checkpoint) and from processes.
        """
        if type(pid) is not Pid:
            raise TypeError(f"wait_exit() expects a Pid; got {pid!r} ({type(pid).__name__})")
        reason, _ = await self.join(pid)
        return reason

    async def join(self, pid: Pid) -> tuple[Any, Any]:
        p = pid._proc
        if p is None or p.state == DEAD:
            await trio.lowlevel.checkpoint()
            return "noproc", None
        result: list[Any] = []
        event = trio.Event()

        def on_exit(reason: Any, value: Any) -> None:
            result.append((reason, value))
            event.set()

        if p.exit_waiters is None:
            p.exit_waiters = []
        p.exit_waiters.append(on_exit)
        try:
            await event.wait()
        finally:
            waiters: list[Any] | None = p.exit_waiters
            if waiters is not None and on_exit in waiters:
                waiters.remove(on_exit)
        reason, value = result[0]
        return reason, value

    def statistics(self) -> RuntimeStatistics:
        """A snapshot of this runtime's counters (trio's ``statistics()`` idiom)."""
        runnable = len(self._runq) + len(self._runq_max) + len(self._runq_high)
        return RuntimeStatistics(
            processes=len(self._procs),
            runnable=runnable + len(self._runq_low),
            hosted=self._hosted,
            carriers=self._ncarriers,
            idle_carriers=len(self._idle),
            timers=len(self._timers),
            registered=len(self._registry),
            spawned=self._spawned,
            steps=self._steps,
            handoffs=self._handoffs,
            trio_checkpoints=self._checkpoints,
        )

    def processes(self) -> list[Pid]:
        return [p.pid for p in self._procs.values() if p.exit_reason is ALIVE]

    # == shutdown =============================================================

    async def shutdown(self) -> None:
        """Kills every process still alive and waits until all have ended."""
        self._closing = True
        with trio.CancelScope(shield=True):
            while self._procs and not self._broken:
                for p in list(self._procs.values()):
                    if p.exit_reason is ALIVE:
                        self.kill(p, "killed")
                if self._procs:
                    self._all_exited = trio.Event()
                    await self._all_exited.wait()
                    self._all_exited = None
        self._closed = True
        self._timers.clear()
        self._nursery.cancel_scope.cancel()


# == operations on processes (used by the public API) ==========================


def deliver(p: Proc, msg: Any) -> None:
    """Puts ``msg`` in the mailbox of ``p``, or hands it over if ``p`` waits for it."""
    w = p.wait
    if w is None:
        try:
            p.mq.append(msg)
        except AttributeError:  # NO_MESSAGES: the first message makes the list
            p.mq = [msg]
        return
    if w is EXITING:
        return
    if w is not NEVER:
        if w is not match_all and w is not match_all_timed:
            try:
                hit = w(msg)
            except Exception as e:  # the receiver's pattern failed: it raises there
                p.push(msg)
                p.rt.clear_wait(p)
                p.throw = e
                p.rt.wake(p)
                return
            if not hit:
                p.push(msg)
                return
        p.wait = None
        t = p.wait_timer
        if t is not None:
            p.wait_timer = None
            p.rt._timers.cancel(t)
        p.resume = msg
        if p.fast:  # inline Runtime.wake for the common case
            rt = p.rt
            rt._runq.append(p)
            if rt._sched_parked:
                rt._wake_scheduler()
        else:
            p.rt.wake(p)
        return
    p.push(msg)


def _deactivate_alias(owner: Proc, ref: Ref) -> None:
    ref._alias = None
    if owner.aliases is not None:
        owner.aliases.discard(ref)


def send_to(rt: Runtime | None, dest: Any, msg: Any) -> Any:
    t = type(dest)
    if t is Pid:
        p = dest._proc
        if p is not None:
            deliver(p, msg)
        return msg
    if t is str:
        if rt is None:
            raise NotInProcessError(
                f"send() to the registered name {dest!r} needs a runtime: call it from a "
                "process or inside `async with beampy.open_runtime()`"
            )
        q = rt._registry.get(dest)
        if q is None:
            raise ValueError(
                f"send(): no process is registered under the name {dest!r} "
                "(sending to an unregistered name is an error, as on the BEAM)"
            )
        deliver(q, msg)
        return msg
    if t is Ref:
        owner = dest._alias
        if owner is not None:
            mode = dest._alias_mode
            if mode == "reply" or mode == "reply_demonitor":
                _deactivate_alias(owner, dest)
                if mode == "reply_demonitor" and owner.monitors is not None:
                    entry = owner.monitors.pop(dest, None)
                    if entry is not None and entry[0] is not None:
                        mb = entry[0].monitored_by
                        if mb is not None:
                            mb.pop(dest, None)
            deliver(owner, msg)
        return msg
    if t is tuple and len(dest) == 2 and type(dest[0]) is str and type(dest[1]) is str:
        # {Name, Node} never fails on the BEAM: an unknown name or an unreachable
        # node (beampy has no distribution yet) drops the message
        if dest[1] == NODE:
            if rt is None:
                rt = require_runtime("send")
            q = rt._registry.get(dest[0])
            if q is not None:
                deliver(q, msg)
        return msg
    raise TypeError(
        "send() destination must be a Pid, a registered name (str), an alias Ref or a "
        f"(name, node) tuple; got {dest!r} ({type(dest).__name__})"
    )


def require_proc(what: str) -> Proc:
    p = current.proc
    if p is None:
        raise NotInProcessError(
            f"beampy.{what}() must be called from inside a beampy process "
            "(it acts on the calling process); trio code can use the Runtime's methods"
        )
    return p


def require_runtime(what: str) -> Runtime:
    p = current.proc
    if p is not None:
        return p.rt
    rt = runtime_var.get(None)
    if rt is None:
        raise NotInProcessError(
            f"beampy.{what}() must be called from a beampy process or from trio code "
            "inside `async with beampy.open_runtime()`"
        )
    return rt


def status_name(p: Proc) -> str:
    if p.exit_reason is not ALIVE:
        return "exiting"
    if p is current.proc:
        return "running"
    if p.wait is not None or p.state == HOSTED_IO:
        return "waiting"
    return "runnable"  # a hosted step is running only while it is the current process


__all__ = [
    "NEVER",
    "ROOT_PID",
    "TIMEOUT",
    "WAIT",
    "YIELD",
    "Carrier",
    "Runtime",
    "RuntimeStatistics",
    "check_timeout",
    "current",
    "deliver",
    "is_normal",
    "is_quiet",
    "require_proc",
    "require_runtime",
    "runtime_var",
    "send_to",
    "status_name",
]
