"""Runs :class:`~tests.property._model.Step` lists against a real beampy runtime.

Every model process is a real beampy process running :func:`agent`: a loop that
selectively receives :class:`Cmd` messages and performs their operations *itself* (so
``link``, ``monitor``, ``exit``... are real calls made by the real process, one after
another with a ``yield_()`` between two operations of a script).  After every
operation it appends an entry to a shared *log*: the order the log gets is the order
things really happened, since a runtime runs one process at a time.  Every other
message stays in its mailbox, where the test reads it with ``beampy.info``.  An agent
can arm a *cleanup* (operations its ``finally`` runs, then maybe a wait, shielded from
cancellation, until the test releases it): that is how a test sees a killed process in
the middle of exiting.

The trio side (:class:`Executor`) performs a step's root actions (sending commands,
exit signals, moving the MockClock...), waits until the whole runtime is idle
(``trio.testing.wait_all_tasks_blocked``), then observes every process through the
public API.  A *round* step does not run to idle first: a hook around the scheduler's
step function (``_step_checked``, which every step goes through while the runtime's
invariant checker is on) counts the steps and, before the k-th, does the round's root
actions and observes everything there, between two scheduler steps, while processes are
in the middle of their scripts or of exiting.  The same hook adds an ``end`` entry to the
log whenever a step ends its process (with the reason the record holds), so the log says
exactly when every process terminated.  The hook is the only place the harness touches
beampy's internals.  Observations are translated into the model's abstract terms, so runs with
different pid numbers or scheduling seeds can be compared with the same model.

Two ways to drive a session:

* :class:`GuestSession` runs trio in *guest mode* on a host loop the test pumps by
  hand, so a synchronous ``RuleBasedStateMachine`` can execute one step at a time.
  With ``MockClock(autojump_threshold=0)`` every guest tick has timeout 0, so trio
  never enters its I/O thread: the whole run is single-threaded and deterministic.
  Between steps the session waits with ``wait_all_tasks_blocked`` rather than on its
  channel, so the clock never jumps by itself: only ``advance`` steps move it.
* :func:`replay` runs a recorded step list under a plain ``trio.run`` (with a
  scheduling seed), :func:`replay_with_run` under ``beampy.run(..., seed=...)``
  with a controller process playing the root's part.

:func:`check_run` checks a whole recorded run against a fresh model.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import queue
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

import outcome
import trio
import trio.lowlevel
import trio.testing

import beampy
import beampy.lowlevel
from beampy._core import _runtime
from tests.property._model import (
    ARG_KINDS,
    CLOSING,
    NAMES,
    NO_RESULT,
    ROOT,
    SKIPPED,
    Model,
    ProcView,
    Step,
    Term,
    command_ops,
    root_actions,
    tag_of,
    valid_args,
)

MISSING: Final = ("missing",)


@dataclass(frozen=True)
class Cmd:
    """A command for an agent: operations ``(op, real args, tag)`` run in order."""

    cid: tuple[int, int]
    ops: tuple[tuple[str, tuple[Any, ...], Any], ...]


@dataclass
class Shared:
    """What agents and the executor share (everything runs on one thread)."""

    #: what happened, in order: see the module docstring and ``Executor._abstract_entry``
    log: list[tuple[Any, ...]] = field(default_factory=list)
    #: what each blocked agent waits for (see the ``block`` command)
    gates: dict[beampy.Pid, trio.Event] = field(default_factory=dict)
    #: what each agent holding in its cleanup waits for
    holds: dict[beampy.Pid, trio.Event] = field(default_factory=dict)
    #: armed cleanups: operations ``(op, args, tag)`` and whether to hold after them
    cleanups: dict[beampy.Pid, tuple[tuple[tuple[str, tuple[Any, ...], Any], ...], bool]] = field(
        default_factory=dict
    )
    #: the runtime is closing: cleanups do not hold any more
    closing: bool = False


def _demonitor(ref: beampy.Ref, mode: str) -> bool:
    if mode == "flush":
        return beampy.demonitor(ref, flush=True)
    if mode == "info":
        return beampy.demonitor(ref, info=True)
    return beampy.demonitor(ref)


def _spawn(shared: Shared, kind: str, hosted: bool = False, priority: Any = "normal") -> Any:
    if kind == "spawn_link":
        return beampy.spawn_link(agent, shared, hosted=hosted, priority=priority)
    if kind == "spawn_monitor":
        return beampy.spawn_monitor(agent, shared, hosted=hosted, priority=priority)
    return beampy.spawn(agent, shared, hosted=hosted, priority=priority)


def _monitor(target: Any, mode: Any = None) -> beampy.Ref:
    if mode is None:
        return beampy.monitor(target)
    return beampy.monitor(target, alias=mode)


def _flood(dest: beampy.Pid, tag: Any, count: int) -> int:
    me = beampy.self()
    for m in range(count):
        beampy.send(dest, ("msg", me, (tag, m)))
    return count


#: The operations that never wait: ``fn(shared, tag, *args)``.
_OPS: Final[dict[str, Callable[..., Any]]] = {
    "link": lambda sh, tag, pid: beampy.link(pid),
    "unlink": lambda sh, tag, pid: beampy.unlink(pid),
    "monitor": lambda sh, tag, target, mode=None: _monitor(target, mode),
    "demonitor": lambda sh, tag, ref, mode: _demonitor(ref, mode),
    "exit": lambda sh, tag, pid, reason: beampy.exit(pid, reason),
    "monitor_name": lambda sh, tag, name: beampy.monitor(name),
    "monitor_name_node": lambda sh, tag, name: beampy.monitor((name, beampy.NODE)),
    "send": lambda sh, tag, dest: beampy.send(dest, ("msg", beampy.self(), tag)),
    "send_name": lambda sh, tag, name: beampy.send(name, ("msg", beampy.self(), tag)),
    "send_name_node": lambda sh, tag, name: beampy.send(
        (name, beampy.NODE), ("msg", beampy.self(), tag)
    ),
    "send_alias": lambda sh, tag, ref: beampy.send(ref, ("reply", ref, beampy.self(), tag)),
    "reply": lambda sh, tag, dest, ref: beampy.send(dest, ("reply", ref, beampy.self(), tag)),
    "flood": lambda sh, tag, dest, count: _flood(dest, tag, count),
    "trap": lambda sh, tag, flag: beampy.flag("trap_exit", flag),
    "priority": lambda sh, tag, level: beampy.flag("priority", level),
    "register": lambda sh, tag, pid, name: beampy.register(pid, name),
    "unregister": lambda sh, tag, name: beampy.unregister(name),
    "spawn": lambda sh, tag, *args: _spawn(sh, *args),
    "alias": lambda sh, tag, mode: beampy.alias(mode),
    "unalias": lambda sh, tag, ref: beampy.unalias(ref),
    "make_ref": lambda sh, tag: beampy.make_ref(),
    "send_after": lambda sh, tag, dest, delay: beampy.send_after(
        dest, ("msg", beampy.self(), tag), delay
    ),
    "cancel_timer": lambda sh, tag, ref: beampy.cancel_timer(ref),
    "read_timer": lambda sh, tag, ref: beampy.read_timer(ref),
    "skip": lambda sh, tag: None,
}


def _run_op(shared: Shared, op: str, args: tuple[Any, ...], tag: Any) -> tuple[Any, ...]:
    """Runs an operation that never waits; ExitSignal propagates."""
    if op == "skip":
        return SKIPPED
    try:
        value = _OPS[op](shared, tag, *args)
    except Exception as exc:
        return ("raised", type(exc).__name__)
    return ("ok", value)


async def _poll(*patterns: Any) -> Any:
    """The oldest message matching ``patterns`` now, or ReceiveTimeout (``after 0``)."""
    return await beampy.receive(*patterns, timeout=0)


async def _take_all(*patterns: Any) -> int:
    n = 0
    while True:
        try:
            await _poll(*patterns)
        except beampy.ReceiveTimeout:
            return n
        n += 1


async def _perform(
    shared: Shared, me: beampy.Pid, cid: Any, k: int, op: str, args: tuple[Any, ...], tag: Any
) -> None:
    """Performs one operation of a command and logs it (and its completion, if it waits)."""
    log = shared.log
    if op == "block":  # wait inside trio until the test sets the gate
        gate = shared.gates[me] = trio.Event()
        log.append(("op", me, cid, k, ("ok", "blocked")))
        try:
            await gate.wait()
        finally:
            shared.gates.pop(me, None)
        return
    if op == "checkpoint":  # awaiting trio moves the process to its own carrier
        await trio.lowlevel.checkpoint()
        log.append(("op", me, cid, k, ("ok", None)))
        return
    if op == "recv_wait":
        src, timeout = args
        log.append(("op", me, cid, k, ("ok", "waiting")))
        try:
            msg = await beampy.receive(("msg", src, beampy.ANY), timeout=timeout)
        except beampy.ReceiveTimeout:
            log.append(("recv", me, cid, ("raised", "ReceiveTimeout")))
        else:
            log.append(("recv", me, cid, ("ok", msg)))
        return
    if op == "sleep":
        (seconds,) = args
        log.append(("op", me, cid, k, ("ok", "sleeping")))
        await beampy.sleep(seconds)
        log.append(("recv", me, cid, ("ok", None)))
        return
    if op == "drain":
        log.append(("op", me, cid, k, ("ok", await _take_all())))
        return
    if op == "take":
        (src,) = args
        log.append(("op", me, cid, k, ("ok", await _take_all(("msg", src, beampy.ANY)))))
        return
    if op == "recv_ref":
        (ref,) = args
        try:
            got = await _poll(
                ("reply", ref, beampy.ANY, beampy.ANY),
                beampy.DownMessage(ref, beampy.ANY, beampy.ANY),
            )
        except beampy.ReceiveTimeout:
            log.append(("op", me, cid, k, ("raised", "ReceiveTimeout")))
        else:
            log.append(("op", me, cid, k, ("ok", got)))
        return
    if op == "arm":
        ops, hold = args
        shared.cleanups[me] = (ops, hold)
        log.append(("op", me, cid, k, ("ok", True)))
        return
    try:
        result = _run_op(shared, op, args, tag)
    except beampy.ExitSignal:  # it killed itself: nothing more of it takes effect
        log.append(("op", me, cid, k, NO_RESULT))
        raise
    log.append(("op", me, cid, k, result))


async def _serve(shared: Shared, me: beampy.Pid) -> Any:
    """Runs commands until one ends the agent (returns None) or hibernates (returns its id)."""
    while True:
        cmd = await beampy.receive(Cmd)
        for k, (op, args, tag) in enumerate(cmd.ops):
            if k:
                await beampy.yield_()
            if op == "exit_self":
                shared.log.append(("op", me, cmd.cid, k, NO_RESULT))
                (how,) = args
                if how == "return":
                    return None
                if how == "raise":
                    raise RuntimeError("boom")
                raise beampy.Exit(how[1])
            if op == "hibernate":
                shared.log.append(("op", me, cmd.cid, k, ("ok", "hibernating")))
                return cmd.cid
            await _perform(shared, me, cmd.cid, k, op, args, tag)


async def _cleanup(shared: Shared, me: beampy.Pid) -> None:
    """The armed cleanup: its operations (none takes effect if the agent was killed), then
    maybe a wait, shielded from the kill's cancellation, until the test releases it."""
    spec = shared.cleanups.get(me)
    if spec is None:
        return
    ops, hold = spec
    for k, (op, args, tag) in enumerate(ops):
        try:
            result = _run_op(shared, op, args, tag)
        except beampy.ExitSignal:
            result = NO_RESULT
        shared.log.append(("cleanup", me, k, result))
    if hold and not shared.closing:
        gate = shared.holds[me] = trio.Event()
        shared.log.append(("hold", me))
        with trio.CancelScope(shield=True):
            await gate.wait()


async def agent(shared: Shared, woke: Any = None) -> None:
    """A model process: executes the commands it is sent, leaves other messages queued.

    ``woke`` is set when it continues after ``hibernate`` (the id of that command).
    """
    me = beampy.self()
    shared.log.append(("start", me) if woke is None else ("woke", me, woke))
    try:
        hibernating = await _serve(shared, me)
    except BaseException:
        await _cleanup(shared, me)
        raise
    if hibernating is None:  # it returned: a normal exit
        await _cleanup(shared, me)
        return
    try:
        await beampy.hibernate(agent, shared, hibernating)
    except beampy.ExitSignal:  # killed while hibernating (hibernate's own switch passes)
        await _cleanup(shared, me)
        raise


# -- observations -------------------------------------------------------------------


@dataclass(frozen=True)
class Observed:
    """What the test saw (abstract terms, as in the model)."""

    #: the log of the step (empty for a mid-round observation)
    entries: tuple[Any, ...]
    #: taken in the middle of a round (processes may be runnable), not at idle
    mid: bool
    procs: tuple[ProcView | tuple[Term, ...], ...]
    #: per process: its messages, commands left out
    mailboxes: tuple[tuple[Term, ...], ...]
    #: per process: the ids of the commands still in its mailbox
    pending: tuple[tuple[Term, ...], ...]
    registry: tuple[tuple[str, int], ...]
    #: runtime counters (the controller process of replay_with_run left out)
    stats: tuple[tuple[str, int], ...]
    #: model-independent invariants that failed (link symmetry, registry...)
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Aftermath:
    """What is left after the runtime closed."""

    exits: tuple[Term, ...]
    processes: int
    runnable: int
    hosted: int
    carriers: int
    timers: int
    registered: int
    leftover_tasks: int
    observed: tuple[Observed, ...] = ()
    problems: tuple[str, ...] = ()


def compare_final(expected_exits: list[Term], final: Aftermath) -> list[str]:
    out = [f"invariant: {p}" for p in final.problems]
    if list(final.exits) != expected_exits:
        out.append(f"exit reasons: got {list(final.exits)!r}, expected {expected_exits!r}")
    for what in ("processes", "runnable", "hosted", "carriers", "timers", "registered"):
        if getattr(final, what) != 0:
            out.append(f"after close, statistics().{what} == {getattr(final, what)}")
    if final.leftover_tasks != 0:
        out.append(f"after close, {final.leftover_tasks} trio task(s) still alive")
    return out


def check_run(steps: list[Step], final: Aftermath) -> list[str]:
    """Checks a whole recorded run (every step's log and observation, the CLOSING step's
    too, then the exit reasons and what is left after close) against a fresh model."""
    model = Model()
    for n, (step, observed) in enumerate(zip([*steps, CLOSING], final.observed, strict=True)):
        problems = model.check_step(step, observed)
        if problems:
            return [f"step {n + 1}: {step!r}", *problems]
    return compare_final(model.close(), final)


# -- the step hook ------------------------------------------------------------------

#: The class whose ``_step_checked`` runs every process step when ``CHECK_INVARIANTS``
#: is on (``Kernel`` since the runtime was split into a kernel and its trio facade).
#: The hook wraps that one rather than ``_step``, which the scheduler may inline and
#: whose code object the long-step sampler looks for.
_KERNEL: Final[Any] = getattr(_runtime, "Kernel", None) or _runtime.Runtime
_HOOKED: Final = "_step_checked"
_ACTIVE: list[Executor] = []


def _hooked_step(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def step(self: Any, p: Any) -> Any:
        if not _ACTIVE:
            return original(self, p)
        ex = _ACTIVE[-1]
        pid = p.pid
        ex.before_step(pid)
        try:
            return original(self, p)
        finally:
            if pid._proc is None:  # the step ended the process
                ex.after_end(pid, p.exit_reason)

    step.hooked = True  # type: ignore[attr-defined]
    return step


@contextlib.contextmanager
def instrumented(executor_slot: list[Executor]) -> Iterator[None]:
    """Wraps the kernel's step while the block runs; ``executor_slot`` gets the executor.

    Needs ``_runtime.CHECK_INVARIANTS`` on (tests/property/conftest.py turns it on):
    then every step, light or hosted, goes through the wrapped method.
    """
    if not _runtime.CHECK_INVARIANTS:
        raise AssertionError("the property harness needs beampy._core._runtime.CHECK_INVARIANTS")
    original = _KERNEL.__dict__[_HOOKED]
    if getattr(original, "hooked", False):
        raise AssertionError("the step hook is installed twice")
    setattr(_KERNEL, _HOOKED, _hooked_step(original))
    try:
        yield
    finally:
        setattr(_KERNEL, _HOOKED, original)
        executor_slot.clear()


# -- the executor -------------------------------------------------------------------


class TrioRoot:
    """How the executor acts "from the root": trio code outside any process."""

    def __init__(self, rt: beampy.lowlevel.Runtime) -> None:
        self.rt = rt

    def spawn(self, fn: Any, *args: Any, hosted: bool, priority: Any) -> beampy.Pid:
        return self.rt.spawn(fn, *args, hosted=hosted, priority=priority)

    def send(self, dest: Any, msg: Any) -> Any:
        return self.rt.send(dest, msg)

    def exit(self, pid: beampy.Pid, reason: Any) -> Any:
        return self.rt.exit(pid, reason)

    async def wait_exit(self, pid: beampy.Pid) -> Any:
        return await self.rt.wait_exit(pid)

    def statistics(self) -> beampy.lowlevel.RuntimeStatistics:
        return self.rt.statistics()


class ProcessRoot(TrioRoot):
    """The same, done by a controller process (the first process of ``beampy.run``)."""

    def spawn(self, fn: Any, *args: Any, hosted: bool, priority: Any) -> beampy.Pid:
        return beampy.spawn(fn, *args, hosted=hosted, priority=priority)

    def send(self, dest: Any, msg: Any) -> Any:
        return beampy.send(dest, msg)

    def exit(self, pid: beampy.Pid, reason: Any) -> Any:
        return beampy.exit(pid, reason)


@dataclass
class _Round:
    first: int  # index of the first intervention among the step's root actions
    k: int  # scheduler steps before the interventions
    count: int = 0
    fired: bool = False


class Executor:
    """Applies steps to a live runtime and observes the result."""

    def __init__(self, rt: TrioRoot, nursery: trio.Nursery, root: Any = None) -> None:
        self.rt = rt
        self.nursery = nursery
        self.shared = Shared()
        self.pids: list[beampy.Pid] = []
        self.pid_ids: dict[beampy.Pid, int] = {}
        self.refs: list[beampy.Ref] = []
        self.ref_ids: dict[beampy.Ref, int] = {}
        #: exit reasons seen by trio-side waiters (``wait_exit``)
        self.waited: dict[int, Term] = {}
        #: exit reasons from the log's ``end`` entries
        self.ended: dict[int, Term] = {}
        self.nstep = 0
        #: the pid exit signals "from the root" carry under beampy.run (the controller)
        self.root = root
        self.extra = 0 if root is None else 1
        self.entries: list[Any] = []
        self._seen = 0
        self._ctx = contextvars.copy_context()
        self._round: _Round | None = None
        self._actions: list[Step] = []
        self._nprocs0 = 0
        self._nrefs0 = 0

    # -- abstraction --------------------------------------------------------------

    def abstract(self, v: Any) -> Term:
        t = type(v)
        if t is beampy.Pid:
            i = self.pid_ids.get(v)
            if i is not None:
                return ("pid", i)
            if v == self.root or repr(v) == "<0.0.0>":
                return ROOT
            return ("pid?", repr(v))
        if t is beampy.Ref:
            r = self.ref_ids.get(v)
            return ("ref", r) if r is not None else ("ref?", repr(v))
        if t is beampy.DownMessage:
            return ("DOWN", self.abstract(v.ref), self.abstract(v.pid), self.abstract(v.reason))
        if t is beampy.ExitMessage:
            return ("EXIT", self.abstract(v.pid), self.abstract(v.reason))
        if t is tuple:
            if len(v) == 3 and v[0] == "msg":
                return ("MSG", ROOT if v[1] is None else self.abstract(v[1]), v[2])
            if len(v) == 4 and v[0] == "reply":
                sender = ROOT if v[2] is None else self.abstract(v[2])
                return ("REPLY", self.abstract(v[1]), sender, v[3])
            if len(v) == 2 and type(v[0]) is str and v[1] == beampy.NODE:
                return ("name", v[0])
            return tuple(self.abstract(x) for x in v)
        if isinstance(v, BaseException):
            return ("error", type(v).__name__, str(v))
        return v

    def _learn(self, v: Any) -> None:
        """Gives indexes to the pids and refs a result brings (new processes, monitors)."""
        if type(v) is tuple:
            for x in v:
                self._learn(x)
        elif type(v) is beampy.Pid and v not in self.pid_ids and v != self.root:
            i = len(self.pids)
            self.pids.append(v)
            self.pid_ids[v] = i
            self.nursery.start_soon(self._watch, i, v)
        elif type(v) is beampy.Ref and v not in self.ref_ids:
            self.ref_ids[v] = len(self.refs)
            self.refs.append(v)

    async def _watch(self, i: int, pid: beampy.Pid) -> None:
        reason = await self.rt.wait_exit(pid)
        self.waited[i] = self.abstract(reason)

    def _index(self, pid: Any) -> Any:
        i = self.pid_ids.get(pid)
        return i if i is not None else ("pid?", repr(pid))

    def _result(self, raw: tuple[Any, ...]) -> Term:
        if raw[0] == "ok":
            self._learn(raw[1])
            return ("ok", self.abstract(raw[1]))
        return raw

    def _abstract_entry(self, e: tuple[Any, ...]) -> tuple[Any, ...]:
        kind = e[0]
        if kind == "root":
            return ("root", e[1], self._result(e[2]))
        i = self._index(e[1])
        if kind == "op":
            return ("op", i, e[2], e[3], self._result(e[4]))
        if kind == "cleanup":
            return ("cleanup", i, e[2], self._result(e[3]))
        if kind == "recv":
            return ("recv", i, e[2], self._result(e[3]))
        if kind == "woke":
            return ("woke", i, e[2])
        if kind == "end":
            reason = self.abstract(e[2])
            if type(i) is int:
                self.ended[i] = reason
            return ("end", i, reason)
        return (kind, i)

    def _drain(self) -> None:
        """Translates the log entries written since the last call."""
        log = self.shared.log
        while self._seen < len(log):
            e = log[self._seen]
            self._seen += 1
            self.entries.append(self._abstract_entry(e))

    # -- the step hook --------------------------------------------------------------

    def before_step(self, pid: beampy.Pid) -> None:
        rnd = self._round
        if rnd is None or pid == self.root:
            return
        if not rnd.fired and rnd.count == rnd.k:
            self._ctx.run(self._intervene)
        rnd.count += 1

    def after_end(self, pid: beampy.Pid, reason: Any) -> None:
        if pid != self.root:
            self.shared.log.append(("end", pid, reason))

    def _intervene(self) -> None:
        """A round's root actions, then an observation: between two scheduler steps."""
        rnd = self._round
        assert rnd is not None
        rnd.fired = True
        for j in range(rnd.first, len(self._actions)):
            self._do_root_action(j)
        self._drain()
        self.entries.append(("obs", self.observe(mid=True)))

    # -- steps ----------------------------------------------------------------------

    def _resolve(self, caller: Any, op: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """The real arguments of an operation (see ``ARG_KINDS``)."""
        out: list[Any] = []
        for kind, a in zip(ARG_KINDS.get(op, ""), args, strict=False):
            if kind == "p":
                out.append(self.pids[a])
            elif kind == "r":
                out.append(self.refs[a])
            elif kind == "d":
                out.append(self.pids[a[1]] if a[0] == "pid" else a[1])
            elif kind == "s":
                out.append(beampy.ANY if a is None else None if a == ROOT else self.pids[a])
            elif kind == "c":
                out.append(
                    tuple(
                        (o, self._resolve(caller, o, x), ("cleanup", caller, k))
                        for k, (o, x) in enumerate(a)
                    )
                )
            else:
                out.append(a)
        out.extend(args[len(out) :])
        return tuple(out)

    def _root_op(self, op: str, args: tuple[Any, ...], tag: Any) -> Any:
        """An operation done by the root (trio code, or the controller process)."""
        sh = self.shared
        if op == "spawn":
            hosted, priority = args
            return self.rt.spawn(agent, sh, hosted=hosted, priority=priority)
        if op == "exit":
            return self.rt.exit(*args)
        if op == "send":
            return self.rt.send(args[0], ("msg", None, tag))
        if op == "send_name":
            return self.rt.send(args[0], ("msg", None, tag))
        if op == "send_name_node":
            return self.rt.send((args[0], beampy.NODE), ("msg", None, tag))
        if op == "send_alias":
            return self.rt.send(args[0], ("reply", args[0], None, tag))
        if op == "register":
            return beampy.register(*args)
        if op == "unregister":
            return beampy.unregister(*args)
        if op == "unblock":
            gate = sh.gates.pop(args[0], None)
            return None if gate is None else gate.set()
        if op == "release":
            gate = sh.holds.pop(args[0], None)
            return None if gate is None else gate.set()
        if op == "advance":
            clock: Any = trio.lowlevel.current_clock()
            return clock.jump(args[0])
        if op == "close":
            sh.closing = True
            for gate in list(sh.holds.values()):
                gate.set()
            sh.holds.clear()
            return None
        if op == "send_after":
            dest, delay = args
            return beampy.send_after(dest, ("msg", None, tag), delay)
        if op == "cancel_timer":
            return beampy.cancel_timer(args[0])
        if op == "read_timer":
            return beampy.read_timer(args[0])
        raise AssertionError(op)

    def _do_root_action(self, j: int) -> None:
        action = self._actions[j]
        raw: tuple[Any, ...]
        if action.caller is not None:  # a command: send it to its agent
            x = action.caller
            if not 0 <= x < self._nprocs0:
                raw = SKIPPED
            else:
                ops = []
                for k, (op, args) in enumerate(command_ops(action)):
                    tag = tag_of(self.nstep, j, k)
                    if valid_args(op, args, self._nprocs0, self._nrefs0):
                        ops.append((op, self._resolve(x, op, args), tag))
                    else:
                        ops.append(("skip", (), tag))
                self.rt.send(self.pids[x], Cmd((self.nstep, j), tuple(ops)))
                raw = ("ok", None)
        elif not valid_args(action.op, action.args, self._nprocs0, self._nrefs0):
            raw = SKIPPED
        else:
            try:
                args = self._resolve(None, action.op, action.args)
                raw = ("ok", self._root_op(action.op, args, tag_of(self.nstep, j, 0)))
            except Exception as exc:
                raw = ("raised", type(exc).__name__)
        self.shared.log.append(("root", j, raw))

    async def do(self, step: Step) -> Observed:
        self.nstep += 1
        self.entries = []
        self._actions = root_actions(step)
        self._nprocs0, self._nrefs0 = len(self.pids), len(self.refs)
        first = len(step.args[0]) if step.op == "round" else len(self._actions)
        for j in range(first):
            self._do_root_action(j)
        if first < len(self._actions):
            self._round = rnd = _Round(first, step.args[1])
            try:
                await trio.testing.wait_all_tasks_blocked()
                if not rnd.fired:
                    self._intervene()
            finally:
                self._round = None
        await trio.testing.wait_all_tasks_blocked()
        self._drain()
        await trio.testing.wait_all_tasks_blocked()  # the new watchers have registered
        self._drain()
        return replace(self.observe(mid=False), entries=tuple(self.entries))

    def observe(self, mid: bool) -> Observed:
        problems: list[str] = []
        procs: list[ProcView | tuple[Term, ...]] = []
        mailboxes: list[tuple[Term, ...]] = []
        pending: list[tuple[Term, ...]] = []
        live_links: dict[int, set[int]] = {}
        for i, pid in enumerate(self.pids):
            inf = beampy.info(pid)
            if beampy.is_alive(pid) != (inf is not None):
                problems.append(f"P{i}: is_alive() disagrees with info()")
            if inf is None:
                procs.append(("dead", self.ended[i]) if i in self.ended else ("exiting",))
                mailboxes.append(())
                pending.append(())
                continue
            linked = [self.pid_ids.get(q, -1) for q in inf["links"]]
            live_links[i] = set(linked)
            procs.append(
                ProcView(
                    links=tuple(sorted(linked)),
                    monitors=tuple(
                        sorted((self.abstract(obj) for _kind, obj in inf["monitors"]), key=repr)
                    ),
                    monitored_by=tuple(
                        sorted(self.pid_ids.get(w, -1) for w in inf["monitored_by"])
                    ),
                    trap=inf["trap_exit"],
                    name=inf["registered_name"],
                    status=inf["status"],
                    priority=inf["priority"],
                    parent=ROOT if inf["parent"] is None else self.abstract(inf["parent"]),
                )
            )
            messages = inf["messages"]
            if inf["message_queue_len"] != len(messages):
                n = inf["message_queue_len"]
                problems.append(f"P{i}: message_queue_len {n} != {len(messages)} messages")
            mailboxes.append(tuple(self.abstract(m) for m in messages if type(m) is not Cmd))
            pending.append(tuple(m.cid for m in messages if type(m) is Cmd))
        for i, links in live_links.items():
            for j in links:
                if j in live_links and i not in live_links[j]:
                    problems.append(f"link P{i} -> P{j} is not symmetric")
        registry = []
        for name in beampy.registered():
            where = beampy.whereis(name)
            registry.append((name, self.pid_ids.get(where, -1) if where is not None else -1))
        for name in NAMES:
            where = beampy.whereis(name)
            if (where is None) == (name in beampy.registered()):
                problems.append(f"whereis({name!r}) disagrees with registered()")
            if (
                where is not None
                and beampy.is_alive(where)
                and beampy.info(where, "registered_name") != name
            ):
                problems.append(f"whereis({name!r}) is not registered under that name")
        live = sorted(i for i, p in enumerate(self.pids) if beampy.is_alive(p))
        listed = sorted(self.pid_ids.get(p, -1) for p in beampy.list() if p != self.root)
        if listed != live:
            problems.append(f"beampy.list() gives {listed}, live processes are {live}")
        stats = self.rt.statistics()
        counts = {
            "processes": stats.processes - self.extra,
            "spawned": stats.spawned - self.extra,
            "registered": stats.registered,
            "timers": stats.timers,
        }
        if not mid:
            counts["hosted"] = stats.hosted - self.extra
            counts["runnable"] = stats.runnable
        return Observed(
            entries=(),
            mid=mid,
            procs=tuple(procs),
            mailboxes=tuple(mailboxes),
            pending=tuple(pending),
            registry=tuple(sorted(registry)),
            stats=tuple(sorted(counts.items())),
            problems=tuple(problems),
        )

    def exit_reasons(self) -> tuple[Term, ...]:
        return tuple(self.ended.get(i, self.waited.get(i, MISSING)) for i in range(len(self.pids)))

    def waiter_problems(self) -> list[str]:
        """Trio-side waiters must see the reason the process ended with (or noproc if late)."""
        out = []
        for i, reason in sorted(self.waited.items()):
            if reason != "noproc" and reason != self.ended.get(i, MISSING):
                out.append(
                    f"P{i}: wait_exit() gave {reason!r}, it ended with {self.ended.get(i)!r}"
                )
        return out


# -- sessions -----------------------------------------------------------------------


async def run_session(
    next_step: Callable[[], Awaitable[Step | None]],
    on_observed: Callable[[Observed], None],
    seed: int | None,
) -> Aftermath:
    """Opens a runtime, runs the steps in it, closes it and reports what is left."""
    baseline = trio.lowlevel.current_statistics().tasks_living
    slot: list[Executor] = _ACTIVE
    with instrumented(slot):
        async with trio.open_nursery() as watchers:
            async with beampy.open_runtime(seed=seed) as rt:
                ex = Executor(TrioRoot(rt), watchers)
                slot.append(ex)
                while (step := await next_step()) is not None:
                    on_observed(await ex.do(step))
                on_observed(await ex.do(CLOSING))
            ex._drain()
        stats = rt.statistics()
    return Aftermath(
        exits=ex.exit_reasons(),
        processes=stats.processes,
        runnable=stats.runnable,
        hosted=stats.hosted,
        carriers=stats.carriers,
        timers=stats.timers,
        registered=stats.registered,
        leftover_tasks=trio.lowlevel.current_statistics().tasks_living - baseline,
        problems=tuple(ex.waiter_problems()),
    )


def replay(steps: list[Step], seed: int | None) -> Aftermath:
    """Runs ``steps`` in a fresh runtime under ``trio.run`` (MockClock, given seed)."""
    observed: list[Observed] = []
    it = iter(steps)

    async def next_step() -> Step | None:
        return next(it, None)

    final = trio.run(
        run_session,
        next_step,
        observed.append,
        seed,
        clock=trio.testing.MockClock(autojump_threshold=0),
    )
    return replace(final, observed=tuple(observed))


async def _controller(
    steps: list[Step],
) -> tuple[tuple[Observed, ...], tuple[Term, ...], list[str]]:
    """The first process of :func:`replay_with_run`: it plays the root's part itself."""
    rt = beampy.lowlevel.current_runtime()
    observed = []
    async with trio.open_nursery() as watchers:
        ex = Executor(ProcessRoot(rt), watchers, root=beampy.self())
        _ACTIVE.append(ex)
        for step in [*steps, CLOSING]:
            observed.append(await ex.do(step))
        for pid in ex.pids:  # what closing the runtime would do: the watchers can end
            beampy.exit(pid, "kill")
    ex._drain()
    return tuple(observed), ex.exit_reasons(), ex.waiter_problems()


def replay_with_run(steps: list[Step], seed: int | None) -> Aftermath:
    """Runs ``steps`` under ``beampy.run(..., seed=seed)``, driven by a controller process.

    Exit signals and messages "from the root" come from the controller here; the
    statistics after close are not observable, so they are reported as zero.
    """
    with instrumented(_ACTIVE):
        observed, exits, problems = beampy.run(
            _controller, steps, clock=trio.testing.MockClock(autojump_threshold=0), seed=seed
        )
    return Aftermath(
        exits=exits,
        processes=0,
        runnable=0,
        hosted=0,
        carriers=0,
        timers=0,
        registered=0,
        leftover_tasks=0,
        observed=observed,
        problems=tuple(problems),
    )


class GuestSession:
    """A runtime in a trio guest run that the test steps synchronously."""

    #: real seconds a step may take before the runtime is declared stuck
    STUCK_AFTER: Final = 30.0

    def __init__(self, seed: int | None = None) -> None:
        self._callbacks: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._outcome: outcome.Outcome[Aftermath] | None = None
        self._send, receive = trio.open_memory_channel[Step](math.inf)
        self.observed: list[Observed] = []
        self._scope: trio.CancelScope | None = None
        trio.lowlevel.start_guest_run(
            self._main,
            receive,
            seed,
            run_sync_soon_threadsafe=self._callbacks.put,
            done_callback=self._done,
            clock=trio.testing.MockClock(autojump_threshold=0),
        )
        self._token = trio.lowlevel.current_trio_token()

    async def _main(self, receive: trio.MemoryReceiveChannel[Step], seed: int | None) -> Aftermath:
        async def next_step() -> Step | None:
            # wait while idle rather than on the channel: the MockClock jumps only when
            # nothing waits for idleness, so between steps time stands still
            while True:
                try:
                    return receive.receive_nowait()
                except trio.WouldBlock:
                    await trio.testing.wait_all_tasks_blocked()
                except trio.EndOfChannel:
                    return None

        with trio.CancelScope() as self._scope:
            return await run_session(next_step, self.observed.append, seed)
        raise AssertionError("the session was cancelled: the runtime got stuck")

    def _done(self, result: outcome.Outcome[Aftermath]) -> None:
        self._outcome = result

    def _pump(self, until: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self.STUCK_AFTER
        while not until() and self._outcome is None:
            left = deadline - time.monotonic()
            try:
                callback = self._callbacks.get(timeout=max(left, 0.0))
            except queue.Empty:
                raise AssertionError("the runtime made no progress (stuck)") from None
            callback()
            if left <= 0:
                raise AssertionError("the runtime did not become idle (stuck)")

    def step(self, step: Step) -> Observed:
        n = len(self.observed)
        self._token.run_sync_soon(self._send.send_nowait, step)
        self._pump(lambda: len(self.observed) > n)
        if len(self.observed) <= n:
            assert self._outcome is not None
            self._outcome.unwrap()  # the session crashed: raise why
            raise AssertionError("the session ended early")
        return self.observed[n]

    def close(self) -> Aftermath:
        """Closes the runtime, ends the guest run and returns what was left."""
        if self._outcome is None:
            self._token.run_sync_soon(self._send.close)
            try:
                self._pump(lambda: False)
            except AssertionError:
                scope = self._scope
                if scope is not None:
                    self._token.run_sync_soon(scope.cancel)
                    self._pump(lambda: False)
                raise
        assert self._outcome is not None
        return replace(self._outcome.unwrap(), observed=tuple(self.observed))
