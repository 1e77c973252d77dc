"""The property machinery is not blind: bugs injected into beampy are caught.

Each test below injects one bug into beampy *in memory* (``monkeypatch`` on a function
of ``beampy._core``, undone when the test ends), then runs the hand-written scenarios
and a bounded number of state-machine examples (derandomized, no shrinking) and
expects one of them to fail; a bug registered with a ``check`` must make that very check
fail (one bug per model-independent check of the harness: is_alive against info,
message_queue_len, link symmetry, whereis against registered() and registered_name,
list(), wait_exit, the timers left after close, the threads left after close).  A bug
nothing catches fails its test: either the model and the harness grew a blind spot, or
the injection no longer reaches the code it is meant for (the internals it patches were
renamed: update it).  Some bugs are visible only in the middle of a run (a process
runnable, or killed and still in its cleanup): only rounds, batches and held cleanups
reach them.

A second group feeds the model's and the harness's comparison functions made-up
observations and logs, one per check, to show that every check can fail at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final

import pytest
import structlog
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

import beampy
import beampy.process
from beampy._core import _api, _process, _runtime, _sampler, _timers
from tests.property import test_scenarios
from tests.property._harness import Aftermath, GuestSession, Observed, compare_final
from tests.property._model import Model, ProcView, Step, compare
from tests.property.test_process_machine import ProcessLayerMachine

#: state-machine examples a bug gets before it counts as missed, and their length
EXAMPLES: Final = int(os.environ.get("BEAMPY_PROPERTY_BUG_EXAMPLES", "80"))
STEPS: Final = 30

Kernel: Final[Any] = getattr(_runtime, "Kernel", None) or _runtime.Runtime
ALIVE: Final = _process.ALIVE

Injection = Callable[[pytest.MonkeyPatch], Any]


@dataclass(frozen=True)
class Bug:
    #: patches beampy with the monkeypatch it is given; may return a cleanup to run after
    inject: Injection
    #: part of the failure message: the check that must be among those that fail
    check: str = ""


#: name -> the bug
BUGS: dict[str, Bug] = {}


def bug(check: str = "") -> Callable[[Injection], Injection]:
    def register(fn: Injection) -> Injection:
        BUGS[fn.__name__] = Bug(fn, check)
        return fn

    return register


def _patch_api(mp: pytest.MonkeyPatch, name: str, fn: Callable[..., Any]) -> None:
    """Replaces a public function everywhere it is reachable from (``beampy.x`` too)."""
    for module in (_api, beampy.process, beampy):
        if hasattr(module, name):
            mp.setattr(module, name, fn)


def _wrap(mp: pytest.MonkeyPatch, owner: Any, name: str, make: Callable[[Any], Any]) -> None:
    original = getattr(owner, name)
    mp.setattr(owner, name, make(original))


# -- the injected bugs ------------------------------------------------------------


@bug()
def deliver_drops_every_50th_message(mp: pytest.MonkeyPatch) -> None:
    count = [0]

    def make(original: Any) -> Any:
        def deliver(p: Any, msg: Any) -> None:
            count[0] += 1
            if count[0] % 50:
                original(p, msg)

        return deliver

    original = _runtime.deliver
    _wrap(mp, _runtime, "deliver", make)
    if getattr(_api, "deliver", None) is original:
        mp.setattr(_api, "deliver", _runtime.deliver)


@bug()
def no_down_for_monitors_by_name(mp: pytest.MonkeyPatch) -> None:
    """A process that ends sends no DOWN to those who monitored it by its name."""

    def make(original: Any) -> Any:
        def _terminate(self: Any, p: Any, reason: Any) -> None:
            by_name = [
                (w, w.monitors[n][2])
                for n, w in (p.monitored_by or {}).items()
                if w.monitors and type(w.monitors.get(n, (None, None))[1]) is tuple
            ]
            original(self, p, reason)
            for w, ref in by_name:
                i = w.find(lambda m, ref=ref: type(m) is beampy.DownMessage and m.ref == ref, 0)
                if i >= 0:
                    w.take_at(i)

        return _terminate

    _wrap(mp, Kernel, "_terminate", make)


@bug()
def a_killed_process_keeps_acting(mp: pytest.MonkeyPatch) -> None:
    """Killing a process does not put the Killed marker in its context."""

    def _mark_killed(self: Any, p: Any, reason: Any) -> None:
        p.exit_reason = reason
        p.resume = None
        p.throw = beampy.ExitSignal(reason)

    mp.setattr(Kernel, "_mark_killed", _mark_killed)


@bug(check="statistics().timers ==")
def send_after_timers_outlive_their_target(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def _terminate(self: Any, p: Any, reason: Any) -> None:
            p.timers = None
            original(self, p, reason)

        return _terminate

    _wrap(mp, Kernel, "_terminate", make)


@bug()
def unalias_does_nothing(mp: pytest.MonkeyPatch) -> None:
    def unalias(ref: beampy.Ref) -> bool:
        return ref._alias is not None

    _patch_api(mp, "unalias", unalias)


@bug()
def exit_normal_to_self_ignores_trap_exit(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def exit_signal(self: Any, target: Any, sender: Any, reason: Any, link: bool) -> None:
            if not link and reason == "normal" and sender is target.pid and target.trap_exit:
                if target.exit_reason is ALIVE:
                    self.fatal_signal(target, "normal")
                return
            original(self, target, sender, reason, link)

        return exit_signal

    _wrap(mp, Kernel, "exit_signal", make)


@bug()
def hibernate_loses_the_waking_message(mp: pytest.MonkeyPatch) -> None:
    original = _api.hibernate

    def hibernate(fn: Any, *args: Any) -> Any:
        async def woken(*a: Any) -> Any:
            p = _runtime.proc_var.get()
            if p.queue_len():
                p.pop_first()
            return await fn(*a)

        return original(woken, *args)

    _patch_api(mp, "hibernate", hibernate)


@bug()
def hibernate_does_not_wait(mp: pytest.MonkeyPatch) -> None:
    """A process that hibernates with an empty mailbox goes on at once."""
    original = _api.hibernate
    poke = ("hibernate-poke",)

    def hibernate(fn: Any, *args: Any) -> Any:
        beampy.send(beampy.self(), poke)  # so the real hibernate finds a message

        async def woken(*a: Any) -> Any:
            beampy.receive_nowait(poke)
            return await fn(*a)

        return original(woken, *args)

    _patch_api(mp, "hibernate", hibernate)


@bug(check="statistics().timers ==")
def a_matched_receive_keeps_its_timer(mp: pytest.MonkeyPatch) -> None:
    """A receive with a timeout that a message ends leaves its timer pending."""

    def make(original: Any) -> Any:
        def cancel(self: Any, timer: Any) -> bool:
            # a sender ends the wait: deliver, or send's inline hand-over
            if sys._getframe(1).f_code.co_name in ("deliver", "send"):
                return True
            return bool(original(self, timer))

        return cancel

    _wrap(mp, _timers.Timers, "cancel", make)


@bug()
def receive_timeouts_fire_late(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def add_timer(self: Any, seconds: float, kind: int, *rest: Any) -> Any:
            late = seconds + 0.25 if kind == _timers.WAKE else seconds
            return original(self, late, kind, *rest)

        return add_timer

    _wrap(mp, Kernel, "add_timer", make)

    # a light process's receive in a scheduler step: a pending timer
    def make_pending(original: Any) -> Any:
        def add_pending(self: Any, delay: float, kind: int, proc: Any) -> Any:
            return original(self, delay + 0.25, kind, proc)

        return add_pending

    _wrap(mp, _timers.Timers, "add_pending", make_pending)


@bug(check="is not symmetric")
def link_is_one_sided(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def link(pid: beampy.Pid) -> Any:
            result = original(pid)
            t = pid._proc
            me = _runtime.proc_var.get()
            if t is not None and t is not me and t.links:
                t.links.pop(me, None)
            return result

        return link

    _patch_api(mp, "link", make(_api.link))


@bug()
def reply_demonitor_alias_keeps_its_monitor(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def send_to(rt: Any, dest: Any, msg: Any) -> Any:
            if type(dest) is beampy.Ref and dest._alias_mode == "reply_demonitor":
                dest._alias_mode = "reply"
            return original(rt, dest, msg)

        return send_to

    original = _runtime.send_to
    _wrap(mp, _runtime, "send_to", make)
    if getattr(_api, "send_to", None) is original:
        mp.setattr(_api, "send_to", _runtime.send_to)
    # a process's send to an alias of its own runtime does not reach send_to
    send = _api.send

    def send_first(dest: Any, msg: Any) -> Any:
        if type(dest) is beampy.Ref and dest._alias_mode == "reply_demonitor":
            dest._alias_mode = "reply"
        return send(dest, msg)

    _patch_api(mp, "send", send_first)


@bug()
def monitor_of_an_exiting_process_is_a_real_monitor(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def monitor(self: Any, p: Any, target: Any, alias: Any = None) -> Any:
            t = target._proc if type(target) is beampy.Pid else None
            if t is None or t.exit_reason is ALIVE:
                return original(self, p, target, alias)
            saved, t.exit_reason = t.exit_reason, ALIVE
            try:
                return original(self, p, target, alias)
            finally:
                t.exit_reason = saved

        return monitor

    _wrap(mp, Kernel, "monitor", make)


@bug(check="is_alive() disagrees with info()")
def is_alive_while_exiting(mp: pytest.MonkeyPatch) -> None:
    def is_alive(pid: beampy.Pid) -> bool:
        return pid._proc is not None

    _patch_api(mp, "is_alive", is_alive)


@bug()
def receive_marks_one_too_far(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def make_ref_for(self: Any, p: Any, alias: Any) -> Any:
            ref = original(self, p, alias)
            ref._mark_seq += 1
            return ref

        return make_ref_for

    _wrap(mp, Kernel, "make_ref_for", make)


@bug()
def compaction_moves_messages_backwards(mp: pytest.MonkeyPatch) -> None:
    def _compact(self: Any) -> None:
        live = [m for m in self.mq[self.mh :] if m is not _process.TOMB]
        self.mq = live
        self.mh = 0
        self.mtomb = 0  # mbase kept: every message gets a lower sequence number

    name = "compact" if hasattr(_process.Proc, "compact") else "_compact"
    mp.setattr(_process.Proc, name, _compact)


@bug()
def link_signals_after_the_downs(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def _terminate(self: Any, p: Any, reason: Any) -> None:
            links, p.links = p.links, None
            original(self, p, reason)
            for q in links or ():
                if q.links is not None:
                    q.links.pop(p, None)
                self.exit_signal(q, p.pid, reason, True)

        return _terminate

    _wrap(mp, Kernel, "_terminate", make)


@bug()
def kill_over_a_link_cannot_be_trapped(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def exit_signal(self: Any, target: Any, sender: Any, reason: Any, link: bool) -> None:
            original(self, target, sender, reason, link and reason != "kill")

        return exit_signal

    _wrap(mp, Kernel, "exit_signal", make)


@bug()
def demonitor_leaves_the_target_monitored(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def demonitor(ref: beampy.Ref, **kw: Any) -> Any:
            me = _runtime.proc_var.get()
            entry = me.monitors.get(ref._n) if me.monitors else None
            result = original(ref, **kw)
            if entry is not None and entry[0] is not None and entry[0].monitored_by is not None:
                entry[0].monitored_by[ref._n] = me
            return result

        return demonitor

    _patch_api(mp, "demonitor", make(_api.demonitor))


@bug()
def send_after_resolves_a_name_too_early(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def send_after(dest: Any, msg: Any, seconds: float) -> Any:
            if type(dest) is str:
                dest = beampy.whereis(dest) or dest
            return original(dest, msg, seconds)

        return send_after

    _patch_api(mp, "send_after", make(_api.send_after))


@bug()
def cancel_timer_does_not_cancel(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def cancel_timer(ref: beampy.Ref) -> Any:
            return beampy.read_timer(ref)

        return cancel_timer

    _patch_api(mp, "cancel_timer", make(_api.cancel_timer))


@bug()
def read_timer_rounds_up(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def read_timer(ref: beampy.Ref) -> Any:
            left = original(ref)
            return left if left is False else left + 0.25

        return read_timer

    _patch_api(mp, "read_timer", make(_api.read_timer))


@bug(check="after close, statistics().timers")
def shutdown_keeps_pending_timers(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(_timers.Timers, "clear", lambda self: None)


@bug()
def a_second_exit_signal_changes_the_reason(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def exit_signal(self: Any, target: Any, sender: Any, reason: Any, link: bool) -> None:
            if target.exit_reason is not ALIVE and target.state != _process.RUNNING:
                if not target.trap_exit and not link and reason not in ("normal",):
                    self._mark_killed(target, "killed" if reason == "kill" else reason)
                return
            original(self, target, sender, reason, link)

        return exit_signal

    _wrap(mp, Kernel, "exit_signal", make)


@bug(check="message_queue_len")
def message_queue_len_counts_tombstones(mp: pytest.MonkeyPatch) -> None:
    def queue_len(self: Any) -> int:
        return int(len(self.mq) - self.mh)

    mp.setattr(_process.Proc, "queue_len", queue_len)


@bug()
def unregister_leaves_the_name_on_the_process(mp: pytest.MonkeyPatch) -> None:
    def unregister_name(self: Any, name: str) -> bool:
        return self._registry.pop(name, None) is not None

    mp.setattr(Kernel, "unregister_name", unregister_name)


@bug(check="disagrees with registered()")
def registered_forgets_a_name(mp: pytest.MonkeyPatch) -> None:
    def registered_names(self: Any) -> list[str]:
        return sorted(self._registry)[1:]

    mp.setattr(Kernel, "registered_names", registered_names)


@bug(check="beampy.list() gives")
def list_includes_exiting_processes(mp: pytest.MonkeyPatch) -> None:
    def processes(self: Any) -> list[beampy.Pid]:
        return [p.pid for p in self._procs.values()]

    mp.setattr(Kernel, "processes", processes)


@bug(check="wait_exit() gave")
def wait_exit_reports_normal(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def _terminate(self: Any, p: Any, reason: Any) -> None:
            waiters = p.exit_waiters
            if waiters:
                p.exit_waiters = [lambda r, v, w=w: w("normal", v) for w in waiters]
            original(self, p, reason)

        return _terminate

    _wrap(mp, Kernel, "_terminate", make)


@bug(check="is not registered under that name")
def register_forgets_the_process_name(mp: pytest.MonkeyPatch) -> None:
    """The registry knows the name, the process itself does not (``registered_name``)."""

    def make(original: Any) -> Any:
        def register_name(self: Any, p: Any, name: str) -> None:
            original(self, p, name)
            p.name = None

        return register_name

    _wrap(mp, Kernel, "register_name", make)


@bug(check="left a thread behind")
def shutdown_leaves_the_watchdog_thread(mp: pytest.MonkeyPatch) -> Any:
    """A closed runtime does not stop its long-schedule watchdog."""
    kept: list[Any] = []
    original = _sampler.Watch.close
    mp.setattr(_sampler.Watch, "close", lambda self: kept.append(self))

    def cleanup() -> None:
        for watch in kept:
            original(watch)

    return cleanup


# Bugs only the middle of a run shows (a step that runs to idle never sees a process
# runnable): rounds, batches and mid-round observations catch them.


@bug()
def a_kill_waits_for_the_runnable_process_to_act(mp: pytest.MonkeyPatch) -> None:
    """A process killed while runnable goes on until its next operation raises."""

    def make(original: Any) -> Any:
        def _mark_killed(self: Any, p: Any, reason: Any) -> None:
            original(self, p, reason)
            if p.state == _process.RUNNABLE:
                p.throw = None

        return _mark_killed

    _wrap(mp, Kernel, "_mark_killed", make)


@bug()
def link_signals_skip_runnable_processes(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def exit_signal(self: Any, target: Any, sender: Any, reason: Any, link: bool) -> None:
            if link and target.state == _process.RUNNABLE:
                return
            original(self, target, sender, reason, link)

        return exit_signal

    _wrap(mp, Kernel, "exit_signal", make)


@bug()
def a_message_to_a_process_handed_one_is_lost(mp: pytest.MonkeyPatch) -> None:
    """A message for a process that was handed one and has not run yet is dropped."""

    def make(original: Any) -> Any:
        def deliver(p: Any, msg: Any) -> None:
            if p.state == _process.RUNNABLE and p.resume is not None and p.wait is None:
                return
            original(p, msg)

        return deliver

    original = _runtime.deliver
    _wrap(mp, _runtime, "deliver", make)
    if getattr(_api, "deliver", None) is original:
        mp.setattr(_api, "deliver", _runtime.deliver)


@bug(check="mid-round")
def a_runnable_process_reads_as_waiting(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def status_name(p: Any) -> str:
            status = original(p)
            return "waiting" if status == "runnable" else status

        return status_name

    _wrap(mp, _runtime, "status_name", make)
    mp.setattr(_api, "status_name", _runtime.status_name)


@bug()
def trap_exit_flag_returns_the_new_value(mp: pytest.MonkeyPatch) -> None:
    def make(original: Any) -> Any:
        def flag(name: str, value: Any) -> Any:
            original(name, value)
            return value

        return flag

    _patch_api(mp, "flag", make(_api.flag))


# -- running the machinery ----------------------------------------------------------


def _text(e: BaseException) -> str:
    """An exception's message, with those of the exceptions it groups (FlakyFailure...)."""
    parts = [str(e)]
    if isinstance(e, BaseExceptionGroup):
        parts += [_text(x) for x in e.exceptions]
    return "\n".join(parts)


def _first_failure(check: str) -> str | None:
    """Runs the scenarios, then the state machine; the first failure, or None.

    With ``check``, only a failure whose message contains it counts.
    """
    for scenario in test_scenarios.SCENARIOS:
        try:
            test_scenarios.test_scenario(scenario)
        except Exception as e:
            if check in _text(e):
                return f"scenario {scenario.name!r}: {type(e).__name__}: {_text(e)}"
    try:
        run_state_machine_as_test(
            ProcessLayerMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.generate],
                report_multiple_bugs=False,
                print_blob=False,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except Exception as e:
        if check in _text(e):
            return f"state machine: {type(e).__name__}: {_text(e)}"
    return None


@pytest.mark.parametrize("name", sorted(BUGS))
def test_an_injected_bug_is_caught(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuestSession, "STUCK_AFTER", 5.0)
    cleanup = BUGS[name].inject(monkeypatch)
    try:
        with structlog.testing.capture_logs():
            failure = _first_failure(BUGS[name].check)
    finally:
        monkeypatch.undo()
        if cleanup is not None:
            cleanup()
    what = f" by the check {BUGS[name].check!r}" if BUGS[name].check else ""
    assert failure is not None, f"the injected bug {name!r} went unnoticed{what}"


# -- every check of the harness can fail --------------------------------------------


def _healthy() -> tuple[Model, Observed]:
    """A model and an observation of one live process that agree."""
    model = Model()
    step = Step("spawn", None, (False, "normal"))
    model.apply(step)
    expected = model.expected(mid=False)
    observed = Observed(
        entries=(),
        mid=False,
        procs=expected.procs,
        mailboxes=((),),
        pending=((),),
        registry=(),
        stats=expected.stats,
        problems=(),
    )
    assert compare(expected, observed) == []
    return model, observed


VIEW = ProcView(
    links=(),
    monitors=(),
    monitored_by=(),
    trap=False,
    name=None,
    status="waiting",
    priority="normal",
    parent=("root",),
)

OBSERVATION_CHANGES: Final[dict[str, dict[str, Any]]] = {
    "harness invariant": {"problems": ("link P0 -> P1 is not symmetric",)},
    "process count": {"procs": ()},
    "process view": {"procs": (replace(VIEW, trap=True),)},
    "status": {"procs": (replace(VIEW, status="runnable"),)},
    "exiting": {"procs": (("exiting",),)},
    "dead": {"procs": (("dead", "normal"),)},
    "mailbox": {"mailboxes": ((("MSG", ("root",), 1),),)},
    "queued commands": {"pending": (((1, 0),),)},
    "registry": {"registry": (("a", 0),)},
}
STAT_NAMES: Final = ("processes", "spawned", "registered", "timers", "hosted", "runnable")


@pytest.mark.parametrize("what", [*OBSERVATION_CHANGES, *(f"stats {s}" for s in STAT_NAMES)])
def test_every_observation_check_can_fail(what: str) -> None:
    model, observed = _healthy()
    if what.startswith("stats "):
        name = what.split()[1]
        stats = tuple((k, v + 1 if k == name else v) for k, v in observed.stats)
        observed = replace(observed, stats=stats)
    else:
        observed = replace(observed, **OBSERVATION_CHANGES[what])
    assert compare(model.expected(mid=False), observed) != []


def test_every_log_check_can_fail() -> None:
    """The log must hold what the processes had to do, in an order they could do it."""
    step = Step("send", 0, (0,))
    cases: dict[str, list[tuple[Any, ...]]] = {
        "nothing ran": [("root", 0, ("ok", None))],
        "root action out of order": [("root", 1, ("ok", None))],
        "wrong result": [("root", 0, ("ok", None)), ("op", 0, (2, 0), 0, ("ok", 3))],
        "not its next action": [("root", 0, ("ok", None)), ("op", 0, (2, 0), 1, ("ok", 3))],
        "unknown process": [("root", 0, ("ok", None)), ("start", ("pid?", "<0.9.0>"))],
        "an end with nothing to end": [
            ("root", 0, ("ok", None)),
            ("end", 0, "normal"),
        ],
    }
    for why, entries in cases.items():
        model, observed = _healthy()
        problems = model.check_step(step, replace(observed, entries=tuple(entries)))
        assert problems, why


AFTERMATH_CHANGES: Final[dict[str, dict[str, Any]]] = {
    "exit reasons": {"exits": ("normal",)},
    "processes": {"processes": 1},
    "runnable": {"runnable": 1},
    "hosted": {"hosted": 1},
    "carriers": {"carriers": 1},
    "timers": {"timers": 1},
    "registered": {"registered": 1},
    "trio tasks": {"leftover_tasks": 1},
    "wait_exit": {"problems": ("P0: wait_exit() gave 'normal', it ended with 'boom'",)},
}


@pytest.mark.parametrize("what", sorted(AFTERMATH_CHANGES))
def test_every_after_close_check_can_fail(what: str) -> None:
    healthy = Aftermath(
        exits=("killed",),
        processes=0,
        runnable=0,
        hosted=0,
        carriers=0,
        timers=0,
        registered=0,
        leftover_tasks=0,
    )
    assert compare_final(["killed"], healthy) == []
    assert compare_final(["killed"], replace(healthy, **AFTERMATH_CHANGES[what])) != []
