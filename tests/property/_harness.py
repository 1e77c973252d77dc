"""Runs :class:`~tests.property._model.Step` lists against a real beampy runtime.

Every model process is a real beampy process running :func:`agent`: a loop that
selectively receives :class:`Cmd` messages, performs the operation *itself* (so
``link``, ``monitor``, ``exit``... are real calls made by the real process) and
writes the result into a shared dict.  Every other message stays in its mailbox,
where the test reads it with ``beampy.info(pid, "messages")``.

The trio side (:class:`Executor`) sends one command, waits until the whole runtime
is idle (``trio.testing.wait_all_tasks_blocked``: the scheduler carrier is parked,
every exit watcher has run), then observes every process through the public API
only.  Observations are translated into the model's abstract terms, so runs with
different pid numbers or scheduling seeds can be compared with the same model.

Two ways to drive a session:

* :class:`GuestSession` runs trio in *guest mode* on a host loop the test pumps by
  hand, so a synchronous ``RuleBasedStateMachine`` can execute one step at a time.
  With ``MockClock(autojump_threshold=0)`` every guest tick has timeout 0, so trio
  never enters its I/O thread: the whole run is single-threaded and deterministic.
* :func:`replay` runs a recorded step list under a plain ``trio.run`` (with a
  scheduling seed), :func:`replay_with_run` under ``beampy.run(..., seed=...)``
  with a controller process playing the root's part.
"""

from __future__ import annotations

import math
import queue
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import outcome
import trio
import trio.lowlevel
import trio.testing

import beampy
import beampy.lowlevel
from tests.property._model import (
    NAMES,
    NO_RESULT,
    ROOT,
    Expected,
    ProcView,
    Step,
    Term,
    mailbox_mismatch,
    ok,
    raised,
)

MISSING: Final = ("missing",)


@dataclass(frozen=True)
class Cmd:
    """A command for an agent; ``args`` are real pids/refs/names."""

    cid: int
    op: str
    args: tuple[Any, ...]


@dataclass
class Shared:
    """What agents and the executor share (everything runs on one thread)."""

    results: dict[int, Any] = field(default_factory=dict)
    #: what each blocked agent waits for (see the ``block`` command)
    gates: dict[beampy.Pid, trio.Event] = field(default_factory=dict)


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


_OPS: Final[dict[str, Callable[..., Any]]] = {
    "link": lambda shared, pid: beampy.link(pid),
    "unlink": lambda shared, pid: beampy.unlink(pid),
    "monitor": lambda shared, target: beampy.monitor(target),
    "demonitor": lambda shared, ref, mode: _demonitor(ref, mode),
    "exit": lambda shared, pid, reason: beampy.exit(pid, reason),
    "send": lambda shared, dest, n: beampy.send(dest, ("msg", beampy.self(), n)),
    "trap": lambda shared, flag: beampy.flag("trap_exit", flag),
    "priority": lambda shared, level: beampy.flag("priority", level),
    "register": lambda shared, pid, name: beampy.register(pid, name),
    "unregister": lambda shared, name: beampy.unregister(name),
    "spawn": _spawn,
}


async def agent(shared: Shared) -> None:
    """A model process: executes the commands it is sent, leaves other messages queued."""
    while True:
        cmd = await beampy.receive(Cmd)
        if cmd.op == "exit_self":
            (how,) = cmd.args
            if how == "return":
                return
            if how == "raise":
                raise RuntimeError("boom")
            raise beampy.Exit(how[1])
        if cmd.op == "drain":
            n = 0
            while True:
                try:
                    await beampy.receive(timeout=0)
                except beampy.ReceiveTimeout:
                    break
                n += 1
            shared.results[cmd.cid] = ("ok", n)
            continue
        if cmd.op == "checkpoint":  # awaiting trio moves the process to its own carrier
            await trio.lowlevel.checkpoint()
            shared.results[cmd.cid] = ("ok", None)
            continue
        if cmd.op == "block":  # wait inside trio until the test sets the gate
            gate = shared.gates[beampy.self()] = trio.Event()
            shared.results[cmd.cid] = ("ok", "blocked")
            await gate.wait()
            continue
        try:
            value = _OPS[cmd.op](shared, *cmd.args)
        except Exception as exc:
            shared.results[cmd.cid] = ("raised", type(exc).__name__)
        else:
            shared.results[cmd.cid] = ("ok", value)


# -- observations -------------------------------------------------------------------


@dataclass(frozen=True)
class Observed:
    """What the test saw after one step (abstract terms, as in the model)."""

    result: Term
    procs: tuple[ProcView | tuple[str, Term], ...]
    mailboxes: tuple[tuple[Term, ...], ...]
    registry: tuple[tuple[str, int], ...]
    #: model-independent invariants that failed (link symmetry, statistics...)
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


def compare(expected: Expected, observed: Observed) -> list[str]:
    """Every difference between the model's prediction and the observation."""
    out = [f"invariant: {p}" for p in observed.problems]
    if observed.result != expected.result:
        out.append(f"result: got {observed.result!r}, expected {expected.result!r}")
    if len(observed.procs) != len(expected.procs):
        out.append(f"{len(observed.procs)} processes known, expected {len(expected.procs)}")
        return out
    for i, (want, got) in enumerate(zip(expected.procs, observed.procs, strict=True)):
        if want != got:
            out.append(f"P{i}: got {got!r}, expected {want!r}")
            continue
        why = mailbox_mismatch(expected.mailboxes[i], observed.mailboxes[i])
        if why is not None:
            out.append(f"P{i} mailbox: {why}")
    if observed.registry != expected.registry:
        out.append(f"registry: got {observed.registry!r}, expected {expected.registry!r}")
    return out


def compare_final(expected_exits: list[Term], final: Aftermath) -> list[str]:
    out = []
    if list(final.exits) != expected_exits:
        out.append(f"exit reasons: got {list(final.exits)!r}, expected {expected_exits!r}")
    for what in ("processes", "runnable", "hosted", "carriers", "timers", "registered"):
        if getattr(final, what) != 0:
            out.append(f"after close, statistics().{what} == {getattr(final, what)}")
    if final.leftover_tasks != 0:
        out.append(f"after close, {final.leftover_tasks} trio task(s) still alive")
    return out


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
        return beampy.exit(pid, reason)

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
        self.exits: dict[int, Term] = {}
        self.nstep = 0
        #: the pid exit signals "from the root" carry (beampy's root pid for trio code,
        #: or the controller process under beampy.run)
        self.root = root

    # -- abstraction --------------------------------------------------------------

    def abstract(self, v: Any) -> Term:
        t = type(v)
        if t is beampy.Pid:
            i = self.pid_ids.get(v)
            if i is not None:
                return ("pid", i)
            if v == self.root or (self.root is None and repr(v) == "<0.0.0>"):
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
        elif type(v) is beampy.Pid and v not in self.pid_ids:
            i = len(self.pids)
            self.pids.append(v)
            self.pid_ids[v] = i
            self.nursery.start_soon(self._watch, i, v)
        elif type(v) is beampy.Ref and v not in self.ref_ids:
            self.ref_ids[v] = len(self.refs)
            self.refs.append(v)

    async def _watch(self, i: int, pid: beampy.Pid) -> None:
        reason = await self.rt.wait_exit(pid)
        self.exits[i] = self.abstract(reason)

    # -- steps ----------------------------------------------------------------------

    def _resolve(self, step: Step) -> tuple[str, tuple[Any, ...]]:
        """The real operation and arguments of an abstract step."""
        op, a = step.op, step.args
        if op in ("link", "unlink", "monitor"):
            return op, (self.pids[a[0]],)
        if op == "monitor_name":
            return "monitor", (a[0],)
        if op == "monitor_name_node":
            return "monitor", ((a[0], beampy.NODE),)
        if op == "demonitor":
            return op, (self.refs[a[0]], a[1])
        if op == "exit":
            return op, (self.pids[a[0]], a[1])
        if op == "send":
            return op, (self.pids[a[0]], self.nstep)
        if op == "send_name":
            return "send", (a[0], self.nstep)
        if op == "send_name_node":
            return "send", ((a[0], beampy.NODE), self.nstep)
        if op == "register":
            return op, (self.pids[a[0]], a[1])
        if op in ("unblock", "exit_busy"):
            return op, (self.pids[a[0]], *a[1:])
        return op, a

    def _root_op(self, op: str, args: tuple[Any, ...]) -> Any:
        """An operation done by trio code (outside any process)."""
        try:
            if op == "spawn":
                hosted, priority = args
                return ("ok", self.rt.spawn(agent, self.shared, hosted=hosted, priority=priority))
            if op == "exit":
                return ("ok", self.rt.exit(*args))
            if op == "send":
                dest, n = args
                return ("ok", self.rt.send(dest, ("msg", None, n)))
            if op == "register":
                return ("ok", beampy.register(*args))
            if op == "unregister":
                return ("ok", beampy.unregister(*args))
            if op == "unblock":
                (pid,) = args
                return ("ok", self.shared.gates.pop(pid).set())
        except Exception as exc:
            return ("raised", type(exc).__name__)
        raise AssertionError(op)

    async def do(self, step: Step) -> Observed:
        self.nstep += 1
        op, args = self._resolve(step)
        if op == "exit_busy":
            # the command is queued (the agent becomes runnable), then the signal
            # reaches it before it could run
            t, reasons, sub_op, sub_args = step.args
            real_op, real_args = self._resolve(Step(sub_op, t, sub_args))
            cid = self.nstep
            self.rt.send(self.pids[t], Cmd(cid, real_op, real_args))
            for reason in reasons:
                self.rt.exit(self.pids[t], reason)
            await trio.testing.wait_all_tasks_blocked()
            raw = self.shared.results.pop(cid, None)
        elif step.caller is None:
            raw = self._root_op(op, args)
        else:
            cid = self.nstep
            self.rt.send(self.pids[step.caller], Cmd(cid, op, args))
            await trio.testing.wait_all_tasks_blocked()
            raw = self.shared.results.pop(cid, None)
        if raw is not None and raw[0] == "ok":
            self._learn(raw[1])
        await trio.testing.wait_all_tasks_blocked()
        result: Term
        if raw is None:
            result = NO_RESULT
        elif raw[0] == "ok":
            result = ok(self.abstract(raw[1]))
        else:
            result = raised(raw[1])
        return self.observe(result)

    def observe(self, result: Term) -> Observed:
        problems: list[str] = []
        procs: list[ProcView | tuple[str, Term]] = []
        mailboxes: list[tuple[Term, ...]] = []
        live_links: dict[int, set[int]] = {}
        for i, pid in enumerate(self.pids):
            inf = beampy.info(pid)
            if beampy.is_alive(pid) != (inf is not None):
                problems.append(f"P{i}: is_alive() disagrees with info()")
            if inf is None:
                procs.append(("dead", self.exits.get(i, MISSING)))
                mailboxes.append(())
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
            mailboxes.append(tuple(self.abstract(m) for m in messages))
        for i, links in live_links.items():
            for j in links:
                if i not in live_links.get(j, ()):
                    problems.append(f"link P{i} -> P{j} is not symmetric")
        registry = []
        for name in beampy.registered():
            where = beampy.whereis(name)
            registry.append((name, self.pid_ids.get(where, -1) if where is not None else -1))
        for name in NAMES:
            where = beampy.whereis(name)
            if (where is None) == (name in beampy.registered()):
                problems.append(f"whereis({name!r}) disagrees with registered()")
            if where is not None and beampy.info(where, "registered_name") != name:
                problems.append(f"whereis({name!r}) is not registered under that name")
        live = sorted(i for i, p in enumerate(self.pids) if beampy.is_alive(p))
        listed = sorted(self.pid_ids.get(p, -1) for p in beampy.list() if p != self.root)
        if listed != live:
            problems.append(f"beampy.list() gives {listed}, live processes are {live}")
        stats = self.rt.statistics()
        extra = 1 if self.root is not None else 0
        if stats.processes != len(live) + extra:
            problems.append(f"statistics().processes == {stats.processes}, {len(live)} alive")
        if stats.registered != len(registry):
            problems.append(f"statistics().registered == {stats.registered}, {len(registry)} names")
        if stats.spawned != len(self.pids) + extra:
            problems.append(f"statistics().spawned == {stats.spawned}, {len(self.pids)} spawned")
        if stats.runnable != 0:
            problems.append(f"statistics().runnable == {stats.runnable} while idle")
        return Observed(
            result=result,
            procs=tuple(procs),
            mailboxes=tuple(mailboxes),
            registry=tuple(sorted(registry)),
            problems=tuple(problems),
        )

    def exit_reasons(self) -> tuple[Term, ...]:
        return tuple(self.exits.get(i, MISSING) for i in range(len(self.pids)))


# -- sessions -----------------------------------------------------------------------


async def run_session(
    steps: AsyncIterator[Step], on_observed: Callable[[Observed], None], seed: int | None
) -> Aftermath:
    """Opens a runtime, runs ``steps`` in it, closes it and reports what is left."""
    baseline = trio.lowlevel.current_statistics().tasks_living
    async with trio.open_nursery() as watchers, beampy.open_runtime(seed=seed) as rt:
        ex = Executor(TrioRoot(rt), watchers)
        async for step in steps:
            on_observed(await ex.do(step))
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
    )


async def _iterate(steps: Iterable[Step]) -> AsyncIterator[Step]:
    for step in steps:
        yield step


def replay(steps: list[Step], seed: int | None) -> Aftermath:
    """Runs ``steps`` in a fresh runtime under ``trio.run`` (autojump clock, given seed)."""
    observed: list[Observed] = []
    final = trio.run(
        run_session,
        _iterate(steps),
        observed.append,
        seed,
        clock=trio.testing.MockClock(autojump_threshold=0),
    )
    return _with_observed(final, observed)


def _with_observed(final: Aftermath, observed: list[Observed]) -> Aftermath:
    return Aftermath(**{**final.__dict__, "observed": tuple(observed)})


async def _controller(steps: list[Step]) -> tuple[tuple[Observed, ...], tuple[Term, ...]]:
    """The first process of :func:`replay_with_run`: it plays the root's part itself."""
    rt = beampy.lowlevel.current_runtime()
    observed = []
    async with trio.open_nursery() as watchers:
        ex = Executor(ProcessRoot(rt), watchers, root=beampy.self())
        for step in steps:
            observed.append(await ex.do(step))
        for pid in ex.pids:  # what closing the runtime would do: the watchers can end
            beampy.exit(pid, "kill")
    return tuple(observed), ex.exit_reasons()


def replay_with_run(steps: list[Step], seed: int | None) -> Aftermath:
    """Runs ``steps`` under ``beampy.run(..., seed=seed)``, driven by a controller process.

    Exit signals and messages "from the root" come from the controller here; the
    statistics after close are not observable, so they are reported as zero.
    """
    observed, exits = beampy.run(
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
        with trio.CancelScope() as self._scope:
            return await run_session(receive, self.observed.append, seed)
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
        return _with_observed(self._outcome.unwrap(), self.observed)
