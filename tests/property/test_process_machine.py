"""Stateful property test: beampy's process layer against a model of the BEAM's rules.

A ``RuleBasedStateMachine`` draws random operations (spawn / spawn_link /
spawn_monitor, link, unlink, monitor by pid, name or {name, node}, demonitor
plain/flush/info,
exit/2 with reasons from ``normal kill shutdown {shutdown,1} boom``, send by pid or
name, trap_exit on/off, a process ending by itself, register/unregister, draining a
mailbox, and the same from trio code outside any process).  Each one is applied to
the model (``tests/property/_model.py``) and performed by a real beampy process in
a live runtime (``tests/property/_harness.py``); after every step the whole
observable state must match the model: results, who is alive and with which exit
reason, links (symmetric), monitors and ``monitored_by``, trap flags, registry,
and every mailbox (each EXIT/DOWN/message exactly once, in order per sender).

At teardown the runtime is closed (nothing may be left: no process, carrier, timer,
name, trio task or thread), then the same steps are replayed in a fresh runtime under a
scheduling seed drawn by hypothesis: every observation must match the model again.

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
    compare,
    compare_final,
    replay,
    replay_with_run,
)
from tests.property._model import NAMES, REASONS, SELF_EXITS, Expected, Model, Step

MAX_EXAMPLES = int(os.environ.get("BEAMPY_PROPERTY_EXAMPLES", "100"))
MAX_STEPS = int(os.environ.get("BEAMPY_PROPERTY_STEPS", "30"))
#: at most this many processes alive at once, and spawned in all unless none is left
#: (keeps the few processes interacting)
MAX_ALIVE = 6
MAX_SPAWNED = 12

#: an index into the live processes (taken modulo their number)
who = st.integers(min_value=0, max_value=63)
#: an index into every process ever spawned, dead ones included
anyone = st.integers(min_value=0, max_value=63)
reasons = st.sampled_from(REASONS)
names = st.sampled_from(NAMES)
#: "normal" most of the time: low priority processes run rarely
priorities = st.sampled_from(["normal", "normal", "low", "high", "max"])
#: commands an exit_busy step may queue before its exit signal
#: (process-index arguments are resolved modulo the number of processes)
busy_commands = st.one_of(
    st.tuples(st.just("trap"), st.tuples(st.booleans())),
    st.tuples(st.just("drain"), st.just(())),
    st.tuples(st.just("exit_self"), st.tuples(st.sampled_from(SELF_EXITS))),
    st.tuples(st.sampled_from(["send", "link", "monitor"]), st.tuples(anyone)),
)


class ProcessLayerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.model = Model()
        self.session: GuestSession | None = None
        self.steps: list[Step] = []
        self.expected: list[Expected] = []
        self.seed = 0
        self.threads = threading.active_count()
        #: False once a step failed: teardown then only closes the runtime
        self.healthy = True

    # -- plumbing --------------------------------------------------------------

    def _run(self, step: Step) -> None:
        note(f"step {len(self.steps) + 1}: {step!r}")
        assert self.session is not None
        self.healthy = False
        expected = self.model.apply(step)
        observed = self.session.step(step)
        self.steps.append(step)
        self.expected.append(expected)
        problems = compare(expected, observed)
        assert not problems, f"after {step!r}:\n  " + "\n  ".join(problems)
        self.healthy = True

    def _live(self, k: int) -> int:
        """A process that can run a command (alive and not blocked)."""
        live = self.model.callers()
        return live[k % len(live)]

    def _any(self, k: int) -> int:
        return k % len(self.model.procs)

    def _has_live(self) -> bool:
        return bool(self.model.callers())

    def _can_spawn(self) -> bool:
        live = len(self.model.alive())
        return live < MAX_ALIVE and (live == 0 or len(self.model.procs) < MAX_SPAWNED)

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
    @rule(caller=who, dest=anyone, linked=st.booleans())
    def unlink(self, caller: int, dest: int, linked: bool) -> None:
        x = self._live(caller)
        links = sorted(self.model.procs[x].links)
        t = links[dest % len(links)] if linked and links else self._any(dest)
        self._run(Step("unlink", x, (t,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone)
    def monitor(self, caller: int, dest: int) -> None:
        self._run(Step("monitor", self._live(caller), (self._any(dest),)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, name=names, node_form=st.booleans())
    def monitor_name(self, caller: int, name: str, node_form: bool) -> None:
        op = "monitor_name_node" if node_form else "monitor_name"
        self._run(Step(op, self._live(caller), (name,)))

    @precondition(lambda self: self._has_live() and self.model.nrefs > 0)
    @rule(
        caller=who,
        ref=st.integers(min_value=0, max_value=63),
        own=st.booleans(),
        mode=st.sampled_from(["plain", "flush", "info"]),
    )
    def demonitor(self, caller: int, ref: int, own: bool, mode: str) -> None:
        x = self._live(caller)
        mine = self.model.owned_refs(x)
        r = mine[ref % len(mine)] if own and mine else ref % self.model.nrefs
        self._run(Step("demonitor", x, (r, mode)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone, reason=reasons)
    def exit(self, caller: int, dest: int, reason: object) -> None:
        self._run(Step("exit", self._live(caller), (self._any(dest), reason)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone)
    def send(self, caller: int, dest: int) -> None:
        self._run(Step("send", self._live(caller), (self._any(dest),)))

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

    @precondition(lambda self: self._has_live())
    @rule(caller=st.none() | who, dest=anyone, name=names)
    def register(self, caller: int | None, dest: int, name: str) -> None:
        x = None if caller is None else self._live(caller)
        self._run(Step("register", x, (self._any(dest), name)))

    @precondition(lambda self: self._has_live())
    @rule(caller=st.none() | who, name=names)
    def unregister(self, caller: int | None, name: str) -> None:
        x = None if caller is None else self._live(caller)
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

    @precondition(lambda self: self._has_live())
    @rule(dest=anyone, reason=reasons)
    def root_exit(self, dest: int, reason: object) -> None:
        self._run(Step("exit", None, (self._any(dest), reason)))

    @precondition(lambda self: self._has_live())
    @rule(dest=anyone)
    def root_send(self, dest: int) -> None:
        self._run(Step("send", None, (self._any(dest),)))

    @precondition(lambda self: self._has_live())
    @rule(name=names, node_form=st.booleans())
    def root_send_name(self, name: str, node_form: bool) -> None:
        self._run(Step("send_name_node" if node_form else "send_name", None, (name,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, level=priorities)
    def priority(self, caller: int, level: str) -> None:
        self._run(Step("priority", self._live(caller), (level,)))

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
        # the same steps under a scheduling seed: every observation must match again
        seeded = replay(self.steps, self.seed)
        for expected, observed in zip(self.expected, seeded.observed, strict=True):
            problems = compare(expected, observed)
            assert not problems, f"seed={self.seed}: after {expected.step!r}:\n  " + "\n  ".join(
                problems
            )
        problems = compare_final(exits, seeded)
        assert not problems, f"seed={self.seed}: after closing:\n  " + "\n  ".join(problems)
        # and under beampy.run(..., seed=...), a controller process playing the root
        ran = replay_with_run(self.steps, self.seed)
        for expected, observed in zip(self.expected, ran.observed, strict=True):
            problems = compare(expected, observed)
            assert not problems, (
                f"beampy.run(seed={self.seed}): after {expected.step!r}:\n  "
                + "\n  ".join(problems)
            )
        problems = compare_final(exits, ran)
        assert not problems, f"beampy.run(seed={self.seed}):\n  " + "\n  ".join(problems)
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
