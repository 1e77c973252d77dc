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
root sends signals and observes everything, mid-way.  Macro rules build the chains
where bugs hide, several steps at a time: a gen call through a monitor alias (reply,
DOWN, demonitor, unalias, late reply), the exit-rule matrix (self, other, root, over a
link; trapping or not; watched by a trapping process that links and monitors), a
process monitored by name, a killed process probed while its cleanup holds, a timer
raced by reads, cancels, kills and name changes, and a reply pinned behind a flood that
a selective receive turns into tombstones and compactions (maybe across hibernate).
Processes mostly act on live processes, and macros spawn the ones they need.

Each step is performed by real beampy processes in a live runtime
(``tests/property/_harness.py``), which log what they did in the order it happened;
the model (``tests/property/_model.py``) replays that log and checks every entry and,
when the runtime is idle, the whole observable state: results, who is alive, exiting
or dead and with which exit reason, links (symmetric), monitors and ``monitored_by``,
trap flags, registry, timers, runtime counters, and every mailbox (each
EXIT/DOWN/message exactly once, in order per sender).  The runtime's own invariant
checker runs after every scheduler step (``CHECK_INVARIANTS``, see conftest.py).

At teardown the held cleanups are released (``CLOSING``, a logged step like the others),
the runtime is closed (every exit reason as predicted, and nothing left: no process,
carrier, timer, name, trio task or thread), then the same steps are replayed in a fresh
runtime under a scheduling seed drawn by hypothesis, and under ``beampy.run``: each run
is checked against a fresh model from its own log.

The run is deterministic (derandomized, no example database, MockClock).  Knobs:
``BEAMPY_PROPERTY_EXAMPLES`` (default 100), ``BEAMPY_PROPERTY_STEPS`` (default 50) and
``BEAMPY_PROPERTY_RANDOM=1`` (draw new examples each run, to explore), e.g.
``BEAMPY_PROPERTY_RANDOM=1 BEAMPY_PROPERTY_EXAMPLES=2000 pytest tests/property``.
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
    CLOSING,
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
MAX_STEPS = int(os.environ.get("BEAMPY_PROPERTY_STEPS", "50"))
RANDOM = os.environ.get("BEAMPY_PROPERTY_RANDOM", "") not in ("", "0")
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
SCRIPT_CHOICES = [
    *sorted(SCRIPT_OPS),
    *("send", "send", "exit", "exit", "link", "monitor", "send_alias", "arm"),
]
#: what the ``special`` rule draws from: receives, waits, hibernate, trio, floods
SPECIALS = [
    *("drain", "take", "checkpoint", "block", "recv_wait", "recv_wait", "sleep"),
    *("hibernate", "hibernate", "recv_ref", "recv_ref", "flood", "flood"),
]
#: the ops a single command draws from
COMMAND_CHOICES = [
    *sorted(SCRIPT_OPS - {"exit", "exit_self", "arm"}),
    *("send", "link", "monitor", "monitor", "demonitor", "trap", "register", "send_after"),
]
CLEANUP_CHOICES = sorted(CLEANUP_OPS)


class ProcessLayerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.model = Model()
        self.session: GuestSession | None = None
        self.steps: list[Step] = []
        self.seed = 0
        self.threads = set(threading.enumerate())
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
        """Some process: a live one three times in four (there are many dead ones)."""
        alive = self.model.alive()
        if alive and k % 4:
            return alive[(k >> 2) % len(alive)]
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

    def _pick(self, n: int, k: int) -> list[int] | None:
        """``n`` distinct processes that can run commands, spawning some if too few can."""
        while len(self.model.callers()) < n and self._can_spawn():
            self._run(Step("spawn", None, (False, "normal")))
        callers = self.model.callers()
        if len(callers) < n:
            return None
        return [callers[(k + i) % len(callers)] for i in range(n)]

    def _can_pick(self, n: int) -> bool:
        return len(self.model.callers()) >= n or self._can_spawn()

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
        t = self._any(data.draw(st.integers(0, 255)))
        k = data.draw(st.integers(0, 63))
        needs_ref = ("send_alias", "reply", "demonitor", "unalias", "cancel_timer", "read_timer")
        if op in needs_ref and m.nrefs == 0:
            return ("make_ref", ())
        if op in ("send", "link"):
            return (op, (t,))
        if op == "unlink":
            links = sorted(m.procs[x].links)
            return (op, (links[k % len(links)] if links and k % 8 else t,))
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
        if op == "arm":
            return (op, self._draw_cleanup(data, x))
        raise AssertionError(op)

    def _draw_cleanup(self, data: Any, x: int) -> tuple[Any, ...]:
        n = data.draw(st.integers(0, 3))
        ops = tuple(self._draw_op(data, x, CLEANUP_CHOICES) for _ in range(n))
        return (ops, data.draw(st.booleans()))

    def _draw_root_action(self, data: Any, full: bool = False) -> Step:
        """Something the root does: in a batch or a round, or on its own (``full``)."""
        m = self.model
        t = self._any(data.draw(st.integers(0, 255)))
        k = data.draw(st.integers(0, 63))
        kinds = ["exit", "exit", "send", "send_alias", "spawn"]
        if full:
            kinds += ["send_name", "register", "unregister", "send_after", "timer", "timer"]
        kind = data.draw(st.sampled_from(kinds))
        if kind == "exit":
            return Step("exit", None, (t, data.draw(reasons)))
        if kind == "send_alias" and m.nrefs:
            return Step("send_alias", None, (self._ref(k, m.alias_refs()),))
        if kind == "spawn" and self._can_spawn():
            return Step("spawn", None, (data.draw(st.booleans()), data.draw(priorities)))
        if kind == "send_name":
            op = data.draw(st.sampled_from(["send_name", "send_name_node"]))
            return Step(op, None, (data.draw(names),))
        if kind == "register":
            return Step("register", None, (t, data.draw(names)))
        if kind == "unregister":
            return Step("unregister", None, (data.draw(names),))
        if kind == "send_after":
            dest = ("pid", t) if k % 3 else ("name", data.draw(names))
            return Step("send_after", None, (dest, data.draw(delays)))
        if kind == "timer" and m.nrefs:
            op = data.draw(st.sampled_from(["read_timer", "cancel_timer"]))
            return Step(op, None, (self._ref(k, m.timer_refs()),))
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
    @rule(
        k=who,
        dest=anyone,
        linked=st.integers(0, 4),
        then=st.sampled_from([None, None, "boom", "kill", "normal"]),
    )
    def unlink(self, k: int, dest: int, linked: int, then: str | None) -> None:
        """Most unlinks remove a real link (one is made first if there is none); then the
        other end may exit: no signal may come over the removed link."""
        pairs = [
            (a, b)
            for a0, b0 in self.model.linked_pairs()
            for a, b in ((a0, b0), (b0, a0))
            if a in self.model.callers()
        ]
        if not linked:
            x, t = self._live(k), self._any(dest)
        elif pairs:
            x, t = pairs[k % len(pairs)]
        else:
            picked = self._pick(2, k)
            if picked is None:
                return
            x, t = picked
            self._run(Step("link", x, (t,)))
            if x not in self.model.callers():
                return
        self._run(Step("unlink", x, (t,)))
        if then is not None and self.model.procs[t].phase == "alive":
            self._run(Step("exit", None, (t, then)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, dest=anyone, reason=reasons)
    def exit(self, caller: int, dest: int, reason: object) -> None:
        self._run(Step("exit", self._live(caller), (self._any(dest), reason)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, how=st.sampled_from(SELF_EXITS))
    def exit_self(self, caller: int, how: object) -> None:
        self._run(Step("exit_self", self._live(caller), (how,)))

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

    @precondition(lambda self: bool(self.model.timers))
    @rule(dt=st.sampled_from(ADVANCES))
    def advance(self, dt: float) -> None:
        self._run(Step("advance", None, (dt,)))

    @precondition(lambda self: self._has_live())
    @rule(caller=who, data=st.data())
    def command(self, caller: int, data: Any) -> None:
        """A process runs one operation that does not wait (link, monitor, send, alias...)."""
        x = self._live(caller)
        op, args = self._draw_op(data, x, COMMAND_CHOICES)
        self._run(Step(op, x, args))

    @precondition(lambda self: self._has_live())
    @rule(
        caller=who,
        kind=st.sampled_from(SPECIALS),
        src=st.none() | anyone | st.just(-1),
        seconds=delays,
        ref=st.integers(0, 63),
        count=flood_sizes,
    )
    def special(
        self, caller: int, kind: str, src: int | None, seconds: float, ref: int, count: int
    ) -> None:
        """A process receives (all, selectively, with a timeout, pinning a reference),
        sleeps, hibernates, awaits trio or blocks in it, or floods a mailbox."""
        x = self._live(caller)
        source: Any = None if src is None else ROOT if src < 0 else self._any(src)
        if kind == "take":
            self._run(Step("take", x, (source,)))
        elif kind == "recv_wait":
            self._run(Step("recv_wait", x, (source, seconds)))
        elif kind == "sleep":
            self._run(Step("sleep", x, (seconds,)))
        elif kind == "recv_ref" and self.model.nrefs:
            self._run(Step("recv_ref", x, (self._ref(ref, self.model.procs[x].refs),)))
        elif kind == "flood":
            self._run(Step("flood", x, (self._any(ref), count)))
        elif kind != "recv_ref":
            self._run(Step(kind, x))

    @precondition(lambda self: self._has_any())
    @rule(data=st.data())
    def root(self, data: Any) -> None:
        """The trio side acts: signals, messages, names, aliases, timers, spawns."""
        self._run(self._draw_root_action(data, full=True))

    # -- exiting processes ------------------------------------------------------

    @precondition(lambda self: self._has_live())
    @rule(caller=who, data=st.data())
    def arm(self, caller: int, data: Any) -> None:
        x = self._live(caller)
        self._run(Step("arm", x, self._draw_cleanup(data, x)))

    def _armed(self) -> list[int]:
        return [i for i in self.model.alive() if self.model.procs[i].cleanup is not None]

    @precondition(lambda self: bool(self._armed()))
    @rule(
        k=who,
        reason=st.sampled_from(["kill", "shutdown", "boom", "boom"]),
        by=who,
        itself=st.sampled_from([None, None, *SELF_EXITS]),
    )
    def kill_armed(self, k: int, reason: str, by: int, itself: Any) -> None:
        """An armed process is killed (or ends by itself): its cleanup runs, maybe holds."""
        armed = self._armed()
        x = armed[k % len(armed)]
        if itself is not None and x in self.model.callers():
            self._run(Step("exit_self", x, (itself,)))
            return
        others = [i for i in self.model.callers() if i != x]
        caller = others[by % len(others)] if others and by % 2 else None
        self._run(Step("exit", caller, (x, reason)))

    @precondition(lambda self: self._has_live() and bool(self.model.exiting()))
    @rule(caller=who, k=who, mode=st.sampled_from(MONITOR_ALIASES), delay=delays, data=st.data())
    def probe_exiting(self, caller: int, k: int, mode: str, delay: float, data: Any) -> None:
        """Live processes act on one that was killed and still runs its cleanup."""
        exiting = self.model.exiting()
        t = exiting[k % len(exiting)]
        probes = [
            ("monitor", (t,)),
            ("monitor", (t, mode)),
            ("link", (t,)),
            ("send", (t,)),
            ("exit", (t, "boom")),
            ("register", (t, NAMES[k % 2])),
            ("send_after", (("pid", t), delay)),
            ("unlink", (t,)),
        ]
        for op, args in data.draw(st.permutations(probes))[: data.draw(st.integers(2, 5))]:
            if not self._has_live():
                return
            self._run(Step(op, self._live(caller), args))

    @precondition(lambda self: self._has_any())
    @rule(
        caller=st.none() | who,
        dest=anyone,
        name=names | st.none(),
        delay=delays,
        meanwhile=st.lists(
            st.sampled_from(["read", "cancel", "kill", "unregister", "register", "advance"]),
            max_size=3,
        ),
        by=st.sampled_from(ADVANCES),
        fire=st.sampled_from([True, True, False]),
    )
    def timer_race(
        self,
        caller: int | None,
        dest: int,
        name: str | None,
        delay: float,
        meanwhile: list[str],
        by: float,
        fire: bool,
    ) -> None:
        """A timer, and what may happen to it and its target before and after it fires
        (or it stays pending: one aimed at a name outlives every process, up to the close)."""
        x = self._caller(caller)
        t = self._any(dest)
        if name is not None and name not in self.model.registry:
            self._run(Step("register", None, (t, name)))
        r = self.model.nrefs
        target = ("pid", t) if name is None else ("name", name)
        self._run(Step("send_after", x, (target, delay)))
        for what in meanwhile:
            if what == "read":
                self._run(Step("read_timer", self._caller(caller), (r,)))
            elif what == "cancel":
                self._run(Step("cancel_timer", self._caller(caller), (r,)))
            elif what == "kill":
                victim = self.model.registry.get(name, t) if name is not None else t
                self._run(Step("exit", None, (victim, "kill")))
            elif what == "unregister" and name is not None:
                self._run(Step("unregister", None, (name,)))
            elif what == "register" and name is not None:
                self._run(Step("register", None, (self._any(dest + 1), name)))
            elif what == "advance":
                self._run(Step("advance", None, (by,)))
        self._run(Step("read_timer", None, (r,)))
        if fire:
            self._run(Step("advance", None, (delay,)))
            self._run(Step("read_timer", None, (r,)))

    @precondition(lambda self: self._can_pick(2))
    @rule(
        k=who,
        outcome=st.sampled_from(["match", "other_then_match", "timeout", "kill", "sleep"]),
        timeout=delays,
        src=st.sampled_from(["process", "root", "anyone"]),
    )
    def timed_receive(self, k: int, outcome: str, timeout: float, src: str) -> None:
        """A receive with a timeout (or a sleep): ended by its message, a message that does
        not match and then one that does, its timeout, or a kill; its timer goes with it."""
        picked = self._pick(2, k)
        if picked is None:
            return
        x, q = picked
        source: Any = {"process": q, "root": ROOT, "anyone": None}[src]
        if outcome == "sleep":
            self._run(Step("sleep", x, (timeout,)))
        else:
            self._run(Step("recv_wait", x, (source, timeout)))
        sender = None if src == "root" or q not in self.model.callers() else q
        if outcome == "other_then_match":
            self._run(Step("send", q if sender is None else None, (x,)))
        if outcome in ("match", "other_then_match", "sleep"):
            self._run(Step("send", sender, (x,)))
        if outcome == "kill":
            self._run(Step("exit", None, (x, "kill")))
        self._run(Step("advance", None, (timeout,)))

    @precondition(lambda self: self._has_live())
    @rule(
        caller=who,
        server=anyone,
        mode=st.sampled_from((None, *MONITOR_ALIASES, "reply_demonitor")),
        outcome=st.sampled_from(
            ["reply", "reply", "down", "both", "demonitor", "demonitor", "unalias"]
        ),
        reason=reasons,
        late=st.booleans(),
    )
    def call(
        self, caller: int, server: int, mode: str | None, outcome: str, reason: Any, late: bool
    ) -> None:
        """What a gen call does: monitor the server (maybe with an alias), get a reply
        through the alias and/or the DOWN, take it with a receive pinning the reference."""
        picked = self._pick(2, caller)
        if picked is None or server % 5 == 4:  # sometimes any process: dead ones give noproc
            x, t = self._live(caller), self._any(server)
        else:
            x, t = picked
        r = self.model.nrefs  # the reference the monitor makes
        self._run(Step("monitor", x, (t,) if mode is None else (t, mode)))
        if outcome in ("demonitor", "unalias"):  # the caller gives up, then the server ends
            how = (
                ("demonitor", (r, "flush" if late else "info"))
                if outcome == "demonitor"
                else (
                    "unalias",
                    (r,),
                )
            )
            self._run(Step(how[0], x, how[1]))
            self._run(Step("send_alias", None, (r,)))
            if self.model.procs[t].phase == "alive":
                self._run(Step("exit", None, (t, reason)))
            if x in self.model.callers():
                self._run(Step("recv_ref", x, (r,)))
            return
        if outcome in ("reply", "both"):
            replier = t if t in self.model.callers() else None
            self._run(Step("send_alias", replier, (r,)))
        if outcome in ("down", "both") and self.model.procs[t].phase == "alive":
            self._run(Step("exit", None, (t, reason)))
        if x not in self.model.callers():
            return
        self._run(Step("recv_ref", x, (r,)))
        if late:  # a late reply: dropped if the alias is gone
            self._run(Step("send_alias", None, (r,)))
            if x in self.model.callers():
                self._run(Step("recv_ref", x, (r,)))

    @precondition(lambda self: self._can_pick(2))
    @rule(
        k=who,
        j=who,
        trap=st.sampled_from([True, False]),
        reason=st.sampled_from([*REASONS, "normal", "kill"]),
        how=st.sampled_from(["self", "other", "root", "link", "link"]),
        watch=st.booleans(),
    )
    def exit_matrix(self, k: int, j: int, trap: bool, reason: Any, how: str, watch: bool) -> None:
        """An exit signal from itself, another process, the root, or over a link, to a
        process that traps or not, maybe watched by a trapping process that both links
        to it and monitors it (its EXIT comes before its DOWN)."""
        picked = self._pick(2, k)
        if picked is None:
            return
        t, o = picked
        if self.model.procs[t].trap != trap:
            self._run(Step("trap", t, (trap,)))
        if watch:
            self._run(Step("trap", o, (True,)))
            self._run(Step("link", o, (t,)))
            self._run(Step("monitor", o, (t,)))
        if t not in self.model.callers():
            return
        if how == "self":
            self._run(Step("exit", t, (t, reason)))
        elif how == "other":
            self._run(Step("exit", o, (t, reason)))
        elif how == "root":
            self._run(Step("exit", None, (t, reason)))
        else:  # a linked process ends with the reason: it travels over the link
            self._run(Step("spawn", t, ("spawn_link", False, "normal")))
            child = len(self.model.procs) - 1
            if child in self.model.callers():
                self._run(Step("exit_self", child, (("exit", reason),)))

    @precondition(lambda self: self._can_pick(2))
    @rule(
        k=who,
        j=who,
        name=names,
        node_form=st.booleans(),
        reason=st.sampled_from(["kill", "boom", "shutdown"]),
        unregister=st.booleans(),
    )
    def name_watch(
        self, k: int, j: int, name: str, node_form: bool, reason: str, unregister: bool
    ) -> None:
        """A process watched by name (monitor_name): its DOWN names it, even unregistered."""
        picked = self._pick(2, k)
        if picked is None:
            return
        t, w = picked
        if name not in self.model.registry:
            self._run(Step("register", None, (t, name)))
        target = self.model.registry.get(name, t)
        op = "monitor_name_node" if node_form else "monitor_name"
        self._run(Step(op, w, (name,)))
        if unregister:
            self._run(Step("unregister", None, (name,)))
        self._run(Step("exit", None, (target, reason)))

    @precondition(lambda self: self._can_pick(2))
    @rule(k=who, j=who, data=st.data(), reason=st.sampled_from(["kill", "boom", "shutdown"]))
    def exiting_lifecycle(self, k: int, j: int, data: Any, reason: str) -> None:
        """A process killed while it holds in its cleanup: probed by others, then released."""
        picked = self._pick(2, k)
        if picked is None:
            return
        x = picked[0]
        ops, _hold = self._draw_cleanup(data, x)
        self._run(Step("arm", x, (ops, True)))
        others = [c for c in self.model.callers() if c != x]
        killer = others[j % len(others)] if others and j % 2 else None
        self._run(Step("exit", killer, (x, reason)))
        if self.model.procs[x].phase != "exiting":
            return
        self.probe_exiting(j, self.model.exiting().index(x), "reply_demonitor", 1.0, data)
        if data.draw(st.booleans()):
            self._run(Step("release", None, (x,)))

    @precondition(lambda self: self._can_pick(2))
    @rule(
        caller=who,
        other=anyone,
        count=st.sampled_from([3, 10, 600]),
        hibernate=st.booleans(),
        how=st.sampled_from(["make_ref", "alias", "monitor"]),
        flood_first=st.booleans(),
    )
    def pinned_after_compaction(
        self, caller: int, other: int, count: int, hibernate: bool, how: str, flood_first: bool
    ) -> None:
        """A reply to a reference, with a flood before or after the reference that a
        selective receive then takes (consumed slots, tombstones, compactions), maybe a
        hibernate (which compacts): a receive pinning the reference still finds it."""
        picked = self._pick(2, caller)
        if picked is None:
            return
        x, flooder = picked
        q = flooder if other % 2 else self._any(other)
        if flood_first:
            self._run(Step("flood", flooder, (x, count)))
        r = self.model.nrefs
        op_args = {"make_ref": (), "alias": ("explicit_unalias",), "monitor": (q,)}[how]
        self._run(Step(how, x, op_args))
        self._run(Step("send", None, (x,)))
        if not flood_first:
            self._run(Step("flood", flooder, (x, count)))
        self._run(Step("reply", flooder, (x, r)))
        if x not in self.model.callers():
            return
        self._run(Step("take", x, (flooder,)))
        if hibernate:
            self._run(Step("hibernate", x))
        if x in self.model.callers():
            self._run(Step("recv_ref", x, (r,)))

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
        # interventions after k scheduler steps: mostly inside the round, which takes about
        # one step per operation, plus one for each process that ends
        k = data.draw(st.integers(0, sum(len(ops) for _x, ops in scripts)))
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
    def round_and_more(self, data: Any) -> None:
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
        problems = self.model.check_step(CLOSING, final.observed[-1])
        assert not problems, "releasing the held cleanups at close:\n  " + "\n  ".join(problems)
        exits = self.model.close()
        problems = compare_final(exits, final)
        assert not problems, "after closing the runtime:\n  " + "\n  ".join(problems)
        # the same steps under a scheduling seed, and under beampy.run(seed=...) with a
        # controller process playing the root: each run checked from its own log
        for run in (replay, replay_with_run):
            problems = check_run(self.steps, run(self.steps, self.seed))
            assert not problems, f"{run.__name__}(seed={self.seed}):\n  " + "\n  ".join(problems)
        # (by identity: a thread that was there before, trio's idle worker say, may end)
        left = set(threading.enumerate()) - self.threads
        assert not left, f"a closed runtime left a thread behind: {left}"


def test_process_layer_matches_the_model() -> None:
    with structlog.testing.capture_logs():  # crash reports of agents that raise
        run_state_machine_as_test(
            ProcessLayerMachine,
            settings=settings(
                max_examples=MAX_EXAMPLES,
                stateful_step_count=MAX_STEPS,
                deadline=None,
                derandomize=not RANDOM,
                database=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
