"""Chaos: random kills in a three-level supervision tree, checked against a model of OTP.

A tree of Supervisors, DynamicSupervisors and workers (three levels of supervisors, drawn
by hypothesis: strategies, restart types, shutdowns, max_restarts and max_seconds) is
started under ``beampy.run`` on an autojump MockClock, optionally with a shuffle seed.
Then, for a long stretch of virtual time, each step waits a drawn delay, hits one live
process (a worker or a supervisor) with a drawn exit reason (``normal``, ``shutdown``,
``("shutdown", x)``, a custom term, an exception, ``kill``), either as an exit signal
from outside or as the process's own exit (a worker's ``stop``, ``Supervisor.stop``), and
waits until the runtime is idle (``trio.testing.wait_all_tasks_blocked``: the clock does
not move meanwhile, so every restart of a cascade happens at the step's instant).

:class:`Model` is a pure-Python account of what OTP's ``supervisor.erl`` and Elixir's
``DynamicSupervisor`` do with the same events: do_restart by restart type and reason,
add_restart's sliding window (a restart exactly ``max_seconds`` old still counts), the
three strategies, escalation to the parent when the intensity is exceeded, auto_shutdown
(any_significant, all_significant) when a significant child is not restarted, orderly
shutdown in reverse start order (depth first), a killed supervisor's children going with
it over their links.  After every step :func:`check` compares the real tree with it:

* every supervisor's children (``_child.describe``, and ``which_children`` /
  ``count_children`` agreeing with it): ids, order, which incarnation runs or
  ``"undefined"``;
* how many times each child has been started, and which incarnations have ended with
  which reason; every start and every end is seen exactly once.  Each start function
  (run inside the supervisor) reports the new process to a recorder process and waits
  until the recorder monitors it, so the recorder sees every end, with its reason,
  through a DOWN in the order the processes ended (a process being killed can send
  nothing, in beampy as on the BEAM, so a monitor is the way to see its end);
* the order of the ends inside each orderly shutdown (reverse start order, depth first;
  a DynamicSupervisor's children at once, in no order; a killed supervisor's children
  after it, in no order);
* no orphan: ``beampy.list()`` is exactly the controller, the recorder and the live
  processes of the model's tree;
* a ``supervisor_intensity_reached`` report exactly for each escalation of the model.

Once the root itself has ended (its intensity reached, or stopped by the test) a new
tree is started and the steps go on.  :func:`test_checks_can_fail` injects bugs into the
supervisors (a window that forgets too early, a strategy that restarts too little or too
much, a temporary child restarted, children stopped in start order, a supervisor that
leaves its children behind, ...) and expects the comparison to fail.

``BEAMPY_CHAOS_EXAMPLES`` (60 by default) sets the examples per strategy.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

import pytest
import structlog
import trio
import trio.testing
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import beampy
from beampy import DownMessage, DynamicSupervisor, Exit, ExitMessage, Pid, Supervisor
from beampy._otp import _dynamic_supervisor, _supervisor
from beampy._otp._child import describe

#: examples per strategy; the whole file stays well under 30 s (BEAMPY_CHAOS_EXAMPLES raises it)
EXAMPLES: Final = int(os.environ.get("BEAMPY_CHAOS_EXAMPLES", "60"))
STEPS: Final = 40
STRATEGIES: Final = (
    "one_for_one",
    "one_for_all",
    "rest_for_one",
    "mixed",
    "dynamic",
    "significant",
)
SIGNAL_REASONS: Final = ("normal", "shutdown", ("shutdown", "x"), "boom", "kill")
STOP_REASONS: Final = ("normal", "shutdown", ("shutdown", "x"), "boom", "crash")
DELAYS: Final = (0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0)

Key = tuple[str, int]  # (path, incarnation): one process of the tree


# == the tree =============================================================================


@dataclass(frozen=True)
class Spec:
    """One child of the drawn tree (the root is a "sup" Spec too)."""

    name: str
    kind: str  # "worker" | "sup" (Supervisor) | "dyn" (DynamicSupervisor)
    restart: str = "permanent"
    shutdown: Any = 5.0
    strategy: str = "one_for_one"
    intensity: int = 3
    period: float = 5.0
    children: tuple[Spec, ...] = ()
    auto_shutdown: str = "never"
    significant: bool = False

    def show(self, indent: str = "") -> str:
        what = self.kind if self.kind == "worker" else f"{self.kind} {self.strategy}"
        if self.kind != "worker":
            what += f" {self.intensity}/{self.period}s auto_shutdown={self.auto_shutdown}"
        if self.significant:
            what += " significant"
        lines = [f"{indent}{self.name}: {what} {self.restart} shutdown={self.shutdown}"]
        lines += [c.show(indent + "  ") for c in self.children]
        return "\n".join(lines)


def _restarts() -> st.SearchStrategy[str]:
    return st.sampled_from(("permanent", "permanent", "transient", "temporary"))


@st.composite
def trees(draw: st.DrawFn, strategy: str) -> Spec:
    """A three-level tree: root -> a middle supervisor -> a leaf supervisor, plus extras."""
    names = (f"{c}{n}" for n in itertools.count() for c in "abcdefgh")

    def strat() -> str:
        if strategy in ("mixed", "dynamic", "significant"):
            return draw(st.sampled_from(("one_for_one", "one_for_all", "rest_for_one")))
        return strategy

    def worker() -> Spec:
        shutdown = draw(st.sampled_from((5.0, 5.0, "brutal_kill", math.inf)))
        return Spec(next(names), "worker", draw(_restarts()), shutdown)

    def sup(level: int, kind: str | None = None) -> Spec:
        if kind is None:
            kind = "dyn" if strategy == "dynamic" else draw(st.sampled_from(("sup", "sup", "dyn")))
        name = next(names)
        children = [worker() for _ in range(draw(st.integers(1, 3)))]
        if level < 3:
            for _ in range(draw(st.integers(0, 1))):
                children.append(sup(level + 1))
            forced = sup(level + 1)
            children.insert(draw(st.integers(0, len(children))), forced)
        auto = "never"
        if kind == "sup" and strategy == "significant":
            # every supervisor shuts down automatically, and every child that may be significant is
            auto = draw(st.sampled_from(("any_significant", "all_significant")))
            children = [replace(c, significant=c.restart != "permanent") for c in children]
        elif kind == "sup":
            auto = draw(st.sampled_from(("never", "never", "any_significant", "all_significant")))
        if auto != "never" and strategy != "significant":
            children = [
                replace(c, significant=c.restart != "permanent" and draw(st.booleans()))
                for c in children
            ]
        return Spec(
            name,
            kind,
            draw(_restarts()) if level > 1 else "permanent",
            draw(st.sampled_from((math.inf, math.inf, 5.0, "brutal_kill"))),
            "one_for_one" if kind == "dyn" else strat(),
            draw(st.integers(0 if level > 1 else 1, 3)),
            draw(st.sampled_from((1.0, 2.0, 5.0))),
            tuple(children),
            auto,
        )

    return sup(1, "sup")


@dataclass(frozen=True)
class Action:
    delay: float
    target: int  # index into the model's live processes, modulo their number
    how: str  # "signal" (beampy.exit from outside) or "stop" (the process exits itself)
    reason: int  # index into SIGNAL_REASONS / STOP_REASONS


actions = st.lists(
    st.builds(
        Action,
        st.sampled_from(DELAYS),
        st.integers(0, 1000),
        st.sampled_from(("signal", "stop")),
        st.integers(0, len(SIGNAL_REASONS) - 1),
    ),
    min_size=STEPS // 2,
    max_size=STEPS,
)


# == the model of what OTP does ===========================================================


@dataclass(eq=False)
class Inst:
    """One running (or ended) process of the tree."""

    spec: Spec
    path: str
    n: int  # its incarnation: the n-th start of this path
    seq: int  # global start order (a DynamicSupervisor lists its children by pid)
    parent: Inst | None
    slots: list[Slot] = field(default_factory=list)
    restarts: list[float] = field(default_factory=list)
    alive: bool = True

    @property
    def key(self) -> Key:
        return (self.path, self.n)


@dataclass(eq=False)
class Slot:
    """A child spec a supervisor keeps, with its running process or None."""

    spec: Spec
    path: str
    inst: Inst | None = None


def _shutdownish(reason: Any) -> bool:
    return reason in ("normal", "shutdown") or (
        type(reason) is tuple and len(reason) == 2 and reason[0] == "shutdown"
    )


class Model:
    """What OTP would do: a pure function of the tree, the actions and the clock."""

    def __init__(self, tree: Spec) -> None:
        self.now = 0.0
        self.starts: Counter[str] = Counter()
        self.ends: dict[Key, Any] = {}
        self.chains: list[list[set[Key]]] = []  # ordering of worker ends in a shutdown
        self.escalations: list[Key] = []
        self._seq = itertools.count()
        self.tree = tree
        self.root: Inst | None = self.start_root()

    def start_root(self) -> Inst:
        return self._start(self.tree, self.tree.name, None)

    # -- starting -----------------------------------------------------------------

    def _start(self, spec: Spec, path: str, parent: Inst | None) -> Inst:
        self.starts[path] += 1
        inst = Inst(spec, path, self.starts[path], 0, parent)
        for c in spec.children:  # children first: their start functions return first
            slot = Slot(c, f"{path}/{c.name}")
            slot.inst = self._start(c, slot.path, inst)
            inst.slots.append(slot)
        inst.seq = next(self._seq)
        return inst

    # -- ending -------------------------------------------------------------------

    def _end(self, inst: Inst, reason: Any, orderly: bool) -> set[Key]:
        """``inst`` ends with ``reason``; a supervisor stops its children first
        (``orderly``) or, killed, takes them with it over the links.  Returns the
        processes that have ended by the time ``inst`` has (a killed supervisor's
        children end after it, in no particular order)."""
        assert inst.alive
        ended: set[Key] = set()
        if inst.spec.kind != "worker":
            if orderly:
                ended = self._terminate(inst, list(inst.slots))
            else:
                for slot in inst.slots:
                    if slot.inst is not None:
                        child = slot.inst
                        # a worker dies of the signal; a supervisor traps it and stops
                        self._end(child, "killed", orderly=child.spec.kind != "worker")
                        slot.inst = None
        inst.alive = False
        self.ends[inst.key] = reason
        return ended | {inst.key}

    def _shutdown(self, slot: Slot) -> set[Key]:
        """OTP's ``shutdown/1`` of one child."""
        child = slot.inst
        assert child is not None
        slot.inst = None
        if slot.spec.shutdown == "brutal_kill":
            return self._end(child, "killed", orderly=False)
        return self._end(child, "shutdown", orderly=True)

    def _terminate(self, sup: Inst, slots: list[Slot]) -> set[Key]:
        """``terminate_children``: reverse start order, one at a time (a
        DynamicSupervisor: all at once); temporary children are forgotten."""
        groups: list[set[Key]] = []
        for slot in reversed(slots):
            if slot.inst is not None:
                groups.append(self._shutdown(slot))
            if slot.spec.restart == "temporary" or sup.spec.kind == "dyn":
                sup.slots.remove(slot)
        if sup.spec.kind == "sup":
            self.chains.append([g for g in groups if g])
        return set().union(*groups)

    # -- restarting ---------------------------------------------------------------

    def _add_restart(self, sup: Inst) -> bool:
        window = [r for r in sup.restarts if r >= self.now - sup.spec.period]
        window.append(self.now)
        sup.restarts = window
        return len(window) <= sup.spec.intensity

    def _child_exited(self, sup: Inst, slot: Slot, reason: Any) -> bool:
        """OTP's ``do_restart`` (Elixir's ``maybe_restart_child``); False: ``sup`` stops."""
        restart = slot.spec.restart
        if restart == "permanent" or (restart == "transient" and not _shutdownish(reason)):
            return self._restart(sup, slot)
        if restart == "temporary" or sup.spec.kind == "dyn":
            sup.slots.remove(slot)
        # do_auto_shutdown: a significant child that is not restarted may stop ``sup``
        if not slot.spec.significant or sup.spec.auto_shutdown == "never":
            return True
        if sup.spec.auto_shutdown == "any_significant":
            return False
        return any(s.spec.significant and s.inst is not None for s in sup.slots)

    def _restart(self, sup: Inst, slot: Slot) -> bool:
        if not self._add_restart(sup):
            self.escalations.append(sup.key)
            if slot.spec.restart == "temporary" or sup.spec.kind == "dyn":
                sup.slots.remove(slot)
            return False
        strategy = sup.spec.strategy
        if strategy == "one_for_one":
            slot.inst = self._start(slot.spec, slot.path, sup)
            if sup.spec.kind == "dyn":  # a new pid: listed last
                sup.slots.remove(slot)
                sup.slots.append(slot)
            return True
        at = sup.slots.index(slot) if strategy == "rest_for_one" else 0
        group = sup.slots[at:]
        self._terminate(sup, group)
        for s in group:
            if s in sup.slots:
                s.inst = self._start(s.spec, s.path, sup)
        return True

    def _exited(self, inst: Inst, reason: Any) -> None:
        """``inst`` has ended: its supervisor reacts, perhaps stopping too."""
        sup = inst.parent
        if sup is None:
            self.root = None
            return
        slot = next(s for s in sup.slots if s.inst is inst)
        slot.inst = None
        if not self._child_exited(sup, slot, reason):
            self._end(sup, "shutdown", orderly=True)
            self._exited(sup, "shutdown")

    # -- the test's actions -------------------------------------------------------

    def live(self) -> list[Inst]:
        """Every live process of the tree, depth first in start order."""

        def walk(inst: Inst) -> Iterator[Inst]:
            yield inst
            for slot in inst.slots:
                if slot.inst is not None:
                    yield from walk(slot.inst)

        return [] if self.root is None else list(walk(self.root))

    def signal(self, inst: Inst, reason: Any) -> None:
        """``beampy.exit(pid, reason)`` from the controller (the root's parent)."""
        if reason == "kill":
            self._end(inst, "killed", orderly=False)
        elif inst.spec.kind == "worker":
            if reason == "normal":
                return  # a process that does not trap exits ignores it
            self._end(inst, reason, orderly=False)
        elif inst is self.root:
            self._end(inst, reason, orderly=True)  # gen_server: an EXIT from its parent
        else:
            return  # a supervisor ignores an EXIT from a stranger
        self._exited(inst, "killed" if reason == "kill" else reason)

    def stop(self, inst: Inst, reason: Any) -> None:
        """A worker exits with ``reason``; ``Supervisor.stop(sup, reason)``."""
        self._end(inst, reason, orderly=True)
        self._exited(inst, reason)


# == the real tree ==========================================================================


async def _worker() -> None:
    """A worker: exits when told to, with the reason it is given."""
    while True:
        msg = await beampy.receive()
        if type(msg) is tuple and msg[0] == "stop":
            if isinstance(msg[1], BaseException):
                raise msg[1]
            raise Exit(msg[1])


async def _announce(recorder: Pid, path: str, pid: Pid) -> None:
    """Tells the recorder a process started and waits until it monitors it.

    Run by the start function, so inside the supervisor, before it goes on: the
    recorder's monitor is in place before anything can end the new process.
    """
    ref = beampy.make_ref()
    beampy.send(recorder, ("started", path, pid, beampy.self(), ref))
    await beampy.receive(("ack", ref))


async def _start_worker(recorder: Pid, path: str) -> Any:
    pid = beampy.spawn_link(_worker)
    await _announce(recorder, path, pid)
    return ("ok", pid)


async def _start_sup(recorder: Pid, spec: Spec, path: str) -> Any:
    children = [_child_spec(recorder, c, f"{path}/{c.name}") for c in spec.children]
    if spec.kind == "sup":
        r = await Supervisor.start_link(
            children,
            strategy=spec.strategy,
            max_restarts=spec.intensity,
            max_seconds=spec.period,
            auto_shutdown=spec.auto_shutdown,
        )
        assert r[0] == "ok", r
    else:
        r = await DynamicSupervisor.start_link(max_restarts=spec.intensity, max_seconds=spec.period)
        assert r[0] == "ok", r
        for child in children:
            started = await DynamicSupervisor.start_child(r[1], child)
            assert started[0] == "ok", started
    await _announce(recorder, path, r[1])
    return r


def _child_spec(recorder: Pid, spec: Spec, path: str) -> dict[str, Any]:
    start: tuple[Any, ...]
    if spec.kind == "worker":
        start = (_start_worker, recorder, path)
    else:
        start = (_start_sup, recorder, spec, path)
    return {
        "id": spec.name,
        "start": start,
        "restart": spec.restart,
        "shutdown": spec.shutdown,
        "type": "worker" if spec.kind == "worker" else "supervisor",
        "significant": spec.significant,
    }


async def _recorder(log: list[tuple[Any, ...]]) -> None:
    """Writes down every start, and every end through a monitor taken at the start."""
    paths: dict[Any, str] = {}
    while True:
        msg = await beampy.receive()
        if type(msg) is DownMessage:
            log.append(("terminated", paths.pop(msg.ref), msg.pid, msg.reason))
        else:
            _, path, pid, sender, ref = msg
            log.append(("started", path, pid))
            paths[beampy.monitor(pid)] = path
            beampy.send(sender, ("ack", ref))


# == comparing ================================================================================


@dataclass
class Seen:
    """The recorder's log, indexed."""

    pid: dict[Key, Pid]
    key: dict[Pid, Key]
    starts: Counter[str]
    ends: dict[Key, Any]
    position: dict[Key, int]  # where each end is in the log


def _seen(log: list[tuple[Any, ...]]) -> Seen:
    s = Seen({}, {}, Counter(), {}, {})
    for i, entry in enumerate(log):
        kind, path, pid, *rest = entry
        if kind == "started":
            assert pid not in s.key, f"{pid} reported started twice"
            s.starts[path] += 1
            k = (path, s.starts[path])
            s.pid[k] = pid
            s.key[pid] = k
        else:
            k = s.key[pid]
            assert k not in s.ends, f"{k} reported terminated twice"
            s.ends[k] = rest[0]
            s.position[k] = i
    return s


def _shown(pid: Any, seen: Seen) -> Any:
    return seen.key.get(pid, pid) if type(pid) is Pid else pid


async def check(model: Model, log: list[tuple[Any, ...]], logs: list[Any], ours: set[Pid]) -> None:
    """The real tree and the recorder's log against the model (AssertionError if not)."""
    seen = _seen(log)
    assert dict(seen.starts) == dict(model.starts), "starts per child"
    expected_ends = set(model.ends)
    assert set(seen.ends) == expected_ends, (
        f"ended: unexpected {sorted(set(seen.ends) - expected_ends)}, "
        f"missing {sorted(expected_ends - set(seen.ends))}"
    )
    for k, reason in model.ends.items():
        got = seen.ends[k]
        if got != reason:
            raise AssertionError(f"{k} ended with {got!r}; OTP: {reason!r}")
    for chain in model.chains:
        at = [[seen.position[k] for k in group] for group in chain]
        for before, after in itertools.pairwise(at):
            assert max(before) < min(after), f"shutdown order: {chain}"
    model.chains.clear()
    live = model.live()
    expected = {seen.pid[i.key] for i in live}
    assert set(beampy.list()) == expected | ours, "orphans or missing processes"
    for inst in live:
        if inst.spec.kind != "worker":
            await _check_children(inst, seen)
    reached = [e["supervisor"] for e in logs if e["event"] == "supervisor_intensity_reached"]
    assert [seen.key[p] for p in reached] == model.escalations, "intensity reached"


async def _check_children(inst: Inst, seen: Seen) -> None:
    pid = seen.pid[inst.key]
    infos = await describe(pid)
    real = [(i.id, _shown(i.pid, seen)) for i in infos]
    slots = inst.slots
    if inst.spec.kind == "dyn":
        slots = sorted(slots, key=lambda s: s.inst.seq if s.inst else -1)
    modelled = [(s.spec.name, s.inst.key if s.inst else "undefined") for s in slots]
    assert real == modelled, f"children of {inst.key}: {real} != OTP {modelled}"
    if inst.spec.kind == "sup":
        which = await Supervisor.which_children(pid)
        assert [(i, p) for i, p, _, _ in which] == [(i.id, i.pid) for i in reversed(infos)]
        counts = await Supervisor.count_children(pid)
        assert counts["specs"] == len(infos)
        assert counts["active"] == sum(1 for i in infos if type(i.pid) is Pid)


# == running it =============================================================================


async def _controller(tree: Spec, steps: list[Action], logs: list[Any]) -> None:
    me = beampy.self()
    beampy.flag("trap_exit", True)  # the root's parent outlives it
    log: list[tuple[Any, ...]] = []
    recorder = beampy.spawn(_recorder, log)
    ours = {me, recorder}
    model = Model(tree)
    root = (await _start_sup(recorder, tree, tree.name))[1]
    await trio.testing.wait_all_tasks_blocked()
    await check(model, log, logs, ours)
    for step in steps:
        if model.root is None:  # the intensity reached the top, or the root was stopped
            assert await beampy.receive(ExitMessage(root, beampy.ANY), timeout=0)
            model.root = model.start_root()
            root = (await _start_sup(recorder, tree, tree.name))[1]
            await trio.testing.wait_all_tasks_blocked()
            await check(model, log, logs, ours)
        live = model.live()
        await beampy.sleep(step.delay)
        model.now = trio.current_time()
        inst = live[step.target % len(live)]
        pid = _seen(log).pid[inst.key]
        reason: Any
        if step.how == "signal":
            reason = SIGNAL_REASONS[step.reason]
            model.signal(inst, reason)
            beampy.exit(pid, reason)
        else:
            reason = STOP_REASONS[step.reason]
            if reason == "crash":
                reason = RuntimeError("crash")
            model.stop(inst, reason)
            if inst.spec.kind == "worker":
                beampy.send(pid, ("stop", reason))
            else:
                await Supervisor.stop(pid, reason)
        await trio.testing.wait_all_tasks_blocked()
        await check(model, log, logs, ours)
    if model.root is not None:
        await Supervisor.stop(root)
        model.stop(model.root, "normal")
        await trio.testing.wait_all_tasks_blocked()
        await check(model, log, logs, ours)
    beampy.exit(recorder, "kill")
    # the root's EXIT (if it ended) is the only message left
    while True:
        try:
            msg = beampy.receive_nowait()
        except trio.WouldBlock:
            break
        assert type(msg) is ExitMessage, msg
        assert msg.pid == root, msg


def run_chaos(tree: Spec, steps: list[Action], seed: int | None) -> None:
    """One run: the tree, the actions, the scheduler's shuffle seed (None: FIFO)."""
    with structlog.testing.capture_logs() as logs:
        try:
            beampy.run(
                _controller,
                tree,
                steps,
                logs,
                clock=trio.testing.MockClock(autojump_threshold=0),
                seed=seed,
            )
        except AssertionError as e:
            raise AssertionError(f"{e}\ntree:\n{tree.show()}") from e


seeds = st.one_of(st.none(), st.integers(0, 2**32 - 1))
_SETTINGS: Final = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("strategy", STRATEGIES)
@_SETTINGS
@given(data=st.data())
def test_tree_matches_the_model_of_otp(strategy: str, data: st.DataObject) -> None:
    tree = data.draw(trees(strategy), label="tree")
    steps = data.draw(actions, label="steps")
    seed = data.draw(seeds, label="seed")
    run_chaos(tree, steps, seed)


# == the checks can fail ======================================================================

Injection = Callable[[pytest.MonkeyPatch], None]
BUGS: dict[str, tuple[str, Injection]] = {}


def bug(strategy: str) -> Callable[[Injection], Injection]:
    """Registers a bug injected into the supervisors, found with trees of ``strategy``."""

    def register(fn: Injection) -> Injection:
        BUGS[fn.__name__] = (strategy, fn)
        return fn

    return register


@bug("mixed")
def window_forgets_a_restart_max_seconds_old(mp: pytest.MonkeyPatch) -> None:
    def add_restart(s: Any) -> bool:
        now = trio.current_time()
        while s.restarts and s.restarts[0] <= now - s.period:
            s.restarts.popleft()
        s.restarts.append(now)
        return len(s.restarts) <= s.intensity  # type: ignore[no-any-return]

    mp.setattr(_supervisor, "_add_restart", add_restart)


@bug("mixed")
def intensity_never_reached(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(_supervisor, "_add_restart", lambda s: True)


def _strategy_as(mp: pytest.MonkeyPatch, strategy: str, instead: str) -> None:
    original = _supervisor._restart_strategy

    async def restart_strategy(s: Any, child: Any) -> Any:
        if s.strategy != strategy:
            return await original(s, child)
        s.strategy = instead
        try:
            return await original(s, child)
        finally:
            s.strategy = strategy

    mp.setattr(_supervisor, "_restart_strategy", restart_strategy)


@bug("one_for_all")
def one_for_all_restarts_only_the_child(mp: pytest.MonkeyPatch) -> None:
    _strategy_as(mp, "one_for_all", "one_for_one")


@bug("rest_for_one")
def rest_for_one_restarts_all(mp: pytest.MonkeyPatch) -> None:
    _strategy_as(mp, "rest_for_one", "one_for_all")


@bug("mixed")
def temporary_child_restarted(mp: pytest.MonkeyPatch) -> None:
    original = _supervisor._do_restart

    async def do_restart(s: Any, child: Any, reason: Any) -> bool:
        if child.restart == "temporary" and not _shutdownish(reason):
            return await _supervisor._restart(s, child)
        return await original(s, child, reason)

    mp.setattr(_supervisor, "_do_restart", do_restart)


@bug("mixed")
def children_stopped_in_start_order(mp: pytest.MonkeyPatch) -> None:
    original = _supervisor._terminate_children

    async def terminate_children(s: Any, ids: list[Any]) -> None:
        await original(s, list(reversed(ids)))

    mp.setattr(_supervisor, "_terminate_children", terminate_children)


@bug("mixed")
def stopped_supervisor_leaves_its_children(mp: pytest.MonkeyPatch) -> None:
    async def terminate(self: Any, reason: Any, s: Any) -> str:
        for pid in list(s.by_pid):
            beampy.unlink(pid)
        return "ok"

    mp.setattr(_supervisor._SupervisorServer, "terminate", terminate)


@bug("mixed")
def auto_shutdown_ignored(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(_supervisor, "_auto_shutdown", lambda s, child: False)


@bug("significant")
def all_significant_acts_as_any(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(_supervisor, "_auto_shutdown", lambda s, child: child.significant)


@bug("dynamic")
def dynamic_window_never_slides(mp: pytest.MonkeyPatch) -> None:
    def add_restart(s: Any) -> bool:
        s.restarts.append(trio.current_time())
        return len(s.restarts) <= s.intensity  # type: ignore[no-any-return]

    mp.setattr(_dynamic_supervisor, "_add_restart", add_restart)


@bug("dynamic")
def dynamic_transient_restarted_after_normal_exit(mp: pytest.MonkeyPatch) -> None:
    original = _dynamic_supervisor._maybe_restart

    async def maybe_restart(s: Any, pid: Pid, reason: Any) -> bool:
        child = s.children.get(pid)
        if child is not None and child.restart == "transient" and reason == "normal":
            return await _dynamic_supervisor._restart_child(s, pid, child)
        return await original(s, pid, reason)

    mp.setattr(_dynamic_supervisor, "_maybe_restart", maybe_restart)


#: examples a bug gets before it counts as missed
BUG_EXAMPLES: Final = 100


@pytest.mark.parametrize("name", sorted(BUGS))
def test_checks_can_fail(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    strategy, inject = BUGS[name]
    inject(monkeypatch)

    @settings(
        max_examples=BUG_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.generate,),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def chaos(data: st.DataObject) -> None:
        run_chaos(data.draw(trees(strategy)), data.draw(actions), data.draw(seeds))

    with pytest.raises(AssertionError):
        chaos()
