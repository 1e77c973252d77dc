"""beampy.testing: the mailbox assertions and process_test, including how they fail."""

from __future__ import annotations

import math
from typing import Any, NoReturn

import pytest

import beampy
from beampy import ANY
from beampy.gen_server import GenServer, Ok, Stop
from beampy.supervisor import SpecError, Supervisor
from beampy.testing import (
    assert_receive,
    assert_received,
    process_test,
    refute_receive,
    refute_received,
    start_supervised,
    start_supervised_or_raise,
    stop_supervised,
    stop_supervised_or_raise,
)


async def _forever() -> None:
    await beampy.receive("never")


async def _crash_later() -> NoReturn:
    await beampy.sleep(1.0)
    raise RuntimeError("linked boom")


async def _send_later(to: beampy.Pid, msg: Any, delay: float) -> None:
    await beampy.sleep(delay)
    beampy.send(to, msg)


# -- assert_receive / refute_receive -------------------------------------------------


@process_test
async def test_assert_receive_returns_the_matching_message_and_leaves_the_rest() -> None:
    me = beampy.self()
    beampy.send(me, "first")
    beampy.send(me, ("ok", 1))
    assert await assert_receive(("ok", ANY)) == ("ok", 1)
    assert assert_received() == "first"


@process_test
async def test_assert_receive_waits_up_to_its_timeout() -> None:
    beampy.spawn(_send_later, beampy.self(), "late", 0.5)
    assert await assert_receive("late", timeout=1.0) == "late"


@process_test
async def test_assert_receive_fails_listing_patterns_and_mailbox() -> None:
    me = beampy.self()
    beampy.send(me, "other")
    beampy.send(me, ("error", 2))
    with pytest.raises(AssertionError) as info:
        await assert_receive(("ok", ANY), "done")
    assert str(info.value) == (
        "Assertion failed, no matching message after 100ms\n"
        "patterns:\n"
        "  ('ok', ANY)\n"
        "  'done'\n"
        "Showing 2 of 2 messages in the mailbox:\n"
        "  'other'\n"
        "  ('error', 2)"
    )
    assert assert_received() == "other"  # nothing was taken


@process_test
async def test_assert_receive_on_an_empty_mailbox_says_so() -> None:
    with pytest.raises(AssertionError, match="after 250ms") as info:
        await assert_receive("x", timeout=0.25)
    assert str(info.value).endswith("The process mailbox is empty.")


@process_test
async def test_assert_receive_shows_at_most_ten_messages() -> None:
    for i in range(12):
        beampy.send(beampy.self(), i)
    with pytest.raises(AssertionError) as info:
        await assert_receive("x", timeout=0)
    text = str(info.value)
    assert "Showing 10 of 12 messages in the mailbox:" in text
    assert "  9" in text
    assert "  10" not in text


@process_test
async def test_assert_receive_rejects_a_bad_timeout() -> None:
    with pytest.raises(ValueError, match="timeout"):
        await assert_receive("x", timeout=-1)


@process_test
async def test_refute_receive_passes_when_nothing_matches_in_time() -> None:
    beampy.send(beampy.self(), "unrelated")
    beampy.spawn(_send_later, beampy.self(), "too late", 0.2)
    await refute_receive("too late")
    assert await assert_receive("too late", timeout=math.inf) == "too late"
    assert assert_received() == "unrelated"


@process_test
async def test_refute_receive_fails_naming_the_message_and_pattern() -> None:
    beampy.spawn(_send_later, beampy.self(), ("hello", 1), 0.05)
    with pytest.raises(AssertionError) as info:
        await refute_receive(("hello", ANY))
    assert str(info.value) == (
        "Unexpectedly received message ('hello', 1) (which matched ('hello', ANY))"
    )


@process_test
async def test_assert_received_does_not_wait() -> None:
    beampy.spawn(_send_later, beampy.self(), "soon", 0.0)
    with pytest.raises(AssertionError, match="no matching message in the mailbox"):
        assert_received("soon")
    assert await assert_receive("soon") == "soon"


@process_test
async def test_refute_received_checks_the_mailbox_now() -> None:
    refute_received("x")
    beampy.send(beampy.self(), "x")
    with pytest.raises(AssertionError) as info:
        refute_received("x", "y")
    assert str(info.value) == "Unexpectedly received message 'x' (which matched one of 'x', 'y')"


# -- process_test --------------------------------------------------------------------


def test_process_test_runs_the_body_as_a_process() -> None:
    seen: list[Any] = []

    @process_test
    async def body() -> None:
        seen.append(beampy.is_alive(beampy.self()))
        seen.append(beampy.info(beampy.self(), "links"))

    body()
    assert seen == [True, []]


def test_process_test_runs_on_virtual_time() -> None:
    import trio

    elapsed: list[float] = []

    @process_test
    async def body() -> None:
        t0 = trio.current_time()
        await beampy.sleep(3600)
        elapsed.append(trio.current_time() - t0)

    body()
    assert elapsed == [3600]


def test_process_test_passes_fixture_arguments_through() -> None:
    @process_test
    async def body(x: int, *, y: int) -> None:
        beampy.send(beampy.self(), x + y)
        assert await assert_receive(3) == 3

    body(1, y=2)


def test_process_test_fails_with_the_body_exception() -> None:
    @process_test
    async def body() -> None:
        raise KeyError("mine")

    with pytest.raises(KeyError, match="mine"):
        body()


def test_process_test_fails_when_a_linked_process_crashes() -> None:
    @process_test
    async def body() -> None:
        beampy.spawn_link(_crash_later)
        await beampy.sleep(10)

    with pytest.raises(AssertionError, match="exit signal with reason RuntimeError") as info:
        body()
    assert isinstance(info.value.__cause__, RuntimeError)
    assert str(info.value.__cause__) == "linked boom"


def test_process_test_fails_on_a_linked_abnormal_exit_reason() -> None:
    async def exits() -> NoReturn:
        raise beampy.Exit("gave_up")

    @process_test
    async def body() -> None:
        beampy.spawn_link(exits)
        await beampy.sleep(10)

    with pytest.raises(AssertionError, match="reason 'gave_up'"):
        body()


class _Recorder(GenServer):
    def init(self, log: list[Any]) -> Ok:
        beampy.flag("trap_exit", True)
        return Ok(log)

    def terminate(self, reason: Any, log: list[Any]) -> None:
        log.append(("terminate", reason))


def test_process_test_ends_linked_processes_with_shutdown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log: list[Any] = []

    @process_test
    async def body() -> None:
        await GenServer.start_link(_Recorder, log)
        beampy.spawn_link(_forever)

    body()
    assert log == [("terminate", "shutdown")]
    assert capsys.readouterr().err == ""  # they exited with the test: nothing to report


def test_process_test_reports_leftovers_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    pids: list[beampy.Pid] = []

    @process_test
    async def test_leaky() -> None:
        pid = beampy.spawn(_forever)
        beampy.register(pid, "leaky")
        pids.append(pid)

    test_leaky()
    err = capsys.readouterr().err
    assert "test_leaky: 1 process(es) left running at the end of the test were shut down:" in err
    assert f"{pids[0]!r} (leaky) started as" in err


def test_process_test_can_fail_on_leftovers() -> None:
    @process_test(leftovers="fail")
    async def body() -> None:
        beampy.spawn(_forever)

    with pytest.raises(AssertionError, match=r"1 process\(es\) left running"):
        body()


def test_process_test_can_ignore_leftovers(capsys: pytest.CaptureFixture[str]) -> None:
    @process_test(leftovers="ignore")
    async def body() -> None:
        beampy.spawn(_forever)

    body()
    assert capsys.readouterr().err == ""


def test_process_test_kills_what_ignores_shutdown() -> None:
    async def stubborn() -> None:
        beampy.flag("trap_exit", True)
        while True:
            await beampy.receive()

    @process_test(leftovers="ignore", shutdown_timeout=1.0)
    async def body() -> None:
        beampy.spawn(stubborn)

    body()  # returns: the stubborn process was killed after 1 virtual second


def test_process_test_rejects_bad_use() -> None:
    def not_async() -> None:
        pass

    with pytest.raises(TypeError, match="async def"):
        process_test(not_async)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="leftovers"):
        process_test(leftovers="sometimes")  # type: ignore[call-overload]


# -- start_supervised / stop_supervised -------------------------------------------------


class Noted(GenServer):
    """Notes its start and its end (with the reason) in the list it is given."""

    def init(self, arg: Any) -> Ok:
        name, notes = arg
        beampy.flag("trap_exit", True)
        notes.append(("started", name))
        return Ok(arg)

    def terminate(self, reason: Any, state: Any) -> None:
        name, notes = state
        notes.append(("stopped", name, reason))


class Refuses(GenServer):
    def init(self, arg: Any) -> Any:
        return Stop(arg)


def test_start_supervised_children_stop_in_reverse_order_when_the_test_ends() -> None:
    notes: list[Any] = []
    seen: list[Any] = []

    @process_test(leftovers="fail")
    async def body() -> None:
        ok, a = await start_supervised((Noted, ("a", notes)), id="a")
        assert ok == "ok"
        b = await start_supervised_or_raise((Noted, ("b", notes)), id="b")
        c = await start_supervised_or_raise((Noted, ("c", notes)), id="c")
        me = beampy.self()
        # not linked to the test process; started by a supervisor the test does not own
        assert beampy.info(me, "links") == []
        sup = beampy.info(a, "links")[0]
        assert beampy.info(b, "links") == beampy.info(c, "links") == [sup]
        assert await Supervisor.which_children(sup) == [
            ("c", c, "worker", [Noted]),
            ("b", b, "worker", [Noted]),
            ("a", a, "worker", [Noted]),
        ]
        seen.append(sup)
        notes.append("test over")

    body()
    assert notes == [
        ("started", "a"),
        ("started", "b"),
        ("started", "c"),
        "test over",
        ("stopped", "c", "shutdown"),
        ("stopped", "b", "shutdown"),
        ("stopped", "a", "shutdown"),
    ]
    assert len(seen) == 1


def test_start_supervised_stops_the_children_when_the_test_fails_too() -> None:
    notes: list[Any] = []

    @process_test(leftovers="fail")
    async def body() -> None:
        await start_supervised_or_raise((Noted, ("a", notes)))
        raise ValueError("the test failed")

    with pytest.raises(ValueError, match="the test failed"):
        body()
    assert notes == [("started", "a"), ("stopped", "a", "shutdown")]


@process_test(leftovers="fail")
async def test_start_supervised_restarts_a_crashed_child_without_failing_the_test() -> None:
    notes: list[Any] = []
    pid = await start_supervised_or_raise((Noted, ("a", notes)))
    beampy.exit(pid, "kill")
    await beampy.sleep(0.1)
    assert notes == [("started", "a"), ("started", "a")]
    temporary = await start_supervised_or_raise((Noted, ("t", notes)), id="t", restart="temporary")
    beampy.exit(temporary, "kill")
    await beampy.sleep(0.1)
    assert notes[-1] == ("started", "t")


@process_test
async def test_start_supervised_returns_the_start_error_and_or_raise_raises() -> None:
    _, pid = await start_supervised((Noted, ("a", [])))
    assert await start_supervised((Noted, ("a", []))) == ("error", ("already_started", pid))
    r = await start_supervised((Refuses, "no_database"))
    assert r[0] == "error"
    assert r[1][0] == "no_database"
    assert r[1][1][0] == "child"  # the child record, as Supervisor.start_child returns it
    with pytest.raises(RuntimeError) as info:
        await start_supervised_or_raise((Refuses, "no_database"))
    assert str(info.value) == (
        f"failed to start child with the spec {(Refuses, 'no_database')!r}.\nReason: 'no_database'"
    )
    with pytest.raises(RuntimeError, match="already_started"):
        await start_supervised_or_raise((Noted, ("a", [])))

    def boom() -> Any:
        raise OSError("no disk")

    with pytest.raises(RuntimeError, match="no disk") as info:
        await start_supervised_or_raise({"id": "boom", "start": (boom,)})
    assert isinstance(info.value.__cause__, OSError)
    assert await start_supervised({"id": "i", "start": (lambda: "ignore",)}) == (
        "ok",
        "undefined",
    )
    with pytest.raises(SpecError):
        await start_supervised((Noted, ("b", [])), colour="red")


@process_test(leftovers="fail")
async def test_stop_supervised_stops_the_child_for_good() -> None:
    notes: list[Any] = []
    assert await stop_supervised("a") == ("error", "not_found")  # no supervisor yet
    pid = await start_supervised_or_raise((Noted, ("a", notes)), id="a")
    ref = beampy.monitor(pid)
    assert await stop_supervised("a") == "ok"
    await assert_receive(beampy.DownMessage(ref, pid, "shutdown"))
    assert notes == [("started", "a"), ("stopped", "a", "shutdown")]
    assert await stop_supervised("a") == ("error", "not_found")
    with pytest.raises(RuntimeError, match="could not stop child ID 'a' because it was not found"):
        await stop_supervised_or_raise("a")
    await start_supervised_or_raise((Noted, ("a", notes)), id="a")  # the id is free again
    assert await stop_supervised_or_raise("a") == "ok"


@process_test
async def test_start_supervised_is_for_the_test_process_only() -> None:
    me = beampy.self()

    async def other() -> None:
        for call in (start_supervised((Noted, ("x", []))), stop_supervised("x")):
            try:
                await call
            except RuntimeError as e:
                beampy.send(me, str(e))

    beampy.spawn(other)
    for what in ("start_supervised()", "stop_supervised()"):
        text = await assert_receive(ANY)
        assert text.startswith(f"{what} can only be called from the test process")


def test_start_supervised_outside_any_test_raises() -> None:
    async def main() -> None:
        with pytest.raises(RuntimeError, match="test process"):
            await start_supervised((Noted, ("x", [])))

    beampy.run(main)
