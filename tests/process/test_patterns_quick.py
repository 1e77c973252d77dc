"""The quick receive path: the commonest pattern shapes, recognised without compiling.

``receive`` recognises a str literal, ``("tag", ANY)``, ``(ref, ANY)``, ``("tag", ref, ANY)``,
``("tag", ANY, ANY)``, ``DownMessage(ref, ANY, ANY)``, ``(ref, ANY, ANY)``, ``("tag", pid, ANY)``
and two such clauses inline (``_patterns.quick_kind``), binds a matcher compiled once per shape,
and a sender tests a waiting receiver's quick matcher itself.  These tests hold that path to the
general compiler's answers: the same messages taken, in the same order, with the same marks,
timeouts and cancellation.
"""

from __future__ import annotations

from typing import Any

import pytest
import trio
import trio.testing

import beampy
import beampy.lowlevel
from beampy import ANY, DownMessage, ExitMessage, Pid, Ref
from beampy._core import _patterns
from beampy._core._api import Priority
from beampy._core._patterns import compile_receive, quick_compile, quick_kind
from tests.process.support import LONG, down_reason, drain, run, settle

R1, R2 = Ref(), Ref()
P1 = Pid(10**9 + 1, None)
OWN = 10**9 + 3


class MyStr(str):
    pass


QUICK_PATTERNS: list[Any] = [
    pytest.param(("pong",), id="str"),
    pytest.param((("ping", ANY),), id="tag"),
    pytest.param(((R1, ANY),), id="ref"),
    pytest.param((("reply", R1, ANY),), id="tag-ref"),
    pytest.param((("reply", ANY, ANY),), id="tag-any-any"),
    pytest.param((DownMessage(R1, ANY, ANY),), id="down"),
    pytest.param(((R1, ANY, ANY),), id="ref-any-any"),
    pytest.param(((R1, ANY, ANY), DownMessage(R2, ANY, ANY)), id="stream"),
    pytest.param((("ping", ANY), "stop"), id="tag-or-str"),
    pytest.param(((R1, ANY), DownMessage(R1, ANY, ANY)), id="call"),
    pytest.param((("reply", R1, ANY), DownMessage(R1, ANY, ANY)), id="call-tagged"),
    pytest.param((DownMessage(R1, ANY, ANY), (R1, ANY)), id="down-first"),
    pytest.param((("ack", P1, ANY),), id="tag-pid"),
    pytest.param((("ack", P1, ANY), DownMessage(R1, ANY, ANY)), id="start-ack"),
    pytest.param((ExitMessage(P1, ANY),), id="exit-pid"),
    pytest.param((("ack", P1, ANY), ExitMessage(P1, ANY)), id="start-link-ack"),
]

MESSAGES: list[Any] = [
    "pong",
    "ping",
    "stop",
    MyStr("pong"),
    MyStr("stop"),
    ("ping", 1),
    ("ping", P1),
    ("ping",),
    ("ping", 1, 2),
    (MyStr("ping"), 1),
    ["ping", 1],
    (R1, "r"),
    (R2, "r"),
    (R1, "r", 3),
    ("reply", R1, 5),
    ("reply", R2, 5),
    ("reply", 1, 2),
    ("other", R1, 5),
    (MyStr("reply"), R1, 5),
    (1, R1, 5),
    (R1, "r", 5),
    ("ping", "r", 5),
    ("ack", P1, ("ok", 1)),
    ("ack", Pid(10**9 + 2, None), "ok"),
    ("ack", P1),
    (MyStr("ack"), P1, "ok"),
    DownMessage(R1, P1, "normal"),
    DownMessage(R2, P1, "normal"),
    DownMessage("not a ref", P1, "normal"),
    ExitMessage(P1, "normal"),
    ExitMessage(Pid(10**9 + 2, None), "normal"),
    ExitMessage("not a pid", "normal"),
    None,
    1,
    (),
]


def _general(patterns: tuple[Any, ...]) -> tuple[Any, int, bool]:
    """What the general compiler gives, bypassing every flat and quick cache."""
    return _patterns._compile_slow(patterns, OWN, None, None)


@pytest.mark.parametrize("patterns", QUICK_PATTERNS)
def test_a_quick_matcher_takes_what_the_general_one_takes(patterns: tuple[Any, ...]) -> None:
    quick = quick_compile(patterns, OWN)
    assert quick is not None
    general, mark, pure = _general(patterns)
    assert pure
    assert quick[1] == mark
    for msg in MESSAGES:
        assert bool(quick[0](msg)) is bool(general(msg)), msg
    # compile_receive takes the quick path too
    matcher, mark2, pure2 = compile_receive(patterns, OWN)
    assert (mark2, pure2) == (mark, True)
    for msg in MESSAGES:
        assert bool(matcher(msg)) is bool(general(msg)), msg


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(MyStr("pong"), id="str-subclass"),
        pytest.param(("ping", 1), id="tag-literal"),
        pytest.param((MyStr("ping"), ANY), id="tag-subclass"),
        pytest.param((ANY, ANY), id="any-any"),
        pytest.param(("reply", R1, 1), id="tag-ref-literal"),
        pytest.param(("a", "b", ANY), id="two-tags"),
        pytest.param(("ack", P1, 1), id="tag-pid-literal"),
        pytest.param((R1, ANY, 1), id="ref-any-literal"),
        pytest.param((R1, 1, ANY), id="ref-literal-any"),
        pytest.param(DownMessage(R1, P1, ANY), id="down-pid"),
        pytest.param(DownMessage("x", ANY, ANY), id="down-not-ref"),
        pytest.param(ExitMessage(P1, "normal"), id="exit-reason"),
        pytest.param(ExitMessage(ANY, ANY), id="exit-any"),
        pytest.param(ANY, id="any"),
        pytest.param(1, id="int"),
    ],
)
def test_other_shapes_are_not_quick(pattern: Any) -> None:
    assert quick_kind(pattern, OWN) == (0, 0)
    assert quick_compile((pattern,), OWN) is None


def test_three_clauses_are_not_quick() -> None:
    assert quick_compile(("a", "b", "c"), OWN) is None


# == through the runtime: the inline recognition in receive, the sender's inline test ========

#: (patterns, a message they take, a message they leave) with the refs made by the receiver
FORMS = [
    "str",
    "tag",
    "ref",
    "tag-ref",
    "tag-any-any",
    "down",
    "ref-any-any",
    "tag-or-str",
    "call",
]


def _form(name: str, ref: Ref, me: Pid) -> tuple[tuple[Any, ...], Any, Any]:
    if name == "str":
        return ("pong",), "pong", "ping"
    if name == "tag":
        return (("ping", ANY),), ("ping", me), ("pong", me)
    if name == "ref":
        return ((ref, ANY),), (ref, "reply"), (Ref(), "reply")
    if name == "tag-ref":
        return (("reply", ref, ANY),), ("reply", ref, 1), ("reply", Ref(), 1)
    if name == "tag-any-any":
        return (("reply", ANY, ANY),), ("reply", 1, 2), ("reply", 1)
    if name == "down":
        return (DownMessage(ref, ANY, ANY),), DownMessage(ref, me, "x"), (ref, "x", "y")
    if name == "ref-any-any":
        return ((ref, ANY, ANY),), (ref, 1, 2), (ref, 1)
    if name == "tag-or-str":
        return (("ping", ANY), "stop"), "stop", ("stop",)
    assert name == "call"
    return ((ref, ANY), DownMessage(ref, ANY, ANY)), DownMessage(ref, me, "r"), ("x", ref)


async def _sender(to: Pid, msgs: list[Any]) -> None:
    for m in msgs:
        beampy.send(to, m)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("priority", ["normal", "high"])
def test_a_waiting_quick_receive_is_woken_by_its_message_only(
    form: str, priority: Priority
) -> None:
    """The sender tests the waiter's matcher (inline for a normal-priority light process)."""

    async def receiver(out: list[Any]) -> None:
        me = beampy.self()
        ref = beampy.make_ref()
        patterns, take, leave = _form(form, ref, me)
        out.append((ref, take, leave))
        out.append(await beampy.receive(*patterns))
        out.append(drain())

    async def main() -> list[Any]:
        out: list[Any] = []
        pid, mref = beampy.spawn_monitor(receiver, out, priority=priority)
        await settle()
        assert beampy.info(pid, "status") == "waiting"
        _ref, take, leave = out[0]
        beampy.spawn(_sender, pid, [leave, leave])
        await settle()
        assert beampy.info(pid, "status") == "waiting"  # neither woke it
        beampy.spawn(_sender, pid, [take, leave])
        assert await down_reason(mref) == "normal"
        return out

    out = run(main)
    _ref, take, leave = out[0]
    assert out[1] == take
    assert out[2] == [leave, leave, leave]


@pytest.mark.parametrize("form", FORMS)
def test_a_quick_receive_takes_the_oldest_match_already_queued(form: str) -> None:
    async def main() -> tuple[Any, ...]:
        me = beampy.self()
        ref = beampy.make_ref()
        patterns, take, leave = _form(form, ref, me)
        for m in [leave, take, leave, take, leave]:
            beampy.send(me, m)
        first = await beampy.receive(*patterns)
        second = await beampy.receive(*patterns)
        return first, second, drain(), take, leave

    first, second, rest, take, leave = run(main)
    assert first == second == take
    assert rest == [leave, leave, leave]


def test_two_clauses_take_the_oldest_message_matching_either() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        ref = beampy.make_ref()
        for m in [("x", 0), DownMessage(ref, me, "r"), (ref, "reply"), ("ping", 1), "stop"]:
            beampy.send(me, m)
        return [
            await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY)),
            await beampy.receive(DownMessage(ref, ANY, ANY), (ref, ANY)),
            await beampy.receive("stop", ("ping", ANY)),
            await beampy.receive(("ping", ANY), "stop"),
            drain(),
        ]

    got = run(main)
    assert type(got[0]) is DownMessage
    assert got[1][1] == "reply"
    assert got[2] == ("ping", 1)
    assert got[3] == "stop"
    assert got[4] == [("x", 0)]


def test_a_pinned_value_matches_a_message_older_than_the_receive() -> None:
    """Only a ref made by the receiver itself moves the scan's start; other values do not."""

    async def replier(to: Pid) -> None:
        foreign = beampy.make_ref()  # made by another process: no mark for the receiver
        beampy.send(to, ("ref", foreign))
        beampy.send(to, (foreign, "early"))
        beampy.send(to, ("reply", foreign, "early"))
        beampy.send(to, DownMessage(foreign, to, "early"))

    async def main() -> list[Any]:
        me = beampy.self()
        beampy.send(me, ("ping", "old"))
        beampy.send(me, "pong")
        beampy.spawn(replier, me)
        _, foreign = await beampy.receive(("ref", ANY))
        mine = beampy.make_ref()
        beampy.send(me, (mine, "late"))
        return [
            await beampy.receive(("ping", ANY)),
            await beampy.receive("pong"),
            await beampy.receive((foreign, ANY)),
            await beampy.receive(("reply", foreign, ANY)),
            (await beampy.receive(DownMessage(foreign, ANY, ANY))).reason,
            await beampy.receive((mine, ANY)),
            drain(),
        ]

    got = run(main)
    assert got[0] == ("ping", "old")
    assert got[1] == "pong"
    assert got[2][1] == "early"
    assert got[3][2] == "early"
    assert got[4] == "early"
    assert got[5][1] == "late"
    assert got[6] == []


@pytest.mark.parametrize("form", FORMS)
def test_a_quick_receive_times_out_and_its_timer_goes_when_it_matches(form: str) -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        ref = beampy.make_ref()
        patterns, take, leave = _form(form, ref, me)
        beampy.send(me, leave)
        out: list[Any] = []
        try:
            await beampy.receive(*patterns, timeout=5)
        except beampy.ReceiveTimeout:
            out.append("timeout")
        beampy.send_after(me, take, 1)
        out.append(await beampy.receive(*patterns, timeout=LONG) == take)
        out.append(beampy.lowlevel.current_runtime().statistics().timers)
        out.append(drain() == [leave])
        return out

    assert run(main) == ["timeout", True, 0, True]


async def _receive_quick_in_a_cancel_scope(scopes: list[trio.CancelScope], out: list[Any]) -> None:
    got: list[Any] = []
    with trio.CancelScope() as cs:
        scopes.append(cs)
        got.append(await beampy.receive(("item", ANY), "stop"))
    out.append((cs.cancelled_caught, got + drain()))


async def test_a_quick_receive_cancelled_in_the_tick_of_a_send_keeps_the_message(
    autojump_clock: trio.testing.MockClock,
) -> None:
    scopes: list[trio.CancelScope] = []
    out: list[Any] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_receive_quick_in_a_cancel_scope, scopes, out)
            await trio.testing.wait_all_tasks_blocked()
            assert beampy.info(pid, "status") == "waiting"
            scopes[0].cancel()
            rt.send(pid, ("item", 1))
            assert await rt.wait_exit(pid) == "normal"
    assert out in ([(False, [("item", 1)])], [(True, [("item", 1)])])


def test_a_quick_receive_under_move_on_after_loses_nothing() -> None:
    n = 5_000

    async def consumer(out: list[Any], done: list[bool]) -> None:
        while True:
            with trio.move_on_after(0.0001):
                out.append((await beampy.receive(("item", ANY)))[1])
            if done:
                out.extend(m[1] for m in drain())
                return

    async def producer(to: Pid, done: list[bool]) -> None:
        for i in range(n):
            beampy.send(to, ("item", i))
            await beampy.sleep(0.0001)
        done.append(True)

    async def main() -> list[Any]:
        out: list[Any] = []
        done: list[bool] = []
        pid, ref = beampy.spawn_monitor(consumer, out, done)
        beampy.spawn(producer, pid, done)
        assert await down_reason(ref) == "normal"
        return out

    assert run(main) == list(range(n))


OTHER_PATTERNS: list[Any] = [
    pytest.param(((1, R1, ANY),), id="int-ref-any"),
    pytest.param(((R1, "r"),), id="ref-literal"),
    pytest.param(((R1, ANY, ANY),), id="ref-any-any"),
    pytest.param((("ping", 1),), id="tag-literal"),
    pytest.param(((MyStr("ping"), ANY),), id="tag-subclass"),
    pytest.param((MyStr("pong"),), id="str-subclass"),
    pytest.param((DownMessage(R1, P1, ANY),), id="down-pid"),
    pytest.param((DownMessage("not a ref", ANY, ANY),), id="down-not-ref"),
    pytest.param((("ping", ANY), 1), id="tag-or-int"),
    pytest.param((("ack", P1, ANY), ExitMessage(P1, "normal")), id="ack-or-exit-reason"),
    pytest.param((("ack", P1, ANY), ExitMessage(ANY, ANY)), id="ack-or-any-exit"),
    pytest.param(("pong", "stop", ("ping", ANY)), id="three-clauses"),
    pytest.param((("ping", ANY), ANY), id="any-clause"),
    pytest.param((tuple,), id="class"),
]


@pytest.mark.parametrize("patterns", QUICK_PATTERNS + OTHER_PATTERNS)
def test_receive_takes_what_the_general_compiler_takes_in_order(
    patterns: tuple[Any, ...],
) -> None:
    """The inline recognition in ``receive`` against the general compiler, message by message."""
    general, _, _ = _general(patterns)
    expected = [m for m in MESSAGES if general(m)]

    async def main() -> tuple[list[Any], list[Any]]:
        me = beampy.self()
        for m in MESSAGES:
            beampy.send(me, m)
        got = []
        while True:
            try:
                got.append(await beampy.receive(*patterns, timeout=0))
            except beampy.ReceiveTimeout:
                return got, drain()

    got, rest = run(main)
    assert got == expected
    assert rest == [m for m in MESSAGES if not general(m)]


# == the receive mark: a receive pinning a fresh ref never scans the messages before it ======

QUEUED = 10_000


@pytest.fixture
def examined(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every message a receive tests in its own mailbox (``Proc.find``), in order."""
    from beampy._core._process import Proc

    seen: list[Any] = []
    find = Proc.find

    def counting_find(self: Proc, matcher: Any, mark: int) -> int:
        def counted(m: Any) -> Any:
            seen.append(m)
            return matcher(m)

        return find(self, counted, mark)

    monkeypatch.setattr(Proc, "find", counting_find)
    return seen


async def _server() -> None:
    while True:
        match await beampy.receive():
            case ("call", (frm, tag), request):
                beampy.send(frm, (tag, ("reply", request)))
            case "stop":
                return


async def _call(server: Pid, request: Any, reply_first: bool) -> Any:
    """GenServer.call's steps: monitor with an alias, send, receive pinning the ref."""
    ref = beampy.monitor(server, alias="reply_demonitor")
    beampy.send(server, ("call", (ref, ref), request))
    if reply_first:
        await settle()  # the reply is queued before the receive looks
    match await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY)):
        case (_, reply):
            beampy.demonitor(ref, flush=True)
            return reply
        case DownMessage(reason=reason):
            raise beampy.Exit(reason)


@pytest.mark.parametrize("reply_first", [False, True], ids=["reply-later", "reply-queued"])
def test_a_call_behind_queued_messages_tests_only_the_reply(
    examined: list[Any], reply_first: bool
) -> None:
    async def main() -> tuple[Any, int, list[Any]]:
        me = beampy.self()
        server = beampy.spawn(_server)
        for i in range(QUEUED):
            beampy.send(me, ("junk", i))
        examined.clear()
        reply = await _call(server, 42, reply_first)
        tested = list(examined)
        left = len(drain())
        beampy.send(server, "stop")
        return reply, left, tested

    reply, left, tested = run(main)
    assert reply == ("reply", 42)
    assert left == QUEUED
    # the reply (when queued before the receive looked) and nothing older; demonitor's flush
    # scans from the ref's mark too
    assert all(type(m) is not tuple or m[0] != "junk" for m in tested), tested[:3]
    assert len(tested) == (1 if reply_first else 0)


@pytest.mark.parametrize(
    "form",
    ["ref", "tag-ref", "down", "call", "predicate"],
)
def test_a_receive_pinning_a_fresh_ref_skips_the_older_messages(
    examined: list[Any], form: str
) -> None:
    def anything(_m: Any) -> bool:
        return True

    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        for i in range(QUEUED):
            beampy.send(me, ("junk", i))
        ref = beampy.make_ref()
        patterns: tuple[Any, ...] = {
            "ref": ((ref, ANY),),
            "tag-ref": (("reply", ref, ANY),),
            "down": (DownMessage(ref, ANY, ANY),),
            "call": ((ref, ANY), DownMessage(ref, ANY, ANY)),
            "predicate": ((ref, anything),),  # impure: the receiver matches, from the mark
        }[form]
        reply = {
            "ref": (ref, 1),
            "tag-ref": ("reply", ref, 1),
            "down": DownMessage(ref, me, 1),
            "call": (ref, 1),
            "predicate": (ref, 1),
        }[form]
        beampy.send(me, ("junk", "after the ref"))
        beampy.send(me, reply)
        examined.clear()
        got = await beampy.receive(*patterns)
        return got == reply, list(examined)

    ok, tested = run(main)
    assert ok
    assert len(tested) == 2  # the junk sent after the ref, then the reply
    assert tested[0] == ("junk", "after the ref")
