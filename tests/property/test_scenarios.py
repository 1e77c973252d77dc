"""Hand-written step lists for the BEAM's process-layer rules (conformance catalog 005-028,
and timers, aliases, hibernate, killed processes in their cleanup, rounds).

Each scenario runs through the same model and harness as the state machine, in every
mode (stepped guest run, ``trio.run`` under several seeds, ``beampy.run`` under
several seeds), and also states the outcome the BEAM gives, so that the *model* is
checked against the catalog's recorded traces and the BEAM's documented rules, not only
beampy against the model.  (The model runs on its own here, taking the enabled actions
in a fixed order; every run of beampy is checked by replaying its own log.)

``final`` lists, per process, what it must look like after the last step: its exit
reason (``("dead", reason)``) or its mailbox (the messages, flattened).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
import structlog

from tests.property._harness import (
    GuestSession,
    check_run,
    compare_final,
    replay,
    replay_with_run,
)
from tests.property._model import CLOSING, CRASH, ROOT, Expected, Model, Step, Term

SEEDS = (None, 1, 2, 3)

P0, P1, P2, P3 = (("pid", i) for i in range(4))


def spawn(caller: int | None = None, kind: str = "spawn") -> Step:
    if caller is None:
        return Step("spawn", None, (False, "normal"))
    return Step("spawn", caller, (kind, False, "normal"))


def dead(reason: Term) -> tuple[str, Term]:
    return ("dead", reason)


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    final: tuple[Term, ...]
    #: expected results of some steps (index -> result), to pin the model down
    results: tuple[tuple[int, Term], ...] = ()


SCENARIOS = [
    Scenario(
        "013 an abnormal exit travels over a link, both ways",
        (
            spawn(),
            spawn(0, "spawn_link"),
            Step("exit_self", 1, (("exit", "boom"),)),
            spawn(),
            spawn(2, "spawn_link"),
            Step("exit_self", 2, (("exit", "boom"),)),
        ),
        (dead("boom"), dead("boom"), dead("boom"), dead("boom")),
    ),
    Scenario(
        "012 a normal exit does not affect a linked process",
        (spawn(), spawn(0, "spawn_link"), Step("exit_self", 1, ("return",))),
        ((), dead("normal")),
    ),
    Scenario(
        "014 a trapping process gets EXIT messages (abnormal and normal)",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            Step("exit_self", 1, (("exit", "boom"),)),
            spawn(0, "spawn_link"),
            Step("exit_self", 2, ("return",)),
            Step("trap", 0, (True,)),
        ),
        ((("EXIT", P1, "boom"), ("EXIT", P2, "normal")), dead("boom"), dead("normal")),
        results=((1, ("ok", False)), (6, ("ok", True))),
    ),
    Scenario(
        "015 exit(pid, normal) is ignored unless the target traps",
        (
            spawn(),
            spawn(),
            Step("trap", 1, (True,)),
            Step("exit", 0, (1, "normal")),
            Step("exit", None, (0, "normal")),
        ),
        ((), (("EXIT", P0, "normal"),)),
    ),
    Scenario(
        "016 exit(pid, reason) kills a plain target, a trapping one gets EXIT",
        (
            spawn(),
            spawn(),
            Step("trap", 1, (True,)),
            spawn(),
            Step("exit", 0, (1, "boom")),
            Step("exit", 0, (2, "boom")),
        ),
        ((), (("EXIT", P0, "boom"),), dead("boom")),
    ),
    Scenario(
        "017 exit(pid, kill) kills even a trapping process, with reason killed",
        (
            spawn(),
            spawn(),
            Step("trap", 1, (True,)),
            Step("monitor", 0, (1,)),
            Step("exit", 0, (1, "kill")),
        ),
        ((("DOWN", ("ref", 0), P1, "killed"),), dead("killed")),
    ),
    Scenario(
        "018 killed travels over links as killed, which can be trapped",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            spawn(1, "spawn_link"),
            Step("exit", None, (1, "kill")),
        ),
        ((("EXIT", P1, "killed"),), dead("killed"), dead("killed")),
    ),
    Scenario(
        "exit(kill) by the process itself sends a trappable kill over links",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            spawn(1, "spawn_link"),
            spawn(),
            Step("monitor", 3, (1,)),
            Step("exit_self", 1, (("exit", "kill"),)),
        ),
        (
            (("EXIT", P1, "kill"),),
            dead("kill"),
            dead("kill"),
            (("DOWN", ("ref", 0), P1, "kill"),),
        ),
    ),
    Scenario(
        "020 exit(self(), normal) ends a plain process; a trapping one gets EXIT",
        (
            spawn(),
            Step("exit", 0, (0, "normal")),
            spawn(),
            Step("trap", 1, (True,)),
            Step("exit", 1, (1, "normal")),
        ),
        (dead("normal"), (("EXIT", P1, "normal"),)),
        results=((1, ("died",)), (4, ("ok", True))),
    ),
    Scenario(
        "021 exit(self(), kill) ends even a trapping process, with killed",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(),
            Step("monitor", 1, (0,)),
            Step("exit", 0, (0, "kill")),
        ),
        (dead("killed"), (("DOWN", ("ref", 0), P0, "killed"),)),
    ),
    Scenario(
        "022 link to a dead process: noproc raised, or an EXIT when trapping",
        (
            spawn(),
            spawn(),
            Step("exit_self", 1, ("return",)),
            Step("link", 0, (1,)),
            Step("trap", 0, (True,)),
            Step("link", 0, (1,)),
        ),
        ((("EXIT", P1, "noproc"),), dead("normal")),
        results=((3, ("raised", "NoProcError")), (5, ("ok", True))),
    ),
    Scenario(
        "024 register, send by name, unregister; a name is freed at exit",
        (
            spawn(),
            spawn(),
            Step("register", 0, (1, "a")),
            Step("send_name", 0, ("a",)),
            Step("unregister", None, ("a",)),
            Step("send_name", 0, ("a",)),
            Step("register", None, (1, "b")),
            Step("exit_self", 1, ("return",)),
            Step("register", None, (0, "b")),
        ),
        ((), dead("normal")),
        results=((5, ("raised", "ValueError")), (8, ("ok", True))),
    ),
    Scenario(
        "025 name errors: taken name, second name, dead process, unknown name",
        (
            spawn(),
            spawn(),
            Step("register", None, (0, "a")),
            Step("register", None, (1, "a")),
            Step("register", None, (0, "b")),
            Step("exit_self", 1, ("return",)),
            Step("register", None, (1, "b")),
            Step("unregister", None, ("b",)),
        ),
        ((), dead("normal")),
        results=(
            (3, ("raised", "ValueError")),
            (4, ("raised", "ValueError")),
            (6, ("raised", "ValueError")),
            (7, ("raised", "ValueError")),
        ),
    ),
    Scenario(
        "028 shutdown and {shutdown, x} kill linked processes",
        (
            spawn(),
            spawn(0, "spawn_link"),
            Step("exit_self", 1, (("exit", "shutdown"),)),
            spawn(),
            spawn(2, "spawn_link"),
            Step("exit_self", 3, (("exit", ("shutdown", 1)),)),
        ),
        (dead("shutdown"), dead("shutdown"), dead(("shutdown", 1)), dead(("shutdown", 1))),
    ),
    Scenario(
        "027 a crash (exception) is the exit reason, and travels over links",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            Step("exit_self", 1, ("raise",)),
        ),
        ((("EXIT", P1, CRASH),), dead(CRASH)),
    ),
    Scenario(
        "007 spawn_monitor: DOWN with the real reason",
        (spawn(), spawn(0, "spawn_monitor"), Step("exit_self", 1, (("exit", "boom"),))),
        ((("DOWN", ("ref", 0), P1, "boom"),), dead("boom")),
    ),
    Scenario(
        "008/010 monitor a dead process or an unregistered name: DOWN noproc at once",
        (
            spawn(),
            spawn(),
            Step("exit_self", 1, ("return",)),
            Step("monitor", 0, (1,)),
            Step("monitor_name", 0, ("a",)),
        ),
        (
            (("DOWN", ("ref", 0), P1, "noproc"), ("DOWN", ("ref", 1), ("name", "a"), "noproc")),
            dead("normal"),
        ),
    ),
    Scenario(
        "010 monitor by name: DOWN names {name, node}",
        (
            spawn(),
            spawn(),
            Step("register", None, (1, "a")),
            Step("monitor_name", 0, ("a",)),
            Step("unregister", None, ("a",)),
            Step("exit_self", 1, (("exit", "boom"),)),
        ),
        ((("DOWN", ("ref", 0), ("name", "a"), "boom"),), dead("boom")),
    ),
    Scenario(
        "009 demonitor: info on a live monitor, plain keeps a queued DOWN, flush removes it",
        (
            spawn(),
            spawn(),
            Step("monitor", 0, (1,)),
            Step("demonitor", 0, (0, "info")),
            Step("monitor", 0, (1,)),
            Step("monitor", 0, (1,)),
            Step("monitor", 0, (1,)),
            Step("exit", None, (1, "boom")),
            Step("demonitor", 0, (1, "plain")),
            Step("demonitor", 0, (2, "info")),
            Step("demonitor", 0, (3, "flush")),
        ),
        ((("DOWN", ("ref", 1), P1, "boom"), ("DOWN", ("ref", 2), P1, "boom")), dead("boom")),
        results=((3, ("ok", True)), (8, ("ok", True)), (9, ("ok", False)), (10, ("ok", True))),
    ),
    Scenario(
        "034 monitoring oneself creates no monitor",
        (
            spawn(),
            Step("monitor", 0, (0,)),
            Step("register", None, (0, "a")),
            Step("monitor_name", 0, ("a",)),
            Step("demonitor", 0, (0, "info")),
        ),
        ((),),
        results=((4, ("ok", False)),),
    ),
    Scenario(
        "a link exit signal comes before the DOWN of the same process (catalog 104)",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_monitor"),
            Step("link", 0, (1,)),
            Step("monitor", 0, (1,)),
            Step("exit", None, (1, "boom")),
        ),
        (
            (
                ("EXIT", P1, "boom"),
                ("DOWN", ("ref", 0), P1, "boom"),
                ("DOWN", ("ref", 1), P1, "boom"),
            ),
            dead("boom"),
        ),
    ),
    Scenario(
        "a process blocked in trio: killed by a signal, or gets EXIT when trapping",
        (
            spawn(),
            spawn(0, "spawn_link"),
            Step("block", 1),
            Step("trap", 0, (True,)),
            spawn(),
            Step("trap", 2, (True,)),
            Step("block", 2),
            Step("link", 0, (2,)),
            Step("exit", None, (1, "boom")),
            Step("exit", None, (2, "shutdown")),
            Step("unblock", None, (2,)),
            Step("drain", 2),
        ),
        ((("EXIT", P1, "boom"),), dead("boom"), ()),
        results=((11, ("ok", 1)),),
    ),
    Scenario(
        "a queued command does not run when an exit signal ends the process first",
        (
            spawn(),
            spawn(),
            Step("exit_busy", None, (1, ("boom",), "send", (0,))),
            spawn(),
            Step("trap", 2, (True,)),
            Step("exit_busy", None, (2, ("boom", "kill"), "drain", ())),
            spawn(),
            Step("exit_busy", None, (3, ("normal",), "send", (0,))),
        ),
        ((("MSG", P3, 8),), dead("boom"), dead("killed"), ()),
        results=((2, ("died",)), (5, ("died",)), (7, ("ok", ("MSG", P3, 8)))),
    ),
    Scenario(
        "send_after fires at its deadline; read_timer/cancel_timer give the seconds left",
        (
            spawn(),
            Step("send_after", 0, (("pid", 0), 2.0)),
            Step("read_timer", None, (0,)),
            Step("advance", None, (0.5,)),
            Step("read_timer", 0, (0,)),
            Step("send_after", None, (("pid", 0), 1.0)),
            Step("advance", None, (1.0,)),
            Step("cancel_timer", None, (0,)),
            Step("advance", None, (1.0,)),
            Step("read_timer", None, (0,)),
            Step("cancel_timer", 0, (1,)),
        ),
        ((("MSG", ROOT, 6),),),
        results=(
            (2, ("ok", 2.0)),
            (4, ("ok", 1.5)),
            (7, ("ok", 0.5)),
            (9, ("ok", False)),
            (10, ("ok", False)),
        ),
    ),
    Scenario(
        "a timer aimed at a process that ends by itself dies with it; one aimed at a "
        "name is pending until the runtime closes",
        (
            spawn(),
            Step("send_after", None, (("pid", 0), 1.0)),
            Step("send_after", None, (("name", "zz"), 5.0)),
            Step("exit_self", 0, ("return",)),
            Step("read_timer", None, (0,)),
            Step("read_timer", None, (1,)),
        ),
        (dead("normal"),),
        results=((4, ("ok", False)), (5, ("ok", 5.0))),
    ),
    Scenario(
        "a timer aimed at a pid dies with it; one aimed at a name looks it up when it fires",
        (
            spawn(),
            spawn(),
            Step("register", None, (1, "a")),
            Step("send_after", None, (("pid", 1), 1.0)),
            Step("send_after", None, (("name", "a"), 1.0)),
            Step("exit", None, (1, "boom")),
            Step("read_timer", None, (0,)),
            Step("read_timer", None, (1,)),
            Step("register", None, (0, "a")),
            Step("advance", None, (1.0,)),
        ),
        ((("MSG", ROOT, 5),), dead("boom")),
        results=((6, ("ok", False)), (7, ("ok", 1.0))),
    ),
    Scenario(
        "a receive with a timeout ends with the first matching message, or times out",
        (
            spawn(),
            spawn(),
            Step("recv_wait", 0, (1, 2.0)),
            Step("send", None, (0,)),
            Step("send", 1, (0,)),
            Step("recv_wait", 0, (1, 1.0)),
            Step("advance", None, (1.0,)),
            Step("drain", 0),
            Step("sleep", 1, (0.5,)),
            Step("send", 0, (1,)),
            Step("advance", None, (0.5,)),
        ),
        ((), (("MSG", P0, 10),)),
        results=((2, ("ok", "waiting")), (7, ("ok", 1))),
    ),
    Scenario(
        "aliases: an active alias delivers; unalias, and reply mode after one message, end it",
        (
            spawn(),
            spawn(),
            Step("alias", 0, ("explicit_unalias",)),
            Step("send_alias", 1, (0,)),
            Step("unalias", 0, (0,)),
            Step("send_alias", 1, (0,)),
            Step("alias", 0, ("reply",)),
            Step("send_alias", None, (1,)),
            Step("send_alias", None, (1,)),
            Step("unalias", 0, (1,)),
        ),
        ((("REPLY", ("ref", 0), P1, 4), ("REPLY", ("ref", 1), ROOT, 8)), ()),
        results=((4, ("ok", True)), (9, ("ok", False))),
    ),
    Scenario(
        "monitor aliases: reply_demonitor drops the monitor at the first reply, "
        "demonitor dies with the monitor, explicit_unalias outlives the DOWN",
        (
            spawn(),
            spawn(),
            Step("monitor", 0, (1, "reply_demonitor")),
            Step("send_alias", 1, (0,)),
            Step("send_alias", 1, (0,)),
            Step("monitor", 0, (1, "demonitor")),
            Step("demonitor", 0, (1, "info")),
            Step("send_alias", None, (1,)),
            Step("monitor", 0, (1, "explicit_unalias")),
            Step("exit", None, (1, "boom")),
            Step("send_alias", None, (2,)),
        ),
        (
            (
                ("REPLY", ("ref", 0), P1, 4),
                ("DOWN", ("ref", 2), P1, "boom"),
                ("REPLY", ("ref", 2), ROOT, 11),
            ),
            dead("boom"),
        ),
        results=((6, ("ok", True)),),
    ),
    Scenario(
        "hibernate: the waking message stays; a receive pinning an older reference finds it",
        (
            spawn(),
            spawn(),
            Step("monitor", 0, (1,)),
            Step("hibernate", 0),
            Step("send", None, (0,)),
            Step("exit", None, (1, "boom")),
            Step("hibernate", 0),
            Step("recv_ref", 0, (0,)),
        ),
        ((("MSG", ROOT, 5),), dead("boom")),
        results=((3, ("ok", "hibernating")), (7, ("ok", ("DOWN", ("ref", 0), P1, "boom")))),
    ),
    Scenario(
        "a killed process in its cleanup: not alive, monitor gives noproc, link raises, "
        "its own operations take no effect; its links and monitors fire when it ends, "
        "the late monitor's noproc after them (conformance 056)",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            spawn(),
            Step("monitor", 2, (1,)),
            Step("arm", 1, ((("send", (2,)), ("register", (1, "a"))), True)),
            Step("exit", None, (1, "boom")),
            Step("monitor", 2, (1,)),
            Step("link", 2, (1,)),
            Step("release", None, (1,)),
        ),
        (
            (("EXIT", P1, "boom"),),
            dead("boom"),
            (("DOWN", ("ref", 0), P1, "boom"), ("DOWN", ("ref", 1), P1, "noproc")),
        ),
        results=((8, ("raised", "NoProcError")),),
    ),
    Scenario(
        "a killed process in its cleanup has freed its name; a trapping process linked to it "
        "already gets one EXIT, one that links now an EXIT noproc after it (conformance 056)",
        (
            spawn(),
            Step("trap", 0, (True,)),
            spawn(0, "spawn_link"),
            Step("register", None, (1, "a")),
            Step("arm", 1, ((), True)),
            spawn(),
            Step("trap", 2, (True,)),
            Step("exit", None, (1, "boom")),
            Step("register", None, (2, "a")),
            Step("link", 0, (1,)),
            Step("link", 2, (1,)),
            Step("release", None, (1,)),
        ),
        ((("EXIT", P1, "boom"),), dead("boom"), (("EXIT", P1, "noproc"),)),
        results=((8, ("ok", True)), (9, ("ok", True)), (10, ("ok", True))),
    ),
    Scenario(
        "a killed process in its cleanup is dead to timers: one aimed at it is cancelled "
        "at the kill, a new one is born cancelled",
        (
            spawn(),
            Step("arm", 0, ((), True)),
            Step("send_after", None, (("pid", 0), 2.0)),
            Step("exit", None, (0, "boom")),
            Step("read_timer", None, (0,)),
            Step("send_after", None, (("pid", 0), 1.0)),
            Step("read_timer", None, (1,)),
            Step("release", None, (0,)),
        ),
        (dead("boom"),),
        results=((4, ("ok", False)), (6, ("ok", False))),
    ),
    Scenario(
        "a process ending by itself runs its cleanup alive: its operations take effect",
        (
            spawn(),
            spawn(),
            Step("arm", 1, ((("send", (0,)),), True)),
            Step("exit_self", 1, (("exit", "shutdown"),)),
            Step("exit", None, (1, "boom")),
            Step("release", None, (1,)),
        ),
        ((("MSG", P1, ("cleanup", 1, 0)),), dead("boom")),
    ),
    Scenario(
        "a round: scripts run interleaved; a kill before the first step stops one at once",
        (
            spawn(),
            spawn(),
            spawn(),
            Step(
                "round",
                None,
                (
                    (
                        (0, (("monitor", (2,)), ("send", (1,)), ("send", (1,)))),
                        (2, (("send", (1,)),)),
                    ),
                    0,
                    (Step("exit", None, (2, "boom")),),
                ),
            ),
        ),
        (
            (("DOWN", ("ref", 0), P2, "noproc"),),
            (("MSG", P0, (4, 0, 1)), ("MSG", P0, (4, 0, 2))),
            dead("boom"),
        ),
    ),
    Scenario(
        "a round: a link signal reaches a process in the middle of its script",
        (
            spawn(),
            spawn(0, "spawn_link"),
            Step(
                "round",
                None,
                (
                    (
                        (0, (("trap", (False,)), ("trap", (False,)), ("trap", (False,)))),
                        (1, (("exit_self", (("exit", "boom"),)),)),
                    ),
                    3,
                    (),
                ),
            ),
        ),
        (dead("boom"), dead("boom")),
    ),
]


def _flatten(expected: Expected, i: int) -> Term:
    view = expected.procs[i]
    if isinstance(view, tuple):
        return view
    return tuple(m for group in expected.mailboxes[i] for m in group)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    model = Model()
    expected = [model.apply(step) for step in scenario.steps]
    model.apply(CLOSING)
    exits = model.close()
    # the model gives the BEAM's answer
    last = expected[-1]
    assert tuple(_flatten(last, i) for i in range(len(last.procs))) == scenario.final
    for k, result in scenario.results:
        assert expected[k].result == result, (k, scenario.steps[k])
    # and beampy gives the model's, in every mode
    threads = set(threading.enumerate())
    with structlog.testing.capture_logs():
        session = GuestSession()
        checker = Model()
        try:
            for step in scenario.steps:
                problems = checker.check_step(step, session.step(step))
                assert not problems, f"after {step!r}: {problems}"
        finally:
            final = session.close()
        assert not checker.check_step(CLOSING, final.observed[-1])
        assert checker.close() == exits
        assert not compare_final(exits, final)
        for seed in SEEDS:
            for run in (replay, replay_with_run):
                problems = check_run(list(scenario.steps), run(list(scenario.steps), seed))
                assert not problems, f"{run.__name__}(seed={seed}): {problems}"
    # (by identity: a thread that was there before, trio's idle worker say, may end)
    left = set(threading.enumerate()) - threads
    assert not left, f"a closed runtime left a thread behind: {left}"
