"""Stateful property test: beampy's process layer against a model of the BEAM's rules.

A ``RuleBasedStateMachine`` draws random operations (spawn / spawn_link /
spawn_monitor, link, unlink (mostly of a real link), monitor by pid, name or
{name, node} and with an alias, demonitor plain/flush/info, exit/2 with reasons from
``normal kill shutdown {shutdown,1} boom``, send by pid, name or alias, floods of
messages, selective receives (of one sender's messages, of a reply pinning an older
reference, with a timeout), sleep, trap_exit on/off, a process ending by itself,
register/unregister, aliases, ``send_after``/``cancel_timer``/``read_timer`` and
moving the clock, hibernate, armed cleanups that run (and maybe wait) while a killed
process exits, and the same from trio code outside any process).  Besides single
operations there are *batches* (several root actions before any process runs) and
*rounds*: several processes run scripts interleaved, and after k scheduler steps the
root sends signals and observes everything, mid-way.

Each step is performed by real beampy processes in a live runtime
(``tests/property/_harness.py``), which log what they did in the order it happened;
the model (``tests/property/_model.py``) replays that log and checks every entry and,
when the runtime is idle, the whole observable state: results, who is alive, exiting
or dead and with which exit reason, links (symmetric), monitors and ``monitored_by``,
trap flags, registry, timers, runtime counters, and every mailbox (each
EXIT/DOWN/message exactly once, in order per sender).  The runtime's own invariant
checker runs after every scheduler step (``CHECK_INVARIANTS``, see conftest.py).

At teardown the runtime is closed (nothing may be left: no process, carrier, timer,
name, trio task or thread), then the same steps are replayed in a fresh runtime under a
scheduling seed drawn by hypothesis, and under ``beampy.run``: each run is checked
against a fresh model from its own log.

Knobs: ``BEAMPY_PROPERTY_EXAMPLES`` (default 100) and ``BEAMPY_PROPERTY_STEPS``
(default 30), e.g. ``BEAMPY_PROPERTY_EXAMPLES=2000 pytest tests/property``.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import structlog
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.property._harness import (
    GuestSession,
    check_run,
    compare_final,
    replay,
    replay_with_run,
)
from tests.property._model import (
    ADVANCES,
    ALIAS_MODES,
    CLEANUP_OPS,
    DELAYS,
    MONITOR_ALIASES,
    NAMES,
    REASONS,
    ROOT,
    SCRIPT_OPS,
    SELF_EXITS,
    Model,
    Step,
)

MAX_EXAMPLES = int(os.environ.get("BEAMPY_PROPERTY_EXAMPLES", "100"))
MAX_STEPS = int(os.environ.get("BEAMPY_PROPERTY_STEPS", "30"))
#: at most this many processes alive at once, and spawned in all unless none is left
MAX_ALIVE = 12
MAX_SPAWNED = 24

#: an index into the live processes (taken modulo their number)
who = st.integers(min_value=0, max_value=63)
#: an index into every process ever spawned, dead ones included
anyone = st.integers(min_value=0, max_value=63)
reasons = st.sampled_from(REASONS)
names = st.sampled_from(NAMES)
#: "normal" most of the time: low priority processes run rarely
priorities = st.sampled_from(["normal", "normal", "low", "high", "max"])
delays = st.sampled_from(DELAYS)
#: a flood: mostly a few messages, sometimes enough for the mailbox's compactions
flood_sizes = st.sampled_from([3, 3, 12, 40, 40, 300, 600])
#: commands an exit_busy step may queue before its exit signal
#: (process-index arguments are resolved modulo the number of processes)
busy_commands = st.one_of(
    st.tuples(st.just("trap"), st.tuples(st.booleans())),
    st.tuples(st.just("drain"), st.just(())),
    st.tuples(st.just("exit_self"), st.tuples(st.sampled_from(SELF_EXITS))),
    st.tuples(st.sampled_from(["send", "link", "monitor"]), st.tuples(anyone)),
)
#: the ops a script draws from; sends, signals and links more often than the rest
SCRIPT_CHOICES = [*sorted(SCRIPT_OPS), "send", "send", "exit", "link", "monitor", "send_alias"]
CLEANUP_CHOICES = sorted(CLEANUP_OPS)


class ProcessLayerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.model = Model()
        self.session: GuestSession | None = None
        self.steps: list[Step] = []
        self.seed = 0
        self.threads = threading.active_count()
        #: False once a step failed: teardown then only closes the runtime
        self.healthy = True

    # -- plumbing --------------------------------------------------------------

    def _run(self, step: Step) -> None:
        note(f"step {len(self.steps) + 1}: {step!r}")
        assert self.session is not None
        self.healthy = False
        observed = self.session.step(step)
        self.steps.append(step)
        problems = self.model.check_step(step, observed)
        assert not problems, f"after {step!r}:\n  " + "\n  ".join(problems)
        self.healthy = True

    def _live(self, k: int) -> int:
        """A process that can run a command (alive, not waiting, not exiting)."""
        live = self.model.callers()
        return live[k % len(live)]

    def _any(self, k: int) -> int:
        return k % len(self.model.procs)

    def _has_live(self) -> bool:
        return bool(self.model.callers())

    def _has_any(self) -> bool:
        return bool(self.model.alive())

    def _caller(self, k: int | None) -> int | None:
        """``None`` (the root) if so drawn or if no process can run a command, else a caller."""
        return None if k is None or not self._has_live() else self._live(k)

    def _can_spawn(self) -> bool:
        live = len(self.model.alive())
        return live < MAX_ALIVE and (live == 0 or len(self.model.procs) < MAX_SPAWNED)

    def _ref(self, k: int, preferred: list[int]) -> int:
        """A reference: one of ``preferred`` most of the time, else any."""
        if preferred and k % 4:
            return preferred[k % len(preferred)]
        return k % self.model.nrefs

    # -- drawing operations (for scripts, batches and cleanups) ------------------

    def _draw_op(self, data: Any, x: int, choices: list[str]) -> tuple[str, tuple[Any, ...]]:
        """An operation for process ``x`` to run, with arguments that fit the model now."""
        m = self.model
        op = data.draw(st.sampled_from(choices))
        n = len(m.procs)
        t = data.draw(st.integers(0, n - 1))
        k = data.draw(st.integers(0, 63))
        needs_ref = ("send_alias", "reply", "demonitor", "unalias", "cancel_timer", "read_timer")
        if op in needs_ref and m.nrefs == 0:
            return ("make_ref", ())
        if op in ("send", "link"):
            return (op, (t,))
        if op == "unlink":
            links = sorted(m.procs[x].links)
            return (op, (links[k % len(links)] if links and k % 4 else t,))
        if op in ("send_name", "send_name_node", "monitor_name", "unregister"):
            return (op, (data.draw(names),))
        if op == "monitor":
            mode = data.draw(st.sampled_from((None, None, *MONITOR_ALIASES)))
            return (op, (t,) if mode is None else (t, mode))
        if op == "exit":
            return (op, (t, data.draw(reasons)))
        if op == "flood":
            return (op, (t, data.draw(st.sampled_from([2, 5, 20]))))
        if op == "send_alias":
            return (op, (self._ref(k, m.alias_refs()),))
        if op == "reply":
            return (op, (t, k % m.nrefs))
        if op == "demonitor":
            mode = data.draw(st.sampled_from(["plain", "flush", "info"]))
            return (op, (self._ref(k, m.owned_refs(x)), mode))
        if op == "unalias":
            return (op, (self._ref(k, sorted(m.procs[x].aliases)),))
        if op in ("cancel_timer", "read_timer"):
            return (op, (self._ref(k, m.timer_refs()),))
        if op == "trap":
            return (op, (data.draw(st.booleans()),))
        if op == "priority":
            return (op, (data.draw(priorities),))
        if op == "register":
            return (op, (t if k % 2 else x, data.draw(names)))
        if op == "spawn":
            kind = data.draw(st.sampled_from(["spawn", "spawn_link", "spawn_monitor"]))
            return (op, (kind, data.draw(st.booleans()), data.draw(priorities)))
        if op == "alias":
            return (op, (data.draw(st.sampled_from(ALIAS_MODES)),))
        if op == "make_ref":
            return (op, ())
        if op == "send_after":
            dest = ("pid", t) if k % 3 else ("name", data.draw(names))
            return (op, (dest, data.draw(delays)))
        if op == "exit_self":
            return (op, (data.draw(st.sampled_from(SELF_EXITS)),))
        raise AssertionError(op)

    def _draw_root_action(self, data: Any) -> Step:
        m = self.model
        t = data.draw(st.integers(0, len(m.procs) - 1))
        kind = data.draw(st.sampled_from(["exit", "exit", "send", "send_alias", "spawn"]))
        if kind == "exit":
            return Step("exit", None, (t, data.draw(reasons)))
        if kind == "send_alias" and m.nrefs:
            k = data.draw(st.integers(0, 63))
            return Step("send_alias", None, (self._ref(k, m.alias_refs()),))
        if kind == "spawn" and self._can_spawn():
            return Step("spawn", None, (data.draw(st.booleans()), data.draw(priorities)))
        return Step("send", None, (t,))

    # -- rules -----------------------------------------------------------------

    @initialize(seed=st.integers(min_value=0, max_value=2**32 - 1))
    def start(self, seed: int) -> None:
        self.seed = seed
        self.session = GuestSession()
        self._run(Step("spawn", None, (False, "normal")))

    @precondition(lambda self: self._can_spawn())
    @rule(
        parent=st.none() | who,
        kind=st.sampled_from(["spawn", "spawn_link", "spawn_monitor"]),
        hosted=st.booleans(),
        priority=priorities,
    )
    def spawn(self, parent: int | None, kind: str, hosted: bool, priority: str) -> None:
        if parent is None or not self._has_live():
            self._run(Step("spawn", None, (hosted, priority)))
        else:
            self._run(Step("spawn", self._live(parent), (kind, hosted, priority)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone)
    def link(self, caller: int, dest: int) -> None:
        self._run(Step("link", self._live(caller), (self._any(dest),)))

    @precondition(lambda self: self._has_live())
    @rule(k=who, dest=anyone, linked=st.integers(0, 4))
    def unlink(self, k: int, dest: int, linked: int) -> None:
        # most unlinks remove a real link: one of a live caller's
        pairs = [
            (a, b)
            for a0, b0 in self.model.linked_pairs()
            for a, b in ((a0, b0), (b0, a0))
            if a in self.model.callers()
        ]
        if pairs and linked:
            x, t = pairs[k % len(pairs)]
        else:
            x, t = self._live(k), self._any(dest)
        self._run(Step("unlink", x, (t,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone, mode=st.sampled_from((None, None, *MONITOR_ALIASES)))
    def monitor(self, caller: int, dest: int, mode: str | None) -> None:
        args = (self._any(dest),) if mode is None else (self._any(dest), mode)
        self._run(Step("monitor", self._live(caller), args))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, name=names, node_form=st.booleans())
    def monitor_name(self, caller: int, name: str, node_form: bool) -> None:
        op = "monitor_name_node" if node_form else "monitor_name"
        self._run(Step(op, self._live(caller), (name,)))

    @precondition(lambda self: self._has_live() and self.model.nrefs > 0)
    @rule(
        caller=who,
        ref=st.integers(min_value=0, max_value=63),
        mode=st.sampled_from(["plain", "flush", "info"]),
    )
    def demonitor(self, caller: int, ref: int, mode: str) -> None:
        x = self._live(caller)
        self._run(Step("demonitor", x, (self._ref(ref, self.model.owned_refs(x)), mode)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone, reason=reasons)
    def exit(self, caller: int, dest: int, reason: object) -> None:
        self._run(Step("exit", self._live(caller), (self._any(dest), reason)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone)
    def send(self, caller: int, dest: int) -> None:
        self._run(Step("send", self._live(caller), (self._any(dest),)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone, count=flood_sizes)
    def flood(self, caller: int, dest: int, count: int) -> None:
        self._run(Step("flood", self._live(caller), (self._any(dest), count)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, src=st.none() | anyone | st.just(-1))
    def take(self, caller: int, src: int | None) -> None:
        source: Any = None if src is None else ROOT if src < 0 else self._any(src)
        self._run(Step("take", self._live(caller), (source,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, name=names, node_form=st.booleans())
    def send_name(self, caller: int, name: str, node_form: bool) -> None:
        op = "send_name_node" if node_form else "send_name"
        self._run(Step(op, self._live(caller), (name,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, flag=st.booleans())
    def trap(self, caller: int, flag: bool) -> None:
        self._run(Step("trap", self._live(caller), (flag,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, how=st.sampled_from(SELF_EXITS))
    def exit_self(self, caller: int, how: object) -> None:
        self._run(Step("exit_self", self._live(caller), (how,)))

    @precondition(lambda self: self._has_any())
    @rule(caller=st.none() | who, dest=anyone, name=names)
    def register(self, caller: int | None, dest: int, name: str) -> None:
        x = self._caller(caller)
        self._run(Step("register", x, (self._any(dest), name)))

    @precondition(lambda self: self._has_any())
    @rule(caller=st.none() | who, name=names)
    def unregister(self, caller: int | None, name: str) -> None:
        x = self._caller(caller)
        self._run(Step("unregister", x, (name,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who)
    def drain(self, caller: int) -> None:
        self._run(Step("drain", self._live(caller)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who)
    def checkpoint(self, caller: int) -> None:
        self._run(Step("checkpoint", self._live(caller)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who)
    def block(self, caller: int) -> None:
        self._run(Step("block", self._live(caller)))

    @precondition(lambda self: bool(self.model.blocked()))
    @rule(k=who)
    def unblock(self, k: int) -> None:
        blocked = self.model.blocked()
        self._run(Step("unblock", None, (blocked[k % len(blocked)],)))

    @precondition(lambda self: self._has_live())
    @rule(
        k=who,
        signals=st.lists(reasons, min_size=1, max_size=2).map(tuple),
        command=busy_commands,
    )
    def exit_busy(
        self, k: int, signals: tuple[object, ...], command: tuple[str, tuple[Any, ...]]
    ) -> None:
        op, args = command
        if op in ("send", "link", "monitor"):
            args = (self._any(args[0]),)
        self._run(Step("exit_busy", None, (self._live(k), signals, op, args)))

    @precondition(lambda self: self._has_any())
    @rule(dest=anyone, reason=reasons)
    def root_exit(self, dest: int, reason: object) -> None:
        self._run(Step("exit", None, (self._any(dest), reason)))

    @precondition(lambda self: self._has_any())
    @rule(dest=anyone)
    def root_send(self, dest: int) -> None:
        self._run(Step("send", None, (self._any(dest),)))

    @precondition(lambda self: self._has_any())
    @rule(name=names, node_form=st.booleans())
    def root_send_name(self, name: str, node_form: bool) -> None:
        self._run(Step("send_name_node" if node_form else "send_name", None, (name,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, level=priorities)
    def priority(self, caller: int, level: str) -> None:
        self._run(Step("priority", self._live(caller), (level,)))

    # -- aliases and references -------------------------------------------------

    @precondition(lambda self: self._has_live())
    @rule(caller=who, mode=st.sampled_from(ALIAS_MODES))
    def alias(self, caller: int, mode: str) -> None:
        self._run(Step("alias", self._live(caller), (mode,)))

    @precondition(lambda self: self._has_live() and self.model.nrefs > 0)
    @rule(caller=who, ref=st.integers(0, 63))
    def unalias(self, caller: int, ref: int) -> None:
        x = self._live(caller)
        self._run(Step("unalias", x, (self._ref(ref, sorted(self.model.procs[x].aliases)),)))

    @precondition(lambda self: self._has_any() and self.model.nrefs > 0)
    @rule(caller=st.none() | who, ref=st.integers(0, 63))
    def send_alias(self, caller: int | None, ref: int) -> None:
        x = self._caller(caller)
        self._run(Step("send_alias", x, (self._ref(ref, self.model.alias_refs()),)))

    @precondition(lambda self: self._has_live() and self.model.nrefs > 0)
    @rule(caller=who, dest=anyone, ref=st.integers(0, 63))
    def reply(self, caller: int, dest: int, ref: int) -> None:
        self._run(Step("reply", self._live(caller), (self._any(dest), ref % self.model.nrefs)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who)
    def make_ref(self, caller: int) -> None:
        self._run(Step("make_ref", self._live(caller)))

    @precondition(lambda self: self._has_live() and self.model.nrefs > 0)
    @rule(caller=who, ref=st.integers(0, 63))
    def recv_ref(self, caller: int, ref: int) -> None:
        x = self._live(caller)
        self._run(Step("recv_ref", x, (self._ref(ref, self.model.procs[x].refs),)))

    # -- timers -----------------------------------------------------------------

    @precondition(lambda self: self._has_any())
    @rule(caller=st.none() | who, dest=anyone, name=st.none() | names, delay=delays)
    def send_after(self, caller: int | None, dest: int, name: str | None, delay: float) -> None:
        x = self._caller(caller)
        target = ("pid", self._any(dest)) if name is None else ("name", name)
        self._run(Step("send_after", x, (target, delay)))

    @precondition(lambda self: self._has_any() and self.model.nrefs > 0)
    @rule(caller=st.none() | who, ref=st.integers(0, 63), cancel=st.booleans())
    def timer(self, caller: int | None, ref: int, cancel: bool) -> None:
        x = self._caller(caller)
        op = "cancel_timer" if cancel else "read_timer"
        self._run(Step(op, x, (self._ref(ref, self.model.timer_refs()),)))

    @precondition(lambda self: bool(self.model.timers))
    @rule(dt=st.sampled_from(ADVANCES))
    def advance(self, dt: float) -> None:
        self._run(Step("advance", None, (dt,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, src=st.none() | anyone | st.just(-1), timeout=delays)
    def recv_wait(self, caller: int, src: int | None, timeout: float) -> None:
        source: Any = None if src is None else ROOT if src < 0 else self._any(src)
        self._run(Step("recv_wait", self._live(caller), (source, timeout)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, seconds=delays)
    def sleep(self, caller: int, seconds: float) -> None:
        self._run(Step("sleep", self._live(caller), (seconds,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who)
    def hibernate(self, caller: int) -> None:
        self._run(Step("hibernate", self._live(caller)))

    # -- exiting processes ------------------------------------------------------

    @precondition(lambda self: self._has_live())
    @rule(caller=who, data=st.data(), hold=st.booleans())
    def arm(self, caller: int, data: Any, hold: bool) -> None:
        x = self._live(caller)
        n = data.draw(st.integers(0, 3))
        ops = tuple(self._draw_op(data, x, CLEANUP_CHOICES) for _ in range(n))
        self._run(Step("arm", x, (ops, hold)))

    @precondition(lambda self: bool(self.model.held()))
    @rule(k=who)
    def release(self, k: int) -> None:
        held = self.model.held()
        self._run(Step("release", None, (held[k % len(held)],)))

    # -- interleavings ----------------------------------------------------------

    def _round(self, data: Any) -> None:
        callers = self.model.callers()
        n = data.draw(st.integers(1, min(4, len(callers))))
        chosen = data.draw(st.permutations(callers))[:n]
        scripts = []
        for x in chosen:
            length = data.draw(st.integers(1, 4))
            scripts.append(
                (x, tuple(self._draw_op(data, x, SCRIPT_CHOICES) for _ in range(length)))
            )
        k = data.draw(st.integers(0, 14))
        actions = tuple(self._draw_root_action(data) for _ in range(data.draw(st.integers(0, 2))))
        self._run(Step("round", None, (tuple(scripts), k, actions)))

    @precondition(lambda self: self._has_live())
    @rule(data=st.data())
    def round(self, data: Any) -> None:
        self._round(data)

    @precondition(lambda self: self._has_live())
    @rule(data=st.data())
    def round_again(self, data: Any) -> None:
        self._round(data)

    @precondition(lambda self: self._has_live())
    @rule(data=st.data())
    def round_once_more(self, data: Any) -> None:
        self._round(data)

    @precondition(lambda self: self._has_live())
    @rule(data=st.data())
    def batch(self, data: Any) -> None:
        actions: list[Step] = []
        for _ in range(data.draw(st.integers(2, 4))):
            callers = self.model.callers()
            if callers and data.draw(st.booleans()):
                x = data.draw(st.sampled_from(callers))
                op, args = self._draw_op(data, x, SCRIPT_CHOICES)
                actions.append(Step(op, x, args))
            else:
                actions.append(self._draw_root_action(data))
        self._run(Step("batch", None, tuple(actions)))

    # -- teardown --------------------------------------------------------------

    def teardown(self) -> None:
        if self.session is None:
            return
        final = self.session.close()
        if not self.healthy:
            return
        exits = self.model.close()
        problems = compare_final(exits, final)
        assert not problems, "after closing the runtime:\n  " + "\n  ".join(problems)
        # the same steps under a scheduling seed, and under beampy.run(seed=...) with a
        # controller process playing the root: each run checked from its own log
        for run in (replay, replay_with_run):
            problems = check_run(self.steps, run(self.steps, self.seed))
            assert not problems, f"{run.__name__}(seed={self.seed}):\n  " + "\n  ".join(problems)
        assert threading.active_count() == self.threads, "a closed runtime left a thread behind"


def test_process_layer_matches_the_model() -> None:
    with structlog.testing.capture_logs():  # crash reports of agents that raise
        run_state_machine_as_test(
            ProcessLayerMachine,
            settings=settings(
                max_examples=MAX_EXAMPLES,
                stateful_step_count=MAX_STEPS,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
