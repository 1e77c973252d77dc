"""The runtime: beampy's scheduler, its carriers, and every rule between processes.

How it works (docs/design.md tells the whole story):

* A process is a coroutine plus a :class:`~._process.Proc` record, whose
  ``state`` field is the one place that says where it is (the state machine is
  drawn in ``_process.py``).  Light processes are driven by one trio task, the
  *scheduler carrier*, which pops them off the run queue and steps them
  (:meth:`Kernel._step`, the one step function).  beampy's blocking operations
  (receive, sleep, yield) are *traps*: sentinels the coroutine yields to
  whoever drives it.  A process leaves the CPU only at a trap.
* When a process awaits a trio operation instead (its coroutine yields one of
  trio's own traps, or it leaves a trio cancel scope open across a beampy
  trap), the carrier that was running it becomes its *host*: it drives only
  that process, forwarding trio's traps to trio and parking in trio for
  beampy's traps.  Another carrier (from a pool of idle ones, or a new trio
  task) takes over the run queue.  At its next beampy trap with no trio scope
  of its own still open, the process is handed back to the run queue and the
  host goes back to the pool.
* Signals are applied when they are sent: a message is appended to the
  receiver's mailbox (or handed straight to it if it waits for exactly that),
  an exit signal marks the receiver as killed and throws
  :class:`~beampy.ExitSignal` into it at its trap.  A runtime belongs to one
  thread, so this keeps the BEAM's per-pair ordering for free.
* User code runs only inside the process it belongs to: receive patterns that
  could run user code are evaluated by the receiver, never by the sender.
* When a process ends, its links, monitors, aliases, timers and name are
  settled in one place: :meth:`Kernel._terminate`.
"""

from __future__ import annotations

import collections.abc
import contextlib
import contextvars
import functools
import inspect
import math
import operator
import random
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass
from typing import Any, Final, ParamSpec, TypeVar

import structlog
import trio

from . import _gc, _sampler
from ._exceptions import Exit, ExitSignal, NotInProcessError, ReceiveTimeout, WrongThreadError
from ._logging import emit_report
from ._messages import DownMessage, ExitMessage
from ._patterns import compile_receive, match_all, match_all_timed
from ._process import (
    ALIVE,
    DEAD,
    IN_TRIO,
    NO_MESSAGES,
    PRIORITIES,
    RUNNABLE,
    RUNNING,
    STATE_NAMES,
    WAITING,
    Proc,
    resume_of,
)
from ._terms import NODE, Pid, Ref, new_pid_number, next_pid_number
from ._timers import WAKE, Timer, Timers

#: Turned on by the property tests: every transition checks the invariants
#: written in ``_process.py`` and raises AssertionError when one fails.
CHECK_INVARIANTS = False

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
PEEK: Final = _Sentinel("PEEK")  # wait matcher of hibernate: any message ends it, none is taken
# wait matcher of a receive whose patterns may run user code: a message ends the
# wait without being taken, and the receiver matches it in its own context
RESCAN: Final = _Sentinel("RESCAN")
ABANDON: Final = _Sentinel("ABANDON")  # a killed process caught its exit twice: end it
_DONE: Final = _Sentinel("DONE")  # internal: the step ended the process
_START: Final = _Sentinel("START")  # internal: a hosted process not yet started
_RETIRE: Final[Any] = _Sentinel("RETIRE")  # internal: an idle carrier told to end

_PRIO_INDEX: Final = {name: i for i, name in enumerate(PRIORITIES)}
_LOW: Final = 0
_NORMAL: Final = 1
#: As on the BEAM, low and normal processes share one queue, and a low process runs
#: only the 8th time it comes to the head of it (each time before, it goes to the back)
_LOW_PASSES: Final = 8
_CHECKPOINT_INTERVAL: Final = 0.0005  # seconds of real time between hand-backs to trio
#: How a busy scheduler lets another Python thread that waits for the GIL in: it sleeps
#: this long (the OS's shortest sleep: 0.06-0.15 ms on Linux), once per switch interval
#: (``sys.getswitchinterval()``) while it runs without a pause, when other threads
#: exist (Kernel._gil_turn).  Without it such a thread (a worker of ``trio.to_thread``,
#: a ``threading.Timer``) waited from a tenth of a second to seconds for the GIL: each
#: hand-back to trio releases the GIL and takes it back at once, and in CPython each
#: such release restarts a waiting thread's switch interval, so the waiter never asks
#: for its forced switch and gets in only when it wins a race it nearly always loses.
_HANDOVER_SLEEP: Final = 20e-6
_gil_handover: Final = time.sleep
#: the clock of the scheduler's busy loops (hand-backs to trio, GIL hand-overs)
_busy_clock: Callable[[], float] = _sampler.clock
_TIMER_BATCH: Final = 1000  # timers fired at most between two looks at the run queue
#: Idle carriers kept for the next hand-off or hosted spawn: this many, or as many as
#: processes were hosted at once in the last _HOST_PEAK_SECONDS if more (a fan-out of
#: I/O tasks reuses its carriers instead of starting a trio task per task; when it is
#: over, the pool shrinks back)
_IDLE_CARRIERS: Final = 32
_HOST_PEAK_SECONDS: Final = 1.0
_SEEDED: Final = 1 << 62

#: The process a coroutine belongs to.  Every process runs in a context of its
#: own where this holds its record; trio code holds None.  A coroutine is that
#: process only while the record says RUNNING: a copy of the context in a
#: worker thread or a trio child task sees the record in another state.
proc_var: Final[contextvars.ContextVar[Any]] = contextvars.ContextVar(
    "beampy_process", default=None
)
#: ``proc_var.set`` unbound: ``ctx.run(_SET_PROC, proc_var, p)`` makes no bound method
_SET_PROC: Final = contextvars.ContextVar.set

#: The runtime that trio code inside ``open_runtime`` talks to.
runtime_var: contextvars.ContextVar[Kernel] = contextvars.ContextVar("beampy_runtime")

#: The sender of signals that come from trio code rather than a process.
ROOT_PID: Final = Pid(0, None)

# Threads that run a runtime, and how many runtimes each runs.
_runtime_threads: dict[int, int] = {}
_threads_lock = threading.Lock()


class Killed:
    """What ``proc_var`` holds for a process killed by an exit signal.

    Its coroutine may still run (a ``finally`` block, or code that caught the
    :class:`ExitSignal`), but no beampy operation of it takes effect: each one
    raises the exit again.  Its ``state`` is never RUNNING, so every API
    function takes its slow path and finds this.
    """

    __slots__ = ("cancels", "proc", "strikes")

    state: Final = -1
    rt: Final = None

    def __init__(self, proc: Proc) -> None:
        self.proc = proc
        self.strikes = 0  # blocking operations reached since it was killed
        self.cancels = 0  # trio's Cancelled raised into it since it was killed


#: how many times trio may raise ``Cancelled`` into a killed process before it is ended
#: where it is (a loop that catches it would otherwise never end; a cleanup that closes
#: many trio resources, each raising ``Cancelled``, is given room)
KILLED_CANCELS: Final = 10_000

#: the context of every dead process (its own is dropped when it ends)
_DEAD_CONTEXT: Final = contextvars.Context()
#: ``Context.run`` unbound: a step is ``_RUN_IN(p.ctx, p.resume_coro, p.coro, value)``
_RUN_IN: Final = contextvars.Context.run


def _dead_body(_coro: Any, _value: Any) -> Any:
    raise AssertionError("a dead process was stepped")


def _only_the_kill(exc: BaseException) -> bool:
    """True when ``exc`` is how a kill left a process: its ExitSignal, trio's Cancelled, or
    a group of those (a nursery gathers them)."""
    if isinstance(exc, BaseExceptionGroup):
        return exc.split((ExitSignal, trio.Cancelled))[1] is None
    return isinstance(exc, (ExitSignal, trio.Cancelled))


def _interrupt_in(exc: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or SystemExit ``exc`` is or holds (a nursery's group), or None."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _interrupt_in(inner)
            if found is not None:
                return found
    return None


def _besides_interrupts(exc: BaseException | None) -> BaseException | None:
    """``exc`` without its KeyboardInterrupts and SystemExits (None if nothing is left)."""
    if exc is None or isinstance(exc, (KeyboardInterrupt, SystemExit)):
        return None
    if isinstance(exc, BaseExceptionGroup):
        return exc.split((KeyboardInterrupt, SystemExit))[1]
    return exc


def unwrap(group: BaseExceptionGroup[Any]) -> BaseException:
    """The exception a group of one stands for, when it is beampy's own control flow.

    A trio nursery wraps whatever leaves it in an exception group; an exit,
    an exit signal, hibernate's switch, KeyboardInterrupt or SystemExit that
    left a process through a nursery is still what it was.
    """
    e: BaseException = group
    while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
        inner = e.exceptions[0]
        if isinstance(
            inner,
            (BaseExceptionGroup, Exit, ExitSignal, HibernateSwitch, KeyboardInterrupt, SystemExit),
        ):
            e = inner
        else:
            break
    return e if not isinstance(e, BaseExceptionGroup) else group


class HibernateSwitch(BaseException):
    """Thrown out of a process by hibernate: its stack is dropped for ``coro``."""

    def __init__(self, coro: Coroutine[Any, Any, Any]) -> None:
        super().__init__()
        self.coro = coro


def _emit(level: str, event: str, **kw: Any) -> None:
    """Emits a structlog event; a failing log sink never takes the scheduler down, and the
    event is then written to stderr in full (:func:`beampy.lowlevel.emit_report`)."""
    emit_report(level, event, **kw)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _flip(fn: Callable[_P, Generator[Any, Any, _R]]) -> Callable[_P, Coroutine[Any, Any, _R]]:
    code = fn.__code__
    flags = (code.co_flags & ~inspect.CO_GENERATOR) | inspect.CO_COROUTINE
    fn.__code__ = code.replace(co_flags=flags)
    return fn  # type: ignore[return-value]


def _flip_works() -> bool:
    """Checks on this interpreter that a flipped generator behaves as a native coroutine."""

    def probe(x: Any) -> Generator[Any, Any, Any]:
        if x:
            return "now"
        got = yield "trap"
        return got

    try:
        flipped = _flip(probe)
        fast = flipped(True)
        if type(fast) is not types.CoroutineType:
            return False
        try:
            fast.send(None)
        except StopIteration as e:
            if e.value != "now":
                return False
        slow = flipped(False)
        if slow.send(None) != "trap":
            return False
        try:
            slow.send("value")
        except StopIteration as e:
            return bool(e.value == "value")
        return False
    except Exception:
        return False


def _as_async_def(
    fn: Callable[_P, Generator[Any, Any, _R]],
) -> Callable[_P, Coroutine[Any, Any, _R]]:
    inner = types.coroutine(fn)

    @functools.wraps(fn)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        return await inner(*args, **kwargs)

    return wrapper


#: Makes a generator function that yields beampy's traps into a native
#: coroutine function: calling it gives a real coroutine (so a forgotten
#: ``await`` gets Python's "coroutine ... was never awaited" warning) that
#: yields its traps straight to the driver, with no second frame per call.
#: On CPython 3.11 this is done by marking the code object as a coroutine's
#: (checked at import); elsewhere an ``async def`` wrapper gives the same
#: behaviour at the cost of one more frame.
native_coroutine: Callable[
    [Callable[_P, Generator[Any, Any, _R]]], Callable[_P, Coroutine[Any, Any, _R]]
] = _flip if _flip_works() else _as_async_def


def is_normal(reason: Any) -> bool:
    return type(reason) is str and reason == "normal"


def is_quiet(reason: Any) -> bool:
    """True for the exit reasons that are never reported: normal, shutdown, {shutdown, _}.

    Only exact ``str`` values are compared: a reason is a user value, and its
    ``__eq__`` must never run inside the runtime's bookkeeping.
    """
    if type(reason) is str:
        return reason == "normal" or reason == "shutdown"
    return (
        type(reason) is tuple
        and len(reason) == 2
        and type(reason[0]) is str
        and reason[0] == "shutdown"
    )


MAX_SECONDS: Final = 1e15  # ~31 million years: more than any clock can wait for


def check_timeout(timeout: Any, what: str) -> float:
    if type(timeout) is float or type(timeout) is int:
        if timeout >= 0:
            if timeout > MAX_SECONDS and timeout != math.inf:
                raise ValueError(
                    f"{what} must be a number of seconds >= 0 or math.inf; {timeout!r} is "
                    f"too large (at most {MAX_SECONDS:g}; use math.inf to wait forever)"
                )
            return float(timeout)
        if timeout != timeout:
            raise ValueError(f"{what} must be a number of seconds >= 0 or math.inf; got nan")
        raise ValueError(f"{what} must be a number of seconds >= 0 or math.inf; got {timeout!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"{what} must be a number of seconds (int or float, math.inf for no limit); "
            f"got {timeout!r} ({type(timeout).__name__})"
        )
    if isinstance(timeout, int):
        return check_timeout(int(timeout), what)
    return check_timeout(float(timeout), what)


def _initial_call_of(p: Proc) -> Any:
    """What a crash report names as the process's start: proc_lib's record when there is one."""
    d = p.dictionary
    if d is not None and "$initial_call" in d:
        return d["$initial_call"]
    return describe(p.initial_call)


def describe(fn: Any) -> str:
    """The qualified name of ``fn`` (what ``info`` shows as ``initial_call``).

    A str is a name already (a trio-side mailbox's, which has no function).
    """
    if type(fn) is str:
        return fn
    target = fn.func if isinstance(fn, functools.partial) else fn
    module = getattr(target, "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    if module and qualname:
        return f"{module}.{qualname}"
    return repr(fn)


_CO_COROUTINE: Final = inspect.CO_COROUTINE
_FunctionType: Final = types.FunctionType


async def _fail_at_start(error: BaseException) -> None:
    """The body of a process whose function could not even be called: it crashes with why."""
    raise error


def make_coro(fn: Any, args: tuple[Any, ...], what: str) -> Coroutine[Any, Any, Any]:
    """Calls ``fn(*args)`` and checks that it gave a coroutine, as trio does for its tasks.

    Anything trio accepts as an async callable is accepted: an ``async def``,
    a partial of one, a lambda that returns a coroutine.  When the call itself
    raises (a wrong number of arguments, say), the new process crashes with
    that exception, as a BEAM process spawned with a fun of the wrong arity
    crashes with ``badarity``: whoever supervises it sees a child crash.
    """
    if type(fn) is _FunctionType and fn.__code__.co_flags & _CO_COROUTINE:
        try:
            return fn(*args)  # type: ignore[no-any-return]  # the common case: an async def
        except Exception as e:
            return _fail_at_start(e.with_traceback(None))
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
            f"{describe(fn)} is an async generator function (it contains `yield`), "
            "not a coroutine function"
        )
    try:
        coro = fn(*args)
    except Exception as e:
        return _fail_at_start(e.with_traceback(None))
    if not isinstance(coro, collections.abc.Coroutine):
        if inspect.isgenerator(coro):
            coro.close()
        hint = (
            " Define it with `async def` (a process needs to await receive())"
            if not inspect.iscoroutinefunction(target)
            else ""
        )
        raise TypeError(
            f"{what}() expects an async function (async def) to run as the process body; "
            f"calling {describe(fn)} returned {coro!r}, not a coroutine.{hint}"
        )
    return coro


def caller_frame() -> types.FrameType | None:
    """The innermost frame outside the process layer on the calling thread's stack
    (what a running process runs now: its coroutine shows no more than itself)."""
    frames = _sampler.running_frames(sys._getframe(1), None, 1)
    return frames[0] if frames else None


def innermost_frame(coro: Any) -> types.FrameType | None:
    """The innermost frame outside the process layer in the chain of what ``coro``
    awaits (a running coroutine shows no more than itself: see ``_sampler.running_frames``)."""
    frame = None
    while coro is not None:
        f = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if f is not None and _sampler.outside_core(f):
            frame = f
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return frame


#: ``cancel_status(task)``: the identity of the innermost trio cancel scope
#: ``task`` is inside.  Two readings are the same object exactly when no cancel
#: scope was entered or left in between.  trio keeps it in a private attribute;
#: this is the one place that names it (a C-level getter: the scheduler reads
#: it after every step), and tests/process/test_hosting.py fails loudly if a
#: trio release changes it.
cancel_status: Final[Callable[[trio.lowlevel.Task], object]] = operator.attrgetter("_cancel_status")


class Carrier:
    """A trio task that runs the run queue or hosts one process.

    ``assignment`` is what a pooled carrier is woken up to do: None for "run
    the run queue", the process to host, or _RETIRE (end: the pool is larger
    than it needs to be).
    """

    __slots__ = ("assignment", "proc", "quarantined", "scope", "task")

    def __init__(self) -> None:
        self.task: trio.lowlevel.Task | None = None
        self.scope: trio.CancelScope | None = None
        self.assignment: Proc | None = None
        self.proc: Proc | None = None
        #: a coroutine that refused its close ran on it: it takes no other role
        self.quarantined = False


@dataclass(frozen=True)
class RuntimeStatistics:
    """A snapshot of a runtime, from :meth:`beampy.lowlevel.Runtime.statistics`."""

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
    #: times a hosted process went back to the run queue
    handbacks: int
    #: times the busy scheduler handed control back to trio
    trio_checkpoints: int


class Kernel:
    """The inside of a runtime: processes, their scheduler and carriers, names and timers.

    Private to the process layer: its methods are what ``_api.py`` uses.  Trio
    code sees only its :class:`Runtime` facade (``kernel.runtime``).
    """

    def __init__(
        self,
        nursery: trio.Nursery,
        *,
        seed: int | None,
        long_schedule: float,
        adapt_gc: bool = True,
    ) -> None:
        self._nursery = nursery
        self._thread = threading.get_ident()
        self.runq: deque[Proc] = deque()
        self._runq_max: deque[Proc] = deque()
        self._runq_high: deque[Proc] = deque()
        # processes queued in max/high, and low ones in runq; seeded mode adds a huge
        # constant so that one test (`if self._special`) sends every pick down the slow path
        self._special = _SEEDED if seed is not None else 0
        # low processes in runq -> the passes at its head left before they run
        self._low_passes: dict[Proc, int] = {}
        self._rng = random.Random(seed) if seed is not None else None
        self._procs: dict[int, Proc] = {}
        self._registry: dict[str, Proc] = {}
        # a killed process still unwinding -> what it owes, in request order, the
        # processes it still owes an EXIT or a DOWN and that monitored it (a reference
        # number) or linked to it (-1) after the kill: their "noproc" comes once it has
        # ended, after its own signals to them (the BEAM orders one sender's signals)
        self._late: dict[Proc, list[tuple[int, Proc]]] = {}
        # the names killed processes freed, while they unwind: a monitor of the name
        # then is a monitor of that process (its noproc comes after that process's DOWNs);
        # and the other way round, so that its end forgets it in one step
        self._released: dict[str, Proc] = {}
        self._released_by: dict[Proc, str] = {}
        self._timers = Timers()
        #: cancels a timer (Timers.cancel, bound once: the senders' fast paths call it)
        self.drop_timer: Callable[[Timer], bool] = self._timers.cancel
        #: a receive/sleep timer of a light process in a scheduler step: pending
        #: until the scheduler's next clock reading (see _timers.py)
        self.add_pending: Callable[[float, int, Proc | None], Timer] = self._timers.add_pending
        #: trio's clock (trio.current_time() without its two wrapper calls)
        self._clock: Callable[[], float] = trio.lowlevel.current_clock().current_time
        self._sched_task: trio.lowlevel.Task | None = None
        self.sched_parked = False
        self._idle: list[Carrier] = []
        self._ncarriers = 0
        self._closing = False  # shutting down: new processes are killed at once
        self._closed = False  # shut down: spawn is refused
        self._broken = False
        self._all_exited: trio.Event | None = None
        self.interrupt: BaseException | None = None  # KeyboardInterrupt/SystemExit
        self.interrupted = trio.Event()
        self.first: Proc | None = None  # run()'s process: its crash is raised, not reported
        self._long_schedule = long_schedule
        self._spawned = 0
        # the live counts at which the collector's young generation is resized (_gc.py;
        # attached last, so that a failed __init__ leaves nothing attached)
        self._gc_adapting = False
        self._gc_up = sys.maxsize
        self._gc_down = -1
        self._steps = 0
        # when the GIL was last handed over, or the scheduler last paused (_gil_turn)
        self._gil_turn_at = _busy_clock()
        self._switch_interval = sys.getswitchinterval()
        #: when the scheduler last fired due timers and checkpointed (:data:`_busy_clock`)
        self._last_checkpoint = self._gil_turn_at
        self._handoffs = 0
        self._handbacks = 0
        self._checkpoints = 0
        self._hosted = 0
        # the most processes hosted at once lately (how many idle carriers to keep),
        # and when that count was last renewed (_pool_size)
        self._host_peak = 0
        self._host_peak_at = 0.0
        self._watch = _sampler.Watch(self, long_schedule)
        self.runtime = Runtime(self)
        if adapt_gc and _gc.attach(self):
            self._gc_adapting = True
            self._gc_up = 0

    # == the collector (_gc.py) ===============================================

    def _gc_resize(self) -> None:
        """The live count crossed a power of two: tell _gc, and where the next crossings are."""
        live = len(self._procs)
        size = 1 << live.bit_length()  # the power of two above the live count
        self._gc_up = size
        self._gc_down = size >> 3
        _gc.want(self, live)

    def gc_detach(self) -> None:
        """The runtime has ended: the collector's thresholds are no longer its business."""
        if self._gc_adapting:
            self._gc_adapting = False
            self._gc_up = sys.maxsize
            self._gc_down = -1
            _gc.detach(self)

    # == threads ==============================================================

    def check_thread(self, what: str) -> None:
        """Raises unless called on this runtime's thread, and not by a killed process."""
        v = proc_var.get()
        if type(v) is Killed:
            raise ExitSignal(v.proc.exit_reason)
        if threading.get_ident() != self._thread:
            raise WrongThreadError(
                f"{what if '.' in what else 'beampy.' + what}() was called from a thread "
                "that does not run this runtime; "
                "from another thread, reach the runtime through trio, e.g. "
                "`trio.from_thread.run_sync(rt.send, pid, msg)` (from a thread trio did not "
                "start, pass `trio_token=`, the runtime's trio token)"
            )

    # == spawning =============================================================

    def spawn(
        self,
        fn: Callable[..., Coroutine[Any, Any, Any]],
        *args: Any,
        priority: str = "normal",
        hosted: bool = False,
    ) -> Pid:
        """Spawns a process from trio code (see :func:`beampy.spawn`)."""
        self.check_thread("Runtime.spawn")
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
        prio: int | None
        if type(priority) is str and priority == "normal" and hosted is False and not self._closed:
            prio = _NORMAL  # the common case, checked in one line
        else:
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
        if type(fn) is _FunctionType and fn.__code__.co_flags & _CO_COROUTINE:
            try:  # make_coro's common case: an async def
                coro = fn(*args)
            except Exception as e:
                coro = _fail_at_start(e.with_traceback(None))
        else:
            coro = make_coro(fn, args, what)
        n = next_pid_number()
        ctx = contextvars.copy_context()
        p = Proc(self, n, coro, ctx, prio, parent.pid if parent is not None else None, fn)
        ctx.run(_SET_PROC, proc_var, p)
        procs = self._procs
        procs[n] = p
        self._spawned += 1
        if len(procs) >= self._gc_up:
            self._gc_resize()
        if self._closing:
            self._mark_killed(p, "killed")
        if hosted:
            self._start_host(p)
        elif prio == _NORMAL:
            self.runq.append(p)  # (_enqueue: a new Proc is RUNNABLE already)
            if self.sched_parked:
                self.wake_scheduler()
        else:
            self._enqueue(p)
        return p

    # == the run queue and the one wake path ==================================

    def _enqueue(self, p: Proc) -> None:
        p.state = RUNNABLE
        prio = p.prio
        if prio == _NORMAL:
            self.runq.append(p)
        else:
            (self.runq, self.runq, self._runq_high, self._runq_max)[prio].append(p)
            self._special += 1
        if self.sched_parked:
            self.wake_scheduler()

    def _pick_slow(self) -> Proc | None:
        rng = self._rng
        for q in (self._runq_max, self._runq_high):
            if q:
                self._special -= 1
                return self._take(q, rng)
        runq = self.runq
        while runq:
            p = self._take(runq, rng)
            if p.prio != _LOW:
                return p
            passes = self._low_passes
            left = passes.get(p, _LOW_PASSES) - 1
            if left > 0:
                passes[p] = left
                runq.append(p)
                continue
            passes.pop(p, None)
            self._special -= 1
            return p
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
        """WAITING -> RUNNABLE: the one wake path (its resume value or throw is already set)."""
        host = p.host
        if host is None:
            self._enqueue(p)
        else:
            # a hosted WAITING process always has its host parked in trio
            p.state = RUNNABLE
            assert host.task is not None
            trio.lowlevel.reschedule(host.task)

    def wake_scheduler(self) -> None:
        self.sched_parked = False
        assert self._sched_task is not None
        trio.lowlevel.reschedule(self._sched_task)

    def end_wait(self, p: Proc) -> None:
        """Forgets what ``p`` waited for (its timer too); the caller moves it on."""
        p.wait = None
        t = p.wait_timer
        if t is not None:
            p.wait_timer = None
            self._timers.cancel(t)

    # == carriers =============================================================

    # Ctrl-C: a signal lands wherever the main thread is.  In a process's step (its own
    # code, under _step) it is raised there, and the process's end shuts the runtime down;
    # in the scheduler's own code it would leave it half-way through its bookkeeping, so
    # that code is protected as trio protects its own (the markers are on code objects:
    # no cost per call), and trio raises it in the task that opened the runtime, whose
    # shutdown unwinds every process
    @trio.lowlevel.enable_ki_protection
    async def carrier_main(self, carrier: Carrier, assignment: Proc | None) -> None:
        carrier.task = trio.lowlevel.current_task()
        # the process it is started for is handed over through the carrier, so
        # that this frame keeps no reference to it once it has ended
        carrier.assignment = assignment
        del assignment
        self._ncarriers += 1
        try:
            await self._carrier_loop(carrier)
        except BaseException as e:
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                # Ctrl-C landed in beampy's own code rather than in a step:
                # shut the runtime down and let open_runtime raise it
                self._interrupted_by(e)
            # an error escaped beampy itself: the runtime is broken; do not let
            # shutdown wait for processes nobody runs
            self._broken = True
            if self._all_exited is not None:
                self._all_exited.set()
            raise
        finally:
            self._ncarriers -= 1

    async def _carrier_loop(self, carrier: Carrier) -> None:
        assignment = carrier.assignment
        carrier.assignment = None
        while True:
            # One cancel scope for every role the carrier takes, until a kill of the
            # process it hosts cancels it (entering and leaving one costs 3.6 µs)
            with trio.CancelScope() as scope:
                carrier.scope = scope
                assert carrier.task is not None
                base_status = cancel_status(carrier.task)
                while True:
                    if assignment is None:
                        p, trap_ = await self._run_queue(carrier)
                        self._handoffs += 1
                        self._start_scheduler()
                    else:
                        p, trap_ = assignment, _START
                    assignment = None
                    await self._host(carrier, p, trap_, base_status)
                    # nothing of the process it carried may stay reachable from an
                    # idle carrier (its result, its traceback's frames)
                    p = trap_ = None  # type: ignore[assignment]
                    if scope.cancel_called or carrier.quarantined:
                        break  # a fresh scope for the next role
                    assignment = await self._next_role(carrier)
                    if assignment is _RETIRE:
                        return
            carrier.scope = None
            if carrier.quarantined:
                await _quarantine()
                return
            assignment = await self._next_role(carrier)
            if assignment is _RETIRE:
                return

    async def _next_role(self, carrier: Carrier) -> Proc | None:
        """Parks ``carrier`` in the idle pool until it is given a role; _RETIRE: end it."""
        if len(self._idle) >= self._pool_size():
            self._trim_idle()
            return _RETIRE  # type: ignore[no-any-return]
        if len(self._idle) == _IDLE_CARRIERS and self.sched_parked:
            # the pool grows past its floor: the parked scheduler parks again with a
            # deadline, at which it gives the excess back (_park_scheduler)
            self.wake_scheduler()
        return await self._park_idle(carrier)

    def _pool_size(self) -> int:
        """How many idle carriers to keep: as many as were hosted at once in the last
        second, at least _IDLE_CARRIERS (a fan-out whose tasks end and start in waves
        reuses its carriers from wave to wave)."""
        now = self._clock()
        if now - self._host_peak_at > _HOST_PEAK_SECONDS:
            self._host_peak = self._hosted
            self._host_peak_at = now
        return max(_IDLE_CARRIERS, self._host_peak)

    def _trim_idle(self) -> None:
        """Ends the idle carriers beyond :meth:`_pool_size` (a fan-out is over)."""
        idle = self._idle
        keep = self._pool_size()
        while len(idle) > keep:
            c = idle.pop()
            c.assignment = _RETIRE
            assert c.task is not None
            trio.lowlevel.reschedule(c.task)

    def _start_scheduler(self) -> None:
        self._sched_task = None
        if self._idle:
            c = self._idle.pop()
            c.assignment = None
            assert c.task is not None
            trio.lowlevel.reschedule(c.task)
        else:
            self._nursery.start_soon(self.carrier_main, Carrier(), None)

    def _start_host(self, p: Proc) -> None:
        p.fast = False
        self._handoffs += 1  # (a hosted spawn: handed to a host from its start)
        if self._idle:
            c = self._idle.pop()
            p.host = c
            c.assignment = p
            assert c.task is not None
            trio.lowlevel.reschedule(c.task)
        else:
            c = Carrier()
            p.host = c
            self._nursery.start_soon(self.carrier_main, c, p)

    async def _park_idle(self, carrier: Carrier) -> Proc | None:
        self._idle.append(carrier)

        def abort(_: Any) -> trio.lowlevel.Abort:
            if carrier in self._idle:
                self._idle.remove(carrier)
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)
        assignment = carrier.assignment
        carrier.assignment = None
        return assignment

    # == the one step =========================================================

    @trio.lowlevel.disable_ki_protection
    def _step(self, p: Proc) -> Any:
        """Runs ``p`` until its next trap: RUNNABLE -> RUNNING -> (its trap's state).

        Returns the trap (WAIT, YIELD or one of trio's), or _DONE when the
        process ended.  A process that hibernated continues in its new
        coroutine at its next step.
        """
        p.state = RUNNING
        exc = p.throw
        try:
            if exc is None:
                v = p.resume
                p.resume = None
                return _RUN_IN(p.ctx, p.resume_coro, p.coro, v)
            p.throw = None
            return _RUN_IN(p.ctx, p.coro.throw, exc)
        except StopIteration as e:
            self._ended(p, None, e.value)
        except BaseExceptionGroup as g:
            inner = unwrap(g)
            if type(inner) is HibernateSwitch:
                return self._switch(p, inner)
            self._ended(p, inner, None)
        except HibernateSwitch as h:
            return self._switch(p, h)
        except BaseException as e:
            self._ended(p, e, None)
        return _DONE

    @staticmethod
    @trio.lowlevel.enable_ki_protection
    def _switch(p: Proc, h: HibernateSwitch) -> Any:
        """Hibernate's second half: the process goes on in its new coroutine."""
        h.__traceback__ = None
        p.coro = h.coro
        p.resume_coro = resume_of(h.coro)
        p.state = RUNNABLE
        return YIELD

    def abandon(self, p: Proc, carrier: Carrier, base_status: object) -> None:
        """Ends a killed process that keeps catching its exit: its coroutine is closed.

        Python cannot stop a coroutine that swallows every exception, so the
        second time a killed process comes back to a blocking operation it is
        ended there, as the BEAM ends it at once (and the same when trio has
        raised ``Cancelled`` into it :data:`KILLED_CANCELS` times since the kill).
        ``carrier`` is its host and ``base_status`` that carrier's own cancel
        status.  A coroutine that would not close may have left its trio state
        on the carrier's task: its cancel scopes and nurseries are taken off it
        here (the child tasks of its nurseries are cancelled, and a trio task of
        the runtime waits for them: :meth:`_reap`); what else it may have
        registered the task in (a ``trio.Event``, a lock, a channel, which would
        wake the task later, whatever it runs then) cannot be found, so the
        carrier is quarantined: it takes no other role, and absorbs such wakes
        until the runtime ends.

        The close runs in the process's context, where its operations still find
        it killed: code that catches the close's ``GeneratorExit`` too and comes
        back to a blocking operation suspends there, and Python ends a coroutine
        that suspends while it is closed (``RuntimeError``, reported). Such a
        coroutine is still alive; its last reference is dropped here, in the same
        context, so that what Python's finalizer runs of it also finds the
        process killed (run anywhere else, a bare ``except`` around an operation
        that raised at once looped for ever, or acted as whatever process ran).
        """
        ctx = p.ctx
        box = [p.coro]
        p.state = RUNNING
        error = ctx.run(_close_boxed, box)
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            self._interrupted_by(error)  # not a failed cleanup: shut down, as _ended does
        elif error is not None:
            self._report(p, "process_exit_cleanup_failed", p.exit_reason, error)
        self._terminate(p, p.exit_reason)
        if box:
            carrier.quarantined = True
            ctx.run(box.clear)  # (Python prints what its own close of it raises)
        task = carrier.task
        assert task is not None
        if cancel_status(task) is not base_status or task._child_nurseries:
            carrier.quarantined = True
            outermost, nurseries = _release_trio_leftovers(task, base_status)
            if nurseries:
                self._nursery.start_soon(self._reap, p, nurseries, outermost)
            else:
                _cut_off(outermost)

    def _left_open(self, p: Proc, task: trio.lowlevel.Task, base_status: object) -> None:
        """``p`` ended with a trio cancel scope or nursery it entered still open on ``task``.

        Plain trio lets a task end so (``CancelScope().__enter__()`` and no exit); here
        the task is a carrier that goes on, and the scope would corrupt its own
        (trio's "Cancel scope stack corrupted", a deadline of it cancelling whatever
        the carrier runs next).  Taken off as for an abandoned process, and reported.
        """
        outermost, nurseries = _release_trio_leftovers(task, base_status)
        if nurseries:
            self._nursery.start_soon(self._reap, p, nurseries, outermost)
        else:
            _cut_off(outermost)
        self._report(p, "process_left_trio_scope_open", p.exit_reason, None)

    async def _reap(self, p: Proc, nurseries: list[Any], outermost: Any) -> None:
        """Waits for the child tasks of the nurseries an abandoned process left open.

        This trio task of the runtime takes the process's place in each nursery's
        exit, and waits as trio's own ``__aexit__`` does (it cannot be cancelled;
        the children are): the runtime does not end before them, and what they
        raise besides the cancellation is reported.  Then the abandoned cancel
        scopes they ran under are cut off the carrier's scope.
        """
        me = trio.lowlevel.current_task()
        for nursery in nurseries:
            nursery._parent_task = me  # (the task a nursery's last child wakes)
            nursery._nested_child_running = False
            if nursery._children or nursery._pending_starts:
                nursery._parent_waiting_in_aexit = True
                await trio.lowlevel.wait_task_rescheduled(_no_abort)
            nursery._closed = True
            for exc in nursery._pending_excs:
                interrupt = _interrupt_in(exc)
                if interrupt is not None:
                    self._interrupted_by(interrupt)  # Ctrl-C, as from the process itself
                rest = _besides_interrupts(exc)
                if rest is None or _only_the_kill(rest) or type(rest) is GeneratorExit:
                    continue
                self._report(p, "process_exit_cleanup_failed", p.exit_reason, rest)
            nursery._pending_excs = []
        _cut_off(outermost)

    def _step_checked(self, p: Proc) -> Any:
        """:meth:`_step`, then every invariant of every process (CHECK_INVARIANTS)."""
        trap_ = self._step(p)
        if p.state == RUNNING and (trap_ is WAIT or trap_ is YIELD):
            assert trap_ is YIELD or p.exit_reason is not ALIVE, f"{p!r}: RUNNING at WAIT"
        for q in list(self._procs.values()):
            if q is not p:
                check_invariants(q)
        return trap_

    # == the scheduler loop ===================================================

    async def _run_queue(self, carrier: Carrier) -> tuple[Proc, Any]:
        """Runs light processes until one must be handed off to a host.

        Returns that process and the trap it stopped at.
        """
        task = carrier.task
        assert task is not None
        self._sched_task = task
        base_status = cancel_status(task)
        runq = self.runq
        step = self._step_checked if CHECK_INVARIANTS else self._step
        watch = self._watch
        perf = _busy_clock
        # The clock of the periodic look outlives this turn: a process handed to trio
        # ends the turn, and turns that never reach 16 steps would otherwise never fire a
        # due timer or give the GIL away (the carrier comes from trio: it had its turn)
        now = perf()
        last_checkpoint = self._last_checkpoint
        if now - last_checkpoint > _CHECKPOINT_INTERVAL:
            self._fire_timers()
            last_checkpoint = now
        if now - self._gil_turn_at > self._switch_interval:
            self._gil_turn(now)
        steps = 0
        watch.busy()
        try:
            while True:
                if self._special:
                    p = self._pick_slow()
                elif runq:
                    p = runq.popleft()
                else:
                    p = None
                if p is None:
                    fired = self._fire_timers()
                    if fired:
                        if fired >= _TIMER_BATCH:  # more may be due: let trio run between
                            self._checkpoints += 1
                            await trio.lowlevel.cancel_shielded_checkpoint()
                            last_checkpoint = perf()
                        continue
                    self._steps += steps
                    steps = 0
                    watch.idle()
                    await self._park_scheduler()
                    watch.busy()
                    last_checkpoint = perf()
                    continue
                steps += 1
                trap_ = step(p)
                if trap_ is WAIT or trap_ is YIELD:
                    # cancel_status(task), read directly: this runs after every step
                    if task._cancel_status is not base_status:
                        return p, trap_  # p left a trio cancel scope open: host it
                    if trap_ is YIELD:
                        self._enqueue(p)
                elif trap_ is not _DONE:
                    # a trio trap, or a killed process to end (ABANDON): this carrier
                    # becomes p's host (closing p may leave this trio task unusable)
                    return p, trap_
                elif task._cancel_status is not base_status or task._child_nurseries:
                    self._left_open(p, task, base_status)  # it ended inside a trio scope
                if not steps & 15:  # every 16 steps, read the clock
                    self._steps += steps
                    steps = 0
                    if self._timers.pending:
                        self.arm_timers()
                    now = perf()
                    if now - last_checkpoint > _CHECKPOINT_INTERVAL:
                        self._fire_timers()
                        self._checkpoints += 1
                        await trio.lowlevel.cancel_shielded_checkpoint()
                        now = last_checkpoint = perf()
                    if now - self._gil_turn_at > self._switch_interval:
                        self._gil_turn(now)
        finally:
            # no pending timer outlives the loop: whatever runs next (a host,
            # other trio tasks) finds every deadline set
            self.arm_timers()
            self._last_checkpoint = last_checkpoint
            self._steps += steps
            watch.idle()
            if self._sched_task is task:
                self._sched_task = None

    async def _park_scheduler(self) -> None:
        self.arm_timers()
        deadline = self._timers.next_deadline()
        if len(self._idle) > _IDLE_CARRIERS:
            self._trim_idle()
            if len(self._idle) > _IDLE_CARRIERS:
                # wake when the pool may shrink, even with nothing else to do
                when = self._host_peak_at + _HOST_PEAK_SECONDS + 0.001
                deadline = when if deadline is None else min(deadline, when)
        self.sched_parked = True

        def abort(_: Any) -> trio.lowlevel.Abort:
            self.sched_parked = False
            return trio.lowlevel.Abort.SUCCEEDED

        try:
            with trio.CancelScope(deadline=math.inf if deadline is None else deadline):
                await trio.lowlevel.wait_task_rescheduled(abort)
        finally:
            self.sched_parked = False
            # a pause: other threads had the GIL meanwhile (_gil_turn)
            self._gil_turn_at = _busy_clock()

    def _gil_turn(self, now: float) -> None:
        """Lets other Python threads have the GIL: the busy scheduler calls it once per
        switch interval of running (``now``: :data:`_busy_clock`, read by the caller).

        The scheduler's hand-backs to trio each release the GIL and take it back at
        once, which keeps a thread that waits for it from ever forcing its switch
        (see :data:`_HANDOVER_SLEEP`); so, when other threads exist, sleep for a
        moment.  The interval runs across scheduler carriers (a process that goes
        into trio hands the scheduler to another carrier) and restarts when the
        scheduler pauses.
        """
        self._switch_interval = sys.getswitchinterval()
        if threading.active_count() > _sampler.own_threads():
            _gil_handover(_HANDOVER_SLEEP)
            now = _busy_clock()
        self._gil_turn_at = now

    def report_long(
        self, p: Proc, seconds: float, running: bool, stack: list[types.FrameType] | None = None
    ) -> None:
        """Reports a step of ``p`` longer than ``long_schedule`` (once per process).

        ``stack`` is what the step runs now, innermost first, if known (the
        watchdog reads it on the thread's stack); else the innermost frame of
        ``p``'s coroutines stands for it.
        """
        if p.long_reported:
            return
        p.long_reported = True
        if not stack:
            frame = innermost_frame(p.coro)
            stack = [frame] if frame is not None else []
        shown = [
            f"{f.f_globals.get('__name__')}.{f.f_code.co_qualname}:{f.f_lineno}"
            for f in stack[: _sampler.LONG_STACK]
        ]
        _emit(
            "warning",
            "long_schedule",
            pid=repr(p.pid),
            registered_name=p.name,
            seconds=round(seconds, 6),
            threshold=self._long_schedule,
            still_running=running,
            current_function=shown[0] if shown else describe(p.initial_call),
            current_stacktrace=shown,
            initial_call=describe(p.initial_call),
        )

    # == hosts ================================================================

    @types.coroutine
    def _host(
        self, carrier: Carrier, p: Proc, trap_: Any, base_status: object
    ) -> Generator[Any, Any, None]:
        """Drives ``p`` on this carrier until it ends or goes back to the run queue.

        ``base_status`` is the carrier's own cancel status: when the task is
        back in it at a beampy trap, the process has no trio scope open.  (A
        generator-based coroutine: each trio trap of the process goes to trio
        with one ``yield``, no awaitable made per trap.)
        """
        p.host = carrier
        p.fast = False
        carrier.proc = p
        self._hosted += 1
        if self._hosted > self._host_peak:
            self._host_peak = self._hosted
        task = carrier.task
        assert task is not None
        # the carrier's own context: trio's from_thread.run, called from the process's
        # own to_thread worker, runs its function inside to_thread's wait (in this task,
        # with the worker's context swapped in); a beampy wait there must stay hosted,
        # for the worker wakes this task, not the process wherever it runs next
        base_ctx = task.context
        watch = self._watch
        step = self._step_checked if CHECK_INVARIANTS else self._step
        try:
            while True:
                if trap_ is ABANDON:  # (from the run queue, or after a step)
                    self.abandon(p, carrier, base_status)
                    return
                if trap_ is WAIT or trap_ is YIELD:
                    if cancel_status(task) is base_status and task.context is base_ctx:
                        # no trio scope or operation of its own is open: back to the run queue
                        self._handbacks += 1
                        p.host = None
                        p.fast = p.prio == _NORMAL
                        if p.state != WAITING:
                            self._enqueue(p)
                        return
                    if trap_ is WAIT and p.state == WAITING:
                        yield from self._host_wait(p).__await__()
                    else:
                        p.state = RUNNABLE
                        yield from trio.lowlevel.cancel_shielded_checkpoint().__await__()
                elif trap_ is not _START:
                    p.state = IN_TRIO
                    if p.exit_reason is not ALIVE:
                        # it swallowed its ExitSignal and went on into trio: the
                        # trio operation is its next trap, so cancel it there
                        assert carrier.scope is not None
                        carrier.scope.cancel()
                    # a kill reaches a process in trio as trio's cancellation.  With no
                    # trio scope of its own open, the exit wins where trio cancelled the
                    # operation or it failed (thrown in instead of its error).  Trio's own
                    # outcome goes back in when the operation completed all the same (a
                    # lock taken, an item received: lost otherwise) and inside a nursery
                    # or cancel scope the process (or a trio function for it) opened, so
                    # those close in order (an exit thrown into trio's own waits, such as
                    # a nursery's __aexit__, corrupts them); its next trio checkpoint then
                    # raises Cancelled, its next beampy operation the exit
                    try:
                        value = yield trap_
                    except BaseException as e:
                        if p.throw is None or cancel_status(task) is not base_status:
                            p.throw = e
                    else:
                        if p.exit_reason is not ALIVE:
                            at_base = cancel_status(task) is base_status
                            if _traps_spent(p, value, at_base):
                                # it keeps catching trio's cancellation, or keeps passing
                                # trio traps that cannot be cancelled: end it where it is
                                del value  # (the Cancelled's traceback holds its frames)
                                p.throw = None
                                self.abandon(p, carrier, base_status)
                                return
                            if at_base and hasattr(value, "error"):
                                # trio cancelled the operation, or it failed: nothing it
                                # took can be lost, and the exit wins here
                                if p.throw is None:  # (its outcome went in at an earlier trap)
                                    p.throw = ExitSignal(p.exit_reason)
                            else:
                                p.throw = None
                                p.resume = value
                        elif p.throw is None:
                            p.resume = value
                self._steps += 1
                watch.busy()
                trap_ = step(p)
                watch.idle()
                if trap_ is _DONE:
                    if cancel_status(task) is not base_status or task._child_nurseries:
                        self._left_open(p, task, base_status)  # it ended inside a trio scope
                    return
        finally:
            carrier.proc = None
            self._hosted -= 1

    async def _host_wait(self, p: Proc) -> None:
        """Parks the host of a WAITING process until :meth:`wake` or trio cancels the wait."""

        def abort(_: Any) -> trio.lowlevel.Abort:
            # trio cancelled the receive: from now on it must not complete, so a
            # message sent in this same tick stays in the mailbox
            self.end_wait(p)
            p.state = RUNNABLE
            return trio.lowlevel.Abort.SUCCEEDED

        try:
            await trio.lowlevel.wait_task_rescheduled(abort)
        except BaseException as e:  # trio cancelled the wait (abort ran)
            p.resume = None
            if p.throw is None:
                p.throw = e

    # == timers ===============================================================

    def add_timer(self, seconds: float, kind: int, p: Proc | None, dest: Any, msg: Any) -> Timer:
        timer = self._timers.add(self._clock() + seconds, kind, p, dest, msg)
        if self.sched_parked:
            self.wake_scheduler()
        return timer

    def arm_timers(self) -> None:
        """Sets each pending timer's deadline from the clock, read now (after it was made)."""
        timers = self._timers
        if timers.pending:
            if len(timers):
                timers.arm(self._clock())
            else:
                timers.pending.clear()  # only cancelled ones

    def cancel_timer(self, timer: Timer) -> bool:
        return self._timers.cancel(timer)

    def _fire_timers(self) -> int:
        """Fires due timers, at most a batch of them, so trio and processes run in between.

        Returns how many fired.
        """
        timers = self._timers
        if not len(timers):
            timers.pending.clear()  # only cancelled ones, if any
            return 0
        now = self._clock()
        if timers.pending:
            timers.arm(now)
        due = timers.pop_due(now, _TIMER_BATCH)
        for t in due:
            if t.kind == WAKE:
                p = t.proc
                assert p is not None
                if p.wait_timer is t:
                    p.wait_timer = None
                    if p.state == WAITING:
                        p.wait = None
                        p.resume = TIMEOUT
                        self.wake(p)
                    # else: a receive that was woken to look at a message is
                    # running or runnable; it finds its timer gone and times out
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
        return len(due)

    # == exits ================================================================

    @trio.lowlevel.enable_ki_protection
    def _ended(self, p: Proc, exc: BaseException | None, value: Any) -> None:
        """RUNNING -> DEAD: settles a process whose coroutine returned or raised."""
        report = False
        if exc is not None:
            # the report starts at the process's own code, not at this scheduler
            tb: types.TracebackType | None = exc.__traceback__
            while tb is not None and tb.tb_frame.f_globals.get("__name__") == __name__:
                tb = tb.tb_next
            exc.__traceback__ = tb
        interrupt = _interrupt_in(exc) if exc is not None else None
        if interrupt is not None:
            # not a crash, even in the cleanup of a killed process: shut down
            reason = p.exit_reason if p.exit_reason is not ALIVE else "killed"
            self._interrupted_by(interrupt)
            rest = _besides_interrupts(exc)
            if rest is not None and not _only_the_kill(rest):
                # what a nursery raised with it is still reported
                event = (
                    "process_exit_cleanup_failed"
                    if p.exit_reason is not ALIVE
                    else "process_crashed"
                )
                self._report(p, event, reason, rest)
        elif p.exit_reason is not ALIVE:
            reason = p.exit_reason  # killed by an exit signal
            if exc is not None and not _only_the_kill(exc):
                # (trio.Cancelled is how the kill reached its trio I/O)
                # its cleanup raised something else: never silently
                self._report(p, "process_exit_cleanup_failed", reason, exc)
        elif exc is None:
            reason = "normal"
            p.result = value
        elif isinstance(exc, (Exit, ExitSignal)):
            # (an ExitSignal raised by a process that no signal killed is its own exit:
            # reported as Exit's is)
            reason = exc.reason
            report = not is_quiet(reason)
        else:
            reason = exc
            report = True
        if report and p is not self.first:
            self._report(p, "process_crashed", reason, exc)
        self._terminate(p, reason)

    def _report(self, p: Proc, event: str, reason: Any, exc: BaseException | None) -> None:
        try:
            context = p.ctx.run(structlog.contextvars.get_contextvars)
        except Exception:
            context = {}
        _emit(
            "error",
            event,
            **{
                **context,
                "pid": repr(p.pid),
                "registered_name": p.name,
                "initial_call": _initial_call_of(p),
                "reason": reason,
                "exc_info": exc,
            },
        )

    def _terminate(self, p: Proc, reason: Any) -> None:
        p.state = DEAD
        p.exit_reason = reason
        p.coro = None  # type: ignore[assignment]
        p.resume_coro = _dead_body
        procs = self._procs
        procs.pop(p.pid._n, None)
        if len(procs) < self._gc_down:
            self._gc_resize()
        name = p.name
        if name is not None and self._registry.get(name) is p:  # (a killed one freed it)
            del self._registry[name]
        late = self._late.pop(p, None) if self._late else None
        if self._released_by:
            freed = self._released_by.pop(p, None)
            if freed is not None and self._released.get(freed) is p:
                del self._released[freed]
        p.wait = None  # end_wait, inlined
        t = p.wait_timer
        if t is not None:
            p.wait_timer = None
            self._timers.cancel(t)
        if p.timers:
            self._cancel_timers_to(p)
        if p.aliases:
            for ref in p.aliases.values():
                ref._alias = None
            p.aliases = None
        pid = p.pid
        pid._proc = None
        if p.mq is not NO_MESSAGES:  # (nothing to clear in the shared empty mailbox)
            p.clear_mailbox()
        p.dictionary = None
        # links first, then monitors: a linked, non-trapping watcher dies from
        # the link signal before it could see the DOWN (as on the BEAM)
        links = p.links
        if links:
            p.links = None
            for q in links:
                if q.links is not None:
                    q.links.pop(p, None)
                q.rt.exit_signal(q, pid, reason, True)
        monitors = p.monitors
        if monitors:
            p.monitors = None
            for n, (target, _obj, _ref) in monitors.items():
                if target is not None and target.monitored_by is not None:
                    target.monitored_by.pop(n, None)
        watchers = p.monitored_by
        if watchers:
            p.monitored_by = None
            after = {n for n, _ in late} if late is not None else None
            for n, w in watchers.items():
                if after is not None and n in after:
                    continue  # made after the kill: answered below, in request order
                entry = w.monitors.pop(n, None) if w.monitors is not None else None
                if entry is not None:
                    ref = entry[2]
                    if ref._alias is w and ref._alias_mode != "explicit_unalias":
                        deactivate_alias(w, ref)
                    deliver(w, DownMessage(ref, entry[1], reason))
        if late is not None:
            self._answer_late(pid, late)
        waiters = p.exit_waiters
        if waiters:
            p.exit_waiters = None
            for waiter in waiters:
                waiter(reason, p.result)
        # the context holds the process (proc_var): dropping it breaks the
        # cycle, so a dead process is freed at once and never waits for a
        # full cyclic collection
        p.ctx = _DEAD_CONTEXT
        if self._all_exited is not None and not self._procs:
            self._all_exited.set()

    # == monitors and aliases =================================================

    def make_ref_for(self, p: Proc, alias: str | None) -> Ref:
        """A reference made by ``p`` (with its receive mark), and an alias of ``p`` if asked."""
        ref = Ref(p.pid._n, p.mark())
        if alias is not None:
            ref._alias = p
            ref._alias_mode = alias
            if p.aliases is None:
                p.aliases = {}
            p.aliases[ref._n] = ref
        return ref

    @staticmethod
    def add_monitor(p: Proc, t: Proc, ref: Ref, obj: Any) -> None:
        n = ref._n
        if p.monitors is None:
            p.monitors = {}
        p.monitors[n] = (t, obj, ref)
        if t.monitored_by is None:
            t.monitored_by = {}
        t.monitored_by[n] = p

    def monitor(self, p: Proc, target: Pid | tuple[str, str], alias: str | None = None) -> Ref:
        """``p`` monitors ``target`` (a pid or ``(name, node)``) with the BEAM's rules."""
        if isinstance(target, Pid):
            t = target._proc
            obj: Any = target
        else:
            name, node = target
            obj = (name, node)
            if node != NODE:
                ref = self.make_ref_for(p, alias)
                if alias is not None and alias != "explicit_unalias":
                    deactivate_alias(p, ref)
                deliver(p, DownMessage(ref, obj, "noconnection"))
                return ref
            t = self._registry.get(name)
            if t is None:
                t = self._released.get(name)  # a killed process still unwinding
        if t is p:
            # monitoring oneself gives a reference, but neither a monitor nor an alias
            # (the BEAM's rule; conformance 034 and 057)
            return self.make_ref_for(p, None)
        ref = self.make_ref_for(p, alias)
        if t is not None and t.rt is not self:
            t.rt.check_thread("monitor")
        if t is not None and t.exit_reason is not ALIVE and t.state != DEAD and self.owes(t, p):
            # killed, its cleanup still running: gone for every other process, so the
            # DOWN says noproc, but it comes once the process has ended, after the
            # EXIT and DOWNs it owes this one (the BEAM's order)
            self.add_monitor(p, t, ref, obj)
            t.rt.add_late(t, ref._n, p)
        elif t is None or t.exit_reason is not ALIVE:
            # a process already gone (the BEAM gives noproc)
            if alias is not None and alias != "explicit_unalias":
                deactivate_alias(p, ref)  # the DOWN ends such an alias, even an immediate one
            deliver(p, DownMessage(ref, obj, "noproc"))
        else:
            self.add_monitor(p, t, ref, obj)
        return ref

    def close_mailbox(self, p: Proc) -> None:
        """Ends a trio-side mailbox as a process ends: ``"normal"``, or why it was killed."""
        self._terminate(p, "normal" if p.exit_reason is ALIVE else p.exit_reason)

    def exit_signal(self, target: Proc, sender: Pid, reason: Any, link: bool) -> None:
        """Delivers an exit signal with the BEAM's rules."""
        if target.exit_reason is not ALIVE:
            return
        if not link and type(reason) is str and reason == "kill":
            self.fatal_signal(target, "killed")
        elif target.trap_exit:
            deliver(target, ExitMessage(sender, reason))
        elif is_normal(reason):
            if sender is target.pid:
                self.fatal_signal(target, "normal")
        else:
            self.fatal_signal(target, reason)

    @staticmethod
    def owes(t: Proc, w: Proc) -> bool:
        """Killed ``t``, still unwinding, has yet to send ``w`` an EXIT (a link) or a DOWN.

        A "noproc" for a monitor or link ``w`` makes now must then wait behind those,
        as the BEAM orders the signals of one sender; otherwise it comes at once.  A
        trio-side mailbox (no coroutine) has nothing to unwind: it never makes one wait.
        """
        body: Any = t.coro
        if body is None:  # a trio-side mailbox
            return False
        if t.links is not None and w in t.links:
            return True
        watchers = t.monitored_by
        return watchers is not None and any(x is w for x in watchers.values())

    def add_late(self, t: Proc, n: int, w: Proc) -> None:
        """``t`` answers ``w``'s monitor ``n`` (or link, ``n == -1``) with noproc when it ends."""
        owed = self._late.get(t)
        if owed is None:
            self._late[t] = [(n, w)]
            return
        owed.append((n, w))
        k = len(owed)
        if k >= 64 and k & (k - 1) == 0:  # now and then, forget the demonitored ones
            owed[:] = [(m, q) for m, q in owed if m < 0 or (q.monitors and m in q.monitors)]

    @staticmethod
    def _answer_late(pid: Pid, owed: list[tuple[int, Proc]]) -> None:
        """The noproc answers a killed process owed, in the order they were asked for."""
        for n, w in owed:
            if n < 0:
                w.rt.exit_signal(w, pid, "noproc", True)
                continue
            entry = w.monitors.pop(n, None) if w.monitors is not None else None
            if entry is not None:  # (not demonitored meanwhile)
                ref = entry[2]
                if ref._alias is w and ref._alias_mode != "explicit_unalias":
                    deactivate_alias(w, ref)
                deliver(w, DownMessage(ref, entry[1], "noproc"))

    def _release_name(self, p: Proc) -> None:
        """A killed process is dead to the others: its name is free at once.

        (The BEAM frees it when the victim handles the exit signal, at its next run;
        docs/differences.md, "Killed processes run their cleanup".)
        """
        name = p.name
        if name is not None:
            if self._registry.get(name) is p:
                del self._registry[name]
            self._released[name] = p
            self._released_by[p] = name
            p.name = None

    def _cancel_timers_to(self, p: Proc) -> None:
        """Cancels the ``send_after`` timers aimed at ``p`` (the BEAM's, once a pid is dead)."""
        timers = p.timers
        p.timers = None
        if timers:
            for t in timers:
                self._timers.cancel(t)
                if t.ref is not None:
                    t.ref._timer = None

    def _mark_killed(self, p: Proc, reason: Any) -> None:
        self._release_name(p)
        self._cancel_timers_to(p)  # dead to the others: a timer aimed at it is gone too
        p.exit_reason = reason
        p.resume = None
        p.throw = ExitSignal(reason)
        p.ctx.run(_SET_PROC, proc_var, Killed(p))

    def fatal_signal(self, target: Proc, reason: Any) -> None:
        """Applies a fatal exit signal: ``target`` exits with ``reason``, taking no further effect.

        A WAITING target is woken with the ExitSignal to throw; a RUNNABLE one
        gets it at its next step; a hosted one blocked in trio is cancelled the
        trio way (its host's scope; see :meth:`_host` for what it resumes
        with, and a shield delays it until the shielded operation ends).  The
        caller itself gets it raised at once.
        """
        state = target.state
        if state == RUNNING:
            # the caller kills itself: it is running in its own context
            self._release_name(target)
            self._cancel_timers_to(target)
            target.exit_reason = reason
            proc_var.set(Killed(target))
            raise ExitSignal(reason)
        self._mark_killed(target, reason)
        if state == WAITING:
            self.end_wait(target)
            self.wake(target)
        elif state == IN_TRIO:
            host = target.host
            assert host is not None
            assert host.scope is not None
            host.scope.cancel()

    def _interrupted_by(self, e: BaseException) -> None:
        """A process raised KeyboardInterrupt or SystemExit: shut down, then re-raise it."""
        if self.interrupt is None:
            self.interrupt = e
            self._closing = True
            for q in list(self._procs.values()):
                if q.exit_reason is ALIVE and q.state != RUNNING:
                    self.fatal_signal(q, "killed")
            self.interrupted.set()

    # == what trio code uses ==================================================

    def send(self, dest: Any, msg: Any) -> Any:
        """Sends ``msg`` to ``dest`` from trio code (see :func:`beampy.send`)."""
        self.check_thread("Runtime.send")
        return send_to(self, dest, msg)

    def exit(self, pid: Pid, reason: Any) -> bool:
        """Sends an exit signal from trio code (see :func:`beampy.exit`); returns True.

        The signal's sender is the runtime itself, so a trapping target
        receives ``ExitMessage(pid, reason)`` with a pid that names no process.
        """
        self.check_thread("Runtime.exit")
        if type(pid) is not Pid:
            raise TypeError(f"exit() expects a Pid as its first argument; got {pid!r}")
        t = pid._proc
        if t is not None:
            t.rt.check_thread("exit")
            t.rt.exit_signal(t, ROOT_PID, reason, False)
        return True

    async def wait_exit(self, pid: Pid) -> Any:
        """Waits until the process ``pid`` exits and returns its exit reason.

        Returns ``"noproc"`` at once if it is not alive.  Usable from trio code
        (it is a trio checkpoint) and from processes.
        """
        if type(pid) is not Pid:
            raise TypeError(f"wait_exit() expects a Pid; got {pid!r} ({type(pid).__name__})")
        self.check_thread("Runtime.wait_exit")
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
        runnable = len(self.runq) + len(self._runq_max) + len(self._runq_high)
        return RuntimeStatistics(
            processes=len(self._procs),
            runnable=runnable,
            hosted=self._hosted,
            carriers=self._ncarriers,
            idle_carriers=len(self._idle),
            timers=len(self._timers),
            registered=len(self._registry),
            spawned=self._spawned,
            steps=self._steps,
            handoffs=self._handoffs,
            handbacks=self._handbacks,
            trio_checkpoints=self._checkpoints,
        )

    def processes(self) -> list[Pid]:
        return [p.pid for p in self._procs.values() if p.exit_reason is ALIVE]

    def lookup(self, name: str) -> Proc | None:
        """The live process registered under ``name``, or None."""
        return self._registry.get(name)

    def registered_names(self) -> list[str]:
        return list(self._registry)

    def register_name(self, p: Proc, name: str) -> None:
        other = self._registry.get(name)
        if other is not None:
            raise ValueError(
                f"register(): the name {name!r} is already registered to {other.pid!r}"
            )
        if p.name is not None:
            raise ValueError(f"register(): {p.pid!r} is already registered as {p.name!r}")
        self._registry[name] = p
        p.name = name

    def unregister_name(self, name: str) -> bool:
        p = self._registry.pop(name, None)
        if p is None:
            return False
        p.name = None
        return True

    def timer_deadline_left(self, timer: Timer) -> float:
        self.arm_timers()
        return max(0.0, timer.key[0] - self._clock())

    # == shutdown =============================================================

    async def shutdown(self) -> None:
        """Kills every process still alive and waits until all have ended."""
        self._closing = True
        try:
            with trio.CancelScope(shield=True):
                while self._procs and not self._broken:
                    for p in list(self._procs.values()):
                        if p.exit_reason is ALIVE:
                            self.fatal_signal(p, "killed")
                    if self._procs:
                        # two shutdowns may wait at once (an interrupt's and the block's
                        # end): they share one event, or the first would wait for ever
                        event = self._all_exited
                        if event is None:
                            event = self._all_exited = trio.Event()
                        await event.wait()
                        if self._all_exited is event:
                            self._all_exited = None
        finally:
            # even when a second Ctrl-C cuts the wait short, stop every carrier
            self._closed = True
            self._timers.clear()
            self._watch.close()
            self._nursery.cancel_scope.cancel()


# == operations on processes (used by the public API) ==========================


def deliver(p: Proc, msg: Any) -> None:
    """Puts ``msg`` in the mailbox of ``p``, or hands it over if ``p`` waits for it.

    Never runs user code: a wait whose patterns could (RESCAN) is woken to
    look at the message itself.
    """
    w = p.wait
    if w is None:
        mq = p.mq
        if mq is not NO_MESSAGES:
            mq.append(msg)
        else:  # the first message makes the list
            p.mq = [msg]
        return
    if w is match_all:
        p.wait = None
    elif type(w) is _Sentinel:
        p.push(msg)
        if w is not NEVER:  # RESCAN or PEEK: wake it to look, take nothing
            p.wait = None  # its timer stays: the receiver may wait again
            p.resume = w
            p.rt.wake(p)
        return
    elif w is match_all_timed or w(msg):  # a pure matcher: no user code runs here
        p.wait = None
        t = p.wait_timer
        if t is not None:
            p.wait_timer = None
            p.rt.drop_timer(t)
    else:
        p.push(msg)
        return
    p.resume = msg
    if p.fast:  # inline Kernel.wake for the common case
        p.state = RUNNABLE
        rt = p.rt
        rt.runq.append(p)
        if rt.sched_parked:
            rt.wake_scheduler()
    else:
        p.rt.wake(p)


def deactivate_alias(owner: Proc, ref: Ref) -> None:
    ref._alias = None
    if owner.aliases is not None:
        owner.aliases.pop(ref._n, None)


def send_to(rt: Kernel, dest: Any, msg: Any) -> Any:
    t = type(dest)
    if t is Pid:
        p = dest._proc
        if p is not None:
            if p.rt is not rt:
                p.rt.check_thread("send")
            deliver(p, msg)
        return msg
    if t is str:
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
            if owner.rt is not rt:
                owner.rt.check_thread("send")
            mode = dest._alias_mode
            if mode == "reply" or mode == "reply_demonitor":
                deactivate_alias(owner, dest)
                if mode == "reply_demonitor" and owner.monitors is not None:
                    entry = owner.monitors.pop(dest._n, None)
                    if entry is not None and entry[0] is not None:
                        mb = entry[0].monitored_by
                        if mb is not None:
                            mb.pop(dest._n, None)
            deliver(owner, msg)
        return msg
    if t is tuple and len(dest) == 2 and type(dest[0]) is str and type(dest[1]) is str:
        # {Name, Node} never fails on the BEAM: an unknown name or an unreachable
        # node (beampy has no distribution yet) drops the message
        if dest[1] == NODE:
            q = rt._registry.get(dest[0])
            if q is not None:
                deliver(q, msg)
        return msg
    raise TypeError(
        "send() destination must be a Pid, a registered name (str), an alias Ref or a "
        f"(name, node) tuple; got {dest!r} ({type(dest).__name__})"
    )


def _outside(what: str) -> NotInProcessError:
    """The error for a call made where no process runs, naming the thread if that is why."""
    me = threading.get_ident()
    with _threads_lock:
        elsewhere = bool(_runtime_threads) and me not in _runtime_threads
    if elsewhere:
        return WrongThreadError(
            f"beampy.{what}() was called from a thread that runs no beampy runtime; "
            "from another thread, reach a runtime through trio, e.g. "
            "`trio.from_thread.run_sync(rt.send, pid, msg)` (from a thread trio did not "
            "start, pass `trio_token=`, the runtime's trio token)"
        )
    return NotInProcessError(
        f"beampy.{what}() must be called from inside a beampy process "
        "(it acts on the calling process); trio code can use the methods of the runtime "
        "(beampy.lowlevel.current_runtime(), or the one open_runtime gives)"
    )


def _is_cancelled(outcome: Any) -> bool:
    """Whether ``outcome`` (what trio sends back to a trap) is trio's cancellation."""
    return isinstance(getattr(outcome, "error", None), trio.Cancelled)


def _traps_spent(p: Proc, outcome: Any, at_base: bool) -> bool:
    """Counts a trap of killed ``p``; True past KILLED_CANCELS.

    Counted: a ``Cancelled`` trio raises into it, and any trap it passes with no trio
    scope of its own open (where the kill is thrown in unless the trap completed: a loop
    of traps that complete without checking for cancellation, such as
    ``cancel_shielded_checkpoint``, would never end).  (``outcome`` is what trio sends
    back to a trap: the trap unwraps it, in the process.)
    """
    if not (at_base or _is_cancelled(outcome)):
        return False
    v = p.ctx.get(proc_var)
    if type(v) is not Killed:
        return False
    v.cancels += 1
    return v.cancels > KILLED_CANCELS


def _release_trio_leftovers(task: trio.lowlevel.Task, base_status: object) -> Any:
    """Takes off a carrier's ``task`` the trio scopes and nurseries of a coroutine that is gone.

    A killed process that catches even the close of its coroutine stays suspended
    inside the trio scopes it had entered on its carrier's task, and Python's
    finalization of it may enter new ones before it suspends again.  Its frames are
    gone then, but trio still counts those scopes as the task's innermost: the exit
    of the carrier's own scope would raise "Cancel scope stack corrupted", and a
    deadline of theirs would cancel whatever the carrier runs next.  Here the task
    goes back to its own scope, the abandoned scopes lose their deadlines, and the
    nurseries are taken off it and cancelled.  Returns ``(outermost, nurseries)``:
    the outermost abandoned cancel status (None if none), to be cut off the
    carrier's scope by :func:`_cut_off` once the nurseries' child tasks, which live
    under it, have ended (:meth:`Kernel._reap` waits for them).  This reaches into
    trio's internals (the versions pyproject.toml allows); tests check it.
    """
    t: Any = task
    status = t._cancel_status
    outermost = None
    if status is not base_status:
        t._activate_cancel_status(base_status)
        while status is not None and status is not base_status:
            status._scope.deadline = math.inf
            outermost = status
            status = status.parent
        if status is not base_status:
            outermost = None  # (not nested in the carrier's scope: not ours to cut)
    nurseries = t._child_nurseries[::-1]  # (a carrier opens none of its own)
    t._child_nurseries.clear()
    for nursery in nurseries:
        nursery.cancel_scope.cancel()
        nursery._parent_waiting_in_aexit = False
    return outermost, nurseries


def _cut_off(outermost: Any) -> None:
    """Detaches an abandoned cancel status (and those under it) from the carrier's scope."""
    if outermost is not None:
        outermost.parent = None


async def _quarantine() -> None:
    """Where a quarantined carrier's trio task waits until the runtime cancels it.

    A trio primitive the closed coroutine left it registered in may reschedule it
    any time: such a wake is absorbed here (whatever value or error it brings).
    """

    def abort(_: Any) -> trio.lowlevel.Abort:
        return trio.lowlevel.Abort.SUCCEEDED

    while True:
        with contextlib.suppress(Exception):  # (a stale wake's error; Cancelled ends it)
            await trio.lowlevel.wait_task_rescheduled(abort)


def _no_abort(_: Any) -> trio.lowlevel.Abort:
    return trio.lowlevel.Abort.FAILED


def _close_boxed(box: list[Any]) -> BaseException | None:
    """Closes the coroutine in ``box``; empties the box unless it would not close.

    Returns what the close raised: the error of a cleanup that failed (the
    coroutine is closed all the same), or Python's "coroutine ignored
    GeneratorExit" when it suspended again (it stays in the box).
    """
    # (no local name for the coroutine: the error returned holds this frame, and must not
    # keep the coroutine alive past the box)
    try:
        box[0].close()
    except BaseException as e:
        # closed, by the error its cleanup raised (a coroutine object of another kind,
        # with no frame to look at, is taken as refusing: the safe side)
        if getattr(box[0], "cr_frame", True) is None:
            box.clear()
        return e
    box.clear()
    return None


def caller_slow(v: Any, what: str) -> Proc:
    """The calling process when the fast check (``proc_var`` RUNNING) failed, or why not.

    Raises ExitSignal for a killed process, WrongThreadError from a foreign
    thread, NotInProcessError from trio code.
    """
    if type(v) is Killed:
        raise ExitSignal(v.proc.exit_reason)
    if v is not None and v.state not in (RUNNING, DEAD) and threading.get_ident() != v.rt._thread:
        raise WrongThreadError(
            f"beampy.{what}() was called from a thread that does not run its process's "
            "runtime (a copy of the process's context, as trio.to_thread gives); from "
            "another thread, reach the runtime through trio, e.g. "
            "`trio.from_thread.run_sync(rt.send, pid, msg)` (from a thread trio did not "
            "start, pass `trio_token=`, the runtime's trio token)"
        )
    raise _outside(what)


def require_proc(what: str) -> Proc:
    v = proc_var.get()
    if v is not None and v.state == RUNNING:
        return v  # type: ignore[no-any-return]
    return caller_slow(v, what)


def require_runtime(what: str) -> Kernel:
    """The runtime of the calling process, or of the enclosing ``open_runtime`` block."""
    v = proc_var.get()
    if v is not None and v.state == RUNNING:
        return v.rt  # type: ignore[no-any-return]
    if type(v) is Killed:
        raise ExitSignal(v.proc.exit_reason)
    rt = runtime_var.get(None)
    if rt is None:
        if v is not None and v.state != DEAD:
            rt = v.rt  # trio code started by a hosted process
        else:
            me = threading.get_ident()
            with _threads_lock:
                elsewhere = bool(_runtime_threads) and me not in _runtime_threads
            if elsewhere:
                raise _outside(what)
            raise NotInProcessError(
                f"beampy.{what}() must be called from a beampy process or from trio code "
                "inside `async with beampy.open_runtime()`"
            )
    rt.check_thread(what)
    return rt


def thread_started() -> None:
    me = threading.get_ident()
    with _threads_lock:
        _runtime_threads[me] = _runtime_threads.get(me, 0) + 1


def thread_stopped() -> None:
    me = threading.get_ident()
    with _threads_lock:
        left = _runtime_threads.get(me, 1) - 1
        if left:
            _runtime_threads[me] = left
        else:
            _runtime_threads.pop(me, None)


def status_name(p: Proc) -> str:
    if p.exit_reason is not ALIVE:
        return "exiting"
    state = p.state
    if state == RUNNING:
        return "running"
    if state in (WAITING, IN_TRIO):
        return "waiting"
    return "runnable"


def check_invariants(p: Proc) -> None:
    """Asserts the invariants of ``_process.py`` for ``p`` (debug mode only)."""
    state = p.state
    name = STATE_NAMES[state]
    assert (p.wait is not None) == (state == WAITING), f"{p!r}: wait vs {name}"
    assert p.wait_timer is None or state == WAITING or p.resume is RESCAN, (
        f"{p!r}: timer while {name}"
    )
    assert p.fast == (p.prio == _NORMAL and p.host is None), f"{p!r}: fast flag"
    if p.exit_reason is not ALIVE and state != DEAD:
        assert state != WAITING, f"{p!r}: killed but WAITING"
    if state == DEAD:
        assert p.pid._proc is None, f"{p!r}: DEAD but reachable from its pid"
        assert p.links is None, f"{p!r}: DEAD with links"
        assert p.monitors is None, f"{p!r}: DEAD with monitors"
        assert p.monitored_by is None, f"{p!r}: DEAD and monitored"
    elif p.host is None and state == RUNNABLE:
        rt = p.rt
        n = sum(q.count(p) for q in (rt.runq, rt._runq_high, rt._runq_max))
        assert n == 1, f"{p!r}: RUNNABLE and light but on {n} run queues"


class Runtime:
    """A beampy runtime as trio code sees it.

    :func:`beampy.open_runtime` yields one (and
    :func:`beampy.lowlevel.current_runtime` returns the caller's).  Trio code
    inside the ``open_runtime`` block, which has no mailbox of its own, uses it
    to start processes, send to them, signal them, wait for them to exit, and
    receive replies through a temporary :meth:`mailbox`.  Every method must be
    called from the thread that runs the runtime.

    Example::

        async with beampy.open_runtime() as rt:
            async with rt.mailbox() as mb:
                pid = rt.spawn(server)
                rt.send(pid, ("ping", mb.pid))
                print(await mb.receive(("pong", beampy.ANY), timeout=5.0))
            print(await rt.wait_exit(pid))
    """

    __slots__ = ("_kernel",)

    def __init__(self, kernel: Kernel) -> None:
        self._kernel = kernel

    def __repr__(self) -> str:
        return f"<beampy.Runtime processes={len(self._kernel._procs)}>"

    def spawn(
        self,
        fn: Callable[..., Coroutine[Any, Any, Any]],
        *args: Any,
        priority: str = "normal",
        hosted: bool = False,
    ) -> Pid:
        """Starts a process running ``await fn(*args)`` (see :func:`beampy.spawn`)."""
        return self._kernel.spawn(fn, *args, priority=priority, hosted=hosted)

    def send(self, dest: Any, msg: Any) -> Any:
        """Sends ``msg`` to ``dest`` and returns ``msg`` (see :func:`beampy.send`)."""
        return self._kernel.send(dest, msg)

    def exit(self, pid: Pid, reason: Any) -> bool:
        """Sends an exit signal with ``reason`` to ``pid`` (see :func:`beampy.exit`); True.

        The signal comes from the runtime itself: a trapping target receives
        ``ExitMessage(pid, reason)`` whose pid names no process.
        """
        return self._kernel.exit(pid, reason)

    async def wait_exit(self, pid: Pid) -> Any:
        """Waits until the process ``pid`` exits and returns its exit reason.

        Returns ``"noproc"`` at once if it is not alive.  A trio checkpoint.
        """
        return await self._kernel.wait_exit(pid)

    def mailbox(self) -> contextlib.AbstractAsyncContextManager[Mailbox]:
        """A temporary mailbox for trio code: a pid that processes can send and reply to.

        Inside ``async with rt.mailbox() as mb``, ``mb.pid`` is a pid like any
        other (send to it, monitor it, link to it); ``await mb.receive(...)``
        takes messages with the same patterns and timeouts as
        :func:`beampy.receive`, and ``mb.monitor(pid)`` monitors a process so
        that its DOWN arrives there.  Exit signals reach it as
        :class:`ExitMessage` messages (it traps exits), except the untrappable
        ``"kill"``: then its operations raise :class:`ExitSignal` ``"killed"``.
        Leaving the block ends the pid: later messages to it are dropped, its
        monitors are removed, and linked processes get an exit signal with
        reason ``"normal"`` (or ``"killed"``).
        """
        return _open_mailbox(self._kernel)

    def statistics(self) -> RuntimeStatistics:
        """A snapshot of this runtime's counters (trio's ``statistics()`` idiom)."""
        self._kernel.check_thread("Runtime.statistics")
        return self._kernel.statistics()


class Mailbox:
    """A temporary mailbox for trio code; see :meth:`Runtime.mailbox`."""

    __slots__ = ("_carrier", "_proc")

    def __init__(self, proc: Proc) -> None:
        self._proc = proc
        self._carrier = Carrier()

    @property
    def pid(self) -> Pid:
        """The pid that messages to this mailbox are sent to."""
        return self._proc.pid

    def _live(self, what: str) -> Proc:
        p = self._proc
        p.rt.check_thread(what)
        if p.state == DEAD:
            raise RuntimeError(f"Mailbox.{what}(): the mailbox is closed (its block has ended)")
        if p.exit_reason is not ALIVE:  # killed by an untrappable "kill"
            raise ExitSignal(p.exit_reason)
        return p

    async def receive(self, *patterns: Any, timeout: float = math.inf) -> Any:
        """Waits for the oldest message matching one of ``patterns`` (see :func:`beampy.receive`).

        A trio checkpoint, and cancellable like any trio operation: a message
        that arrives as the wait is cancelled stays in the mailbox.

        Raises:
            ReceiveTimeout: nothing matched within ``timeout`` seconds.
        """
        p = self._live("receive")
        if timeout is not math.inf:
            timeout = check_timeout(timeout, "Mailbox.receive() timeout")
        if self._carrier.task is not None:
            raise trio.BusyResourceError(
                "Mailbox.receive(): another task is already waiting on this mailbox"
            )
        if patterns:
            matcher, mark, _ = compile_receive(patterns, p.pid._n)
        else:
            matcher, mark = match_all, 0
        await trio.lowlevel.checkpoint_if_cancelled()
        p = self._live("receive")
        i = p.find(matcher, mark)
        if i >= 0:
            msg = p.take_at(i)
            await trio.lowlevel.cancel_shielded_checkpoint()
            return msg
        scanned = p.mark()
        carrier = self._carrier
        carrier.task = trio.lowlevel.current_task()
        try:
            with trio.fail_after(timeout):
                while True:
                    p.host = carrier
                    p.wait = RESCAN  # this is trio code: every message wakes it to look
                    p.state = WAITING

                    def abort(_: Any, p: Proc = p) -> trio.lowlevel.Abort:
                        p.wait = None
                        p.state = RUNNABLE
                        return trio.lowlevel.Abort.SUCCEEDED

                    await trio.lowlevel.wait_task_rescheduled(abort)
                    p.resume = None
                    self._live("receive")  # closed or killed meanwhile: raise
                    i = p.find(matcher, scanned)
                    if i >= 0:
                        return p.take_at(i)
                    scanned = p.mark()
        except trio.TooSlowError:
            shown = 0 if timeout == 0 else timeout  # (as receive() words it)
            raise ReceiveTimeout(f"Mailbox.receive() timed out after {shown} seconds") from None
        finally:
            carrier.task = None
            p.host = None

    def receive_nowait(self, *patterns: Any) -> Any:
        """Takes the oldest matching message without waiting.

        Raises:
            trio.WouldBlock: no message matches now.
        """
        p = self._live("receive_nowait")
        matcher, mark = (compile_receive(patterns, p.pid._n)[:2]) if patterns else (match_all, 0)
        i = p.find(matcher, mark)
        if i < 0:
            raise trio.WouldBlock
        return p.take_at(i)

    def monitor(self, pid: Pid) -> Ref:
        """Monitors ``pid``: its DOWN arrives in this mailbox (see :func:`beampy.monitor`)."""
        p = self._live("monitor")
        if type(pid) is not Pid:
            raise TypeError(f"Mailbox.monitor() expects a Pid; got {pid!r} ({type(pid).__name__})")
        return p.rt.monitor(p, pid)


@contextlib.asynccontextmanager
async def _open_mailbox(kernel: Kernel) -> collections.abc.AsyncIterator[Mailbox]:
    kernel.check_thread("Runtime.mailbox")
    if kernel._closed:
        raise RuntimeError("Runtime.mailbox(): this runtime is closed")
    no_body: Any = None  # a mailbox is a record without a coroutine: nothing ever steps it
    p = Proc(
        kernel,
        new_pid_number(),
        no_body,
        contextvars.copy_context(),
        _NORMAL,
        None,
        "beampy.lowlevel.Mailbox",
    )
    p.fast = False
    p.trap_exit = True
    p.state = RUNNABLE
    mailbox = Mailbox(p)
    try:
        yield mailbox
    finally:
        waiter = mailbox._carrier.task if p.state == WAITING else None
        p.wait = None
        p.host = None
        kernel.close_mailbox(p)
        if waiter is not None:  # a task still waiting in receive: it finds it closed
            trio.lowlevel.reschedule(waiter)


__all__ = [
    "NEVER",
    "PEEK",
    "RESCAN",
    "ROOT_PID",
    "TIMEOUT",
    "WAIT",
    "YIELD",
    "Carrier",
    "Kernel",
    "Killed",
    "RuntimeStatistics",
    "caller_slow",
    "check_timeout",
    "deliver",
    "is_normal",
    "is_quiet",
    "proc_var",
    "require_proc",
    "require_runtime",
    "runtime_var",
    "send_to",
    "status_name",
]
