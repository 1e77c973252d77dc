"""send, receive, receive_nowait: mailboxes, selective receive, order, patterns, timeouts, marks."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

import pytest
import trio

import beampy
from beampy import ANY, DownMessage, ExitMessage, Pid, ReceiveTimeout, Ref
from tests.process.support import LONG, block_forever, down_reason, drain, run, settle

# -- send -------------------------------------------------------------------------------


def test_send_returns_the_message() -> None:
    async def main() -> Any:
        msg = ("hello", [1, 2])
        return beampy.send(beampy.self(), msg) is msg

    assert run(main) is True


def test_send_to_dead_pid_is_silently_dropped() -> None:
    async def main() -> tuple[Any, bool]:
        pid, ref = beampy.spawn_monitor(settle)
        await down_reason(ref)
        return beampy.send(pid, "hi"), beampy.is_alive(beampy.self())

    assert run(main) == ("hi", True)


def test_send_to_local_name_node_tuple_delivers() -> None:
    async def main() -> Any:
        beampy.register(beampy.self(), "me")
        beampy.send(("me", "nonode@nohost"), "via tuple")
        return await beampy.receive(timeout=0)

    assert run(main) == "via tuple"


def test_send_to_name_on_unknown_node_is_dropped() -> None:
    async def main() -> tuple[Any, list[Any]]:
        result = beampy.send(("svc", "other@host"), "lost")
        return result, drain()

    assert run(main) == ("lost", [])


def test_send_to_unregistered_name_on_local_node_tuple_is_dropped() -> None:
    # erlang:send({Name, node()}, Msg) never fails, unlike send(Name, Msg):
    # `send({:nobody, node()}, :x)` returns :x on the BEAM.
    async def main() -> Any:
        return beampy.send(("nobody", "nonode@nohost"), "x")

    assert run(main) == "x"


# -- receive: order and selection ----------------------------------------------------------


def test_receive_without_pattern_takes_the_oldest() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        for m in ("a", "b", "c"):
            beampy.send(me, m)
        return [await beampy.receive() for _ in range(3)]

    assert run(main) == ["a", "b", "c"]


def test_receive_selective_takes_oldest_match_and_keeps_the_rest_in_order() -> None:
    # conformance 002
    async def main() -> list[Any]:
        me = beampy.self()
        for m in ("a", ("b", 1), "c", ("b", 2)):
            beampy.send(me, m)
        first = await beampy.receive(("b", ANY))
        return [first, await beampy.receive(), await beampy.receive(), await beampy.receive()]

    assert run(main) == [("b", 1), "a", "c", ("b", 2)]


def test_receive_waits_for_a_matching_message_sent_later() -> None:
    async def sender(to: Pid) -> None:
        beampy.send(to, "noise")
        await beampy.sleep(1)
        beampy.send(to, ("reply", 7))

    async def main() -> tuple[Any, list[Any]]:
        beampy.spawn(sender, beampy.self())
        got = await beampy.receive(("reply", ANY))
        return got, drain()

    assert run(main) == (("reply", 7), ["noise"])


def test_receive_messages_from_one_sender_arrive_in_send_order() -> None:
    # conformance 004: per-pair order holds when two senders interleave
    async def sender(to: Pid, tag: str) -> None:
        for i in range(200):
            beampy.send(to, (tag, i))
            if i % 7 == 0:
                await beampy.yield_()

    async def main() -> list[Any]:
        me = beampy.self()
        beampy.spawn(sender, me, "a")
        beampy.spawn(sender, me, "b")
        return [await beampy.receive() for _ in range(400)]

    got = run(main)
    assert [i for tag, i in got if tag == "a"] == list(range(200))
    assert [i for tag, i in got if tag == "b"] == list(range(200))


def test_receive_several_patterns_take_the_oldest_matching_any() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        for m in (1, "x", ("t", 2), 3.5):
            beampy.send(me, m)
        first = await beampy.receive(("t", ANY), float)
        second = await beampy.receive(float, str)
        return [first, second, drain()]

    assert run(main) == [("t", 2), "x", [1, 3.5]]


@pytest.mark.parametrize("selective", [False, True])
def test_receive_busy_process_cannot_starve_others(selective: bool) -> None:
    # a process whose receives always find a message never waits, yet its reduction budget
    # sends it to the back of the run queue now and then
    async def spinner(log: list[str]) -> None:
        me = beampy.self()
        for i in range(10_000):
            beampy.send(me, ("n", i))
            if selective:
                await beampy.receive(("n", ANY))
            else:
                await beampy.receive()
        log.append("spinner done")

    async def other(log: list[str]) -> None:
        log.append("other ran")

    async def main() -> list[str]:
        log: list[str] = []
        beampy.spawn(spinner, log)
        beampy.spawn(other, log)
        await settle()
        return log

    assert run(main) == ["other ran", "spinner done"]


# -- patterns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: Any
    y: Any


class Color(enum.Enum):
    RED = 1
    BLUE = 2


async def _first_match(messages: list[Any], *patterns: Any) -> tuple[Any, list[Any]]:
    me = beampy.self()
    for m in messages:
        beampy.send(me, m)
    try:
        got = await beampy.receive(*patterns, timeout=0)
    except ReceiveTimeout:
        got = "no match"
    return got, drain()


@pytest.mark.parametrize(
    ("messages", "pattern", "expected"),
    [
        pytest.param([1, "a"], ANY, 1, id="any"),
        pytest.param(["a", 1, 2], int, 1, id="class"),
        pytest.param([("a", 1), ("b", 2)], ("b", ANY), ("b", 2), id="tuple"),
        pytest.param([("b",), ("b", 1, 2), ("b", 3)], ("b", ANY), ("b", 3), id="tuple-length"),
        pytest.param([["b", 1], ("b", 1)], ("b", 1), ("b", 1), id="list-is-not-tuple"),
        pytest.param(
            [("x", ("y", 1)), ("x", ("y", 2))], ("x", ("y", 2)), ("x", ("y", 2)), id="nested"
        ),
        pytest.param([("x", "s"), ("x", 5)], ("x", int), ("x", 5), id="class-in-tuple"),
        pytest.param([1.0, True, 1], 1, 1, id="int-literal-exact-type"),
        pytest.param([1, True, 1.0], 1.0, 1.0, id="float-literal-exact-type"),
        pytest.param([1, True], True, True, id="bool-literal-exact-type"),
        pytest.param(
            [("k", 1.0), ("k", True), ("k", 1)], ("k", 1), ("k", 1), id="tuple-exact-type"
        ),
        pytest.param(["b", b"b"], b"b", b"b", id="bytes"),
        pytest.param([0, "", None], None, None, id="none"),
        pytest.param([1, 2, 3], lambda m: m > 1, 2, id="predicate"),
        pytest.param([Point(1, 2), Point(3, 4)], Point(3, ANY), Point(3, 4), id="dataclass"),
        pytest.param([(3, 4), Point(3, 4)], Point(3, 4), Point(3, 4), id="dataclass-exact-class"),
        pytest.param([1, Color.BLUE, Color.RED], Color.RED, Color.RED, id="enum"),
        pytest.param([frozenset({1}), frozenset({2})], frozenset({2}), frozenset({2}), id="fset"),
        pytest.param([1, 2], "nope", "no match", id="no-match"),
    ],
)
def test_receive_pattern_forms(messages: list[Any], pattern: Any, expected: Any) -> None:
    got, rest = run(_first_match, messages, pattern)
    assert got == expected
    assert type(got) is type(expected)
    taken = [i for i, m in enumerate(messages) if m == got and type(m) is type(got)][:1]
    assert rest == [m for i, m in enumerate(messages) if i not in taken]


def test_receive_pattern_pid_and_ref_literals() -> None:
    async def main() -> tuple[Any, Any, Pid, Ref]:
        me = beampy.self()
        other = beampy.spawn(block_forever)
        ref = beampy.make_ref()
        beampy.send(me, ("from", other))
        beampy.send(me, ("from", me))
        beampy.send(me, beampy.make_ref())
        beampy.send(me, ref)
        a = await beampy.receive(("from", me))
        b = await beampy.receive(ref)
        return a, b, me, ref

    a, b, me, ref = run(main)
    assert a == ("from", me)
    assert b == ref


def test_receive_down_and_exit_message_dataclass_patterns() -> None:
    async def main() -> tuple[Any, Any, Pid, Pid]:
        beampy.flag("trap_exit", True)
        p1, ref1 = beampy.spawn_monitor(settle)
        p2 = beampy.spawn_link(settle)
        exit_msg = await beampy.receive(ExitMessage(p2, ANY))
        down = await beampy.receive(DownMessage(ref1, p1, "normal"))
        return exit_msg, down, p1, p2

    exit_msg, down, p1, p2 = run(main)
    assert exit_msg == ExitMessage(p2, "normal")
    assert down.pid == p1
    assert down.reason == "normal"


# -- timeouts -----------------------------------------------------------------------------


def test_receive_timeout_raises_receive_timeout_which_is_too_slow_error() -> None:
    async def main() -> tuple[str, float]:
        start = trio.current_time()
        try:
            await beampy.receive(timeout=0.05)
        except trio.TooSlowError as e:
            return type(e).__name__, trio.current_time() - start
        return "no timeout", 0.0

    name, waited = run(main)
    assert name == "ReceiveTimeout"
    assert waited == pytest.approx(0.05)


def test_receive_timeout_zero_polls() -> None:
    async def main() -> tuple[str, Any]:
        try:
            await beampy.receive(timeout=0)
            first = "got"
        except ReceiveTimeout:
            first = "timeout_0"
        beampy.send(beampy.self(), "queued")
        return first, await beampy.receive(timeout=0)

    assert run(main) == ("timeout_0", "queued")


def test_receive_non_matching_message_neither_ends_timeout_nor_is_consumed() -> None:
    # conformance 003
    async def sender(to: Pid) -> None:
        await beampy.sleep(0.01)
        beampy.send(to, "other")

    async def main() -> tuple[str, list[Any]]:
        beampy.spawn(sender, beampy.self())
        try:
            await beampy.receive("wanted", timeout=0.05)
            outcome = "received"
        except ReceiveTimeout:
            outcome = "timeout_nonmatching"
        return outcome, drain()

    assert run(main) == ("timeout_nonmatching", ["other"])


def test_receive_message_arriving_in_time_beats_the_timeout() -> None:
    async def sender(to: Pid) -> None:
        await beampy.sleep(0.04)
        beampy.send(to, "late_but_in_time")

    async def main() -> Any:
        beampy.spawn(sender, beampy.self())
        return await beampy.receive(timeout=0.05)

    assert run(main) == "late_but_in_time"


def test_receive_infinite_timeout_waits_until_a_message() -> None:
    async def sender(to: Pid) -> None:
        await beampy.sleep(500)
        beampy.send(to, "finally")

    async def main() -> Any:
        beampy.spawn(sender, beampy.self())
        return await beampy.receive(timeout=math.inf)

    assert run(main) == "finally"


# -- receive_nowait ----------------------------------------------------------------------


def test_receive_nowait_takes_a_matching_message() -> None:
    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        beampy.send(me, "a")
        beampy.send(me, ("b", 1))
        return beampy.receive_nowait(("b", ANY)), drain()

    assert run(main) == (("b", 1), ["a"])


def test_receive_nowait_raises_would_block_and_keeps_the_mailbox() -> None:
    async def main() -> tuple[str, str, list[Any]]:
        try:
            beampy.receive_nowait()
            empty = "got"
        except trio.WouldBlock:
            empty = "would_block"
        beampy.send(beampy.self(), "a")
        try:
            beampy.receive_nowait("b")
            nomatch = "got"
        except trio.WouldBlock:
            nomatch = "would_block"
        return empty, nomatch, drain()

    assert run(main) == ("would_block", "would_block", ["a"])


# -- marks: a receive pinned to a fresh ref skips older messages and still finds its own -----


async def _request(server: Pid, payload: Any) -> Any:
    ref = beampy.make_ref()
    beampy.send(server, (beampy.self(), ref, payload))
    _, reply = await beampy.receive((ref, ANY), timeout=LONG)
    return reply


async def _ref_server() -> None:
    while True:
        sender, ref, payload = await beampy.receive()
        beampy.send(sender, ("unrelated", payload))
        beampy.send(sender, (ref, ("reply", payload)))


def test_receive_ref_pinned_finds_reply_behind_older_messages() -> None:
    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        for i in range(1000):
            beampy.send(me, ("old", i))
        server = beampy.spawn(_ref_server)
        reply = await _request(server, 1)
        return reply, drain()

    reply, rest = run(main)
    assert reply == ("reply", 1)
    assert rest == [("old", i) for i in range(1000)] + [("unrelated", 1)]


def test_receive_ref_pinned_after_head_consumed_and_queue_emptied() -> None:
    async def main() -> tuple[list[Any], list[Any]]:
        me = beampy.self()
        server = beampy.spawn(_ref_server)
        replies = []
        for round_ in range(3):
            for i in range(600):
                beampy.send(me, ("old", round_, i))
            ref = beampy.make_ref()
            # consume everything queued before the ref: the mailbox's head moves past the mark
            for _ in range(600):
                await beampy.receive()
            beampy.send(server, (me, ref, round_))
            _, reply = await beampy.receive((ref, ANY))
            replies.append(reply)
            replies.append(await beampy.receive())
        return replies, drain()

    replies, rest = run(main)
    assert replies == [
        ("reply", 0),
        ("unrelated", 0),
        ("reply", 1),
        ("unrelated", 1),
        ("reply", 2),
        ("unrelated", 2),
    ]
    assert rest == []


def test_receive_ref_pinned_after_many_messages_taken_from_the_middle() -> None:
    # taking >512 messages out of the middle of the queue compacts the mailbox
    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        beampy.send(me, "head")
        for i in range(700):
            beampy.send(me, ("mid", i))
        ref = beampy.make_ref()
        for i in range(300):
            beampy.send(me, ("late", i))
        beampy.send(me, (ref, "mine"))
        for i in range(700):
            assert await beampy.receive(("mid", ANY)) == ("mid", i)
        pinned = await beampy.receive((ref, ANY))
        return pinned, drain()

    pinned, rest = run(main)
    assert pinned[1] == "mine"
    assert rest == ["head"] + [("late", i) for i in range(300)]


def test_receive_ref_pinned_with_an_unpinned_clause_still_sees_older_messages() -> None:
    async def main() -> tuple[Any, Any]:
        me = beampy.self()
        beampy.send(me, "old")
        ref = beampy.make_ref()
        beampy.send(me, (ref, "new"))
        first = await beampy.receive((ref, ANY), "old")
        second = await beampy.receive((ref, ANY), "old")
        return first, second[1]

    assert run(main) == ("old", "new")


def test_receive_ref_made_by_another_process_is_found_even_if_older() -> None:
    async def child(to: Pid) -> None:
        ref = beampy.make_ref()
        beampy.send(to, (ref, "payload"))
        beampy.send(to, ("here is the ref", ref))

    async def main() -> Any:
        beampy.spawn(child, beampy.self())
        _, ref = await beampy.receive(("here is the ref", ANY))
        return await beampy.receive((ref, ANY), timeout=0)

    assert run(main)[1] == "payload"


def test_receive_monitor_ref_pinned_down_skips_older_downs() -> None:
    async def main() -> tuple[list[Ref], list[Ref], Any, Pid]:
        olds = [beampy.spawn_monitor(settle, 0.5)[1] for _ in range(5)]
        await settle()
        pid, ref = beampy.spawn_monitor(settle, 0.5)
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        return olds, [d.ref for d in drain()], down == DownMessage(ref, pid, "normal"), pid

    olds, left, matched, _ = run(main)
    assert matched is True
    assert left == olds


# -- predicates --------------------------------------------------------------------------


def test_receive_predicate_error_raises_in_the_receiver_not_the_sender() -> None:
    async def receiver(to: Pid) -> None:
        try:
            await beampy.receive(lambda m: 1 / m > 0)
        except ZeroDivisionError:
            beampy.send(to, ("receiver raised", drain()))

    async def sender(to: Pid) -> None:
        beampy.send(to, 0)

    async def main() -> tuple[Any, Any]:
        r = beampy.spawn(receiver, beampy.self())
        await settle()
        _, sref = beampy.spawn_monitor(sender, r)
        return await beampy.receive(("receiver raised", ANY)), await down_reason(sref)

    got, sender_reason = run(main)
    assert got == ("receiver raised", [0])
    assert sender_reason == "normal"


def test_receive_predicate_error_on_queued_message_raises_in_receiver() -> None:
    async def main() -> tuple[str, list[Any]]:
        beampy.send(beampy.self(), 0)
        try:
            await beampy.receive(lambda m: 1 / m > 0)
        except ZeroDivisionError:
            return "raised", drain()
        return "not raised", []

    assert run(main) == ("raised", [0])


def test_a_predicate_that_raises_is_no_guard_the_later_messages_are_not_tested() -> None:
    # docs/differences.md, "Predicates are not guards": on the BEAM a guard that raises
    # does not match and the receive goes on (it would return [1]); beampy raises
    async def main() -> tuple[str, list[Any]]:
        beampy.send(beampy.self(), 5)
        beampy.send(beampy.self(), [1])
        try:
            await beampy.receive(lambda m: m[0] == 1)
        except TypeError:
            return "raised", drain()
        return "not raised", []

    assert run(main) == ("raised", [5, [1]])


# -- hibernate ----------------------------------------------------------------------------


def test_hibernate_continues_in_fn_with_the_message_still_queued() -> None:
    async def after_wake(to: Pid, tag: str) -> str:
        msg = await beampy.receive()
        beampy.send(to, (tag, msg))
        return "ignored"

    async def sleeper(to: Pid) -> None:
        await beampy.hibernate(after_wake, to, "woke")

    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(sleeper, beampy.self())
        await settle()
        beampy.send(pid, "wake up")
        return await beampy.receive(), await down_reason(ref)

    assert run(main) == (("woke", "wake up"), "normal")


def test_message_queue_len_counts_queued_messages() -> None:
    async def main() -> list[int]:
        me = beampy.self()
        lens = [beampy.info(me, "message_queue_len")]
        for i in range(3):
            beampy.send(me, i)
        lens.append(beampy.info(me, "message_queue_len"))
        await beampy.receive(1)
        lens.append(beampy.info(me, "message_queue_len"))
        return lens

    assert run(main) == [0, 3, 2]
