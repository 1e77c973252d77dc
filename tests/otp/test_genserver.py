"""GenServer: every callback return form, every client error, reports, trio I/O in callbacks.

The conformance scenarios 401-438 check the traces the BEAM prints; these tests check the
rules beampy adds or that a trace cannot show (typed errors for bad input, structlog
reports, nothing left running after a failed start, process metadata).
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import ANY, DownMessage, GenServer, Task, proc_lib, sys
from beampy.gen_server import Continue, Ignore, NoReply, Ok, Reply, Stop
from tests.process.support import LONG, run, settle, wait_down


class Counter(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: int) -> Any:
        match request:
            case "get":
                return Reply(n, n)
            case ("add", k):
                return Reply(n + k, n + k)
            case ("reply_then", action):
                return Reply(n, n, action)
            case ("noreply_then", action):
                GenServer.reply(from_, n)
                return NoReply(n, action)
            case ("stop", reason):
                return Stop(reason, n, reply="stopping")
            case ("return", value):
                return value

    def handle_cast(self, request: Any, n: int) -> Any:
        match request:
            case "inc":
                return NoReply(n + 1)
            case ("return", value):
                return value

    def handle_info(self, msg: Any, n: int) -> Any:
        if msg == "timeout":
            return NoReply(-1)
        return NoReply(n)

    def handle_continue(self, arg: Any, n: int) -> Any:
        return NoReply(n + arg)


def test_every_return_form_of_handle_call() -> None:
    async def main() -> list[Any]:
        _, pid = await GenServer.start_link(Counter, 0)
        out = [await GenServer.call(pid, ("add", 2))]
        out.append(await GenServer.call(pid, ("reply_then", "hibernate")))
        out.append(await GenServer.call(pid, ("reply_then", Continue(10))))
        out.append(await GenServer.call(pid, "get"))  # the continue ran first
        out.append(await GenServer.call(pid, ("noreply_then", None)))
        out.append(await GenServer.call(pid, ("reply_then", 5.0)))
        await beampy.sleep(6.0)  # the timeout fired: handle_info("timeout")
        out.append(await GenServer.call(pid, "get"))
        out.append(await GenServer.call(pid, ("reply_then", math.inf)))
        await beampy.sleep(100.0)
        out.append(await GenServer.call(pid, "get"))
        ref = beampy.monitor(pid)
        out.append(await GenServer.call(pid, ("stop", "normal")))
        out.append((await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
        return out

    assert run(main) == [2, 2, 2, 12, 12, 12, -1, -1, -1, "stopping", "normal"]


@pytest.mark.parametrize("tag_kind", ["plain_ref", "string", "tuple"])
def test_a_call_made_by_hand_is_answered_to_the_callers_pid(tag_kind: str) -> None:
    # A call built by hand, ("$gen_call", (pid, tag), request), with a tag that is not
    # an alias: gen_server answers (tag, reply) to the pid, as OTP's gen:reply does for
    # any tag but [alias | Ref].  Every way of answering: a Reply, GenServer.reply, and
    # a Stop with a reply.
    async def main() -> list[Any]:
        _, pid = await GenServer.start(Counter, 1)
        me = beampy.self()
        out: list[Any] = []
        for request in ["get", ("noreply_then", None), ("stop", "normal")]:
            tag: Any = {
                "plain_ref": beampy.make_ref(),
                "string": "my tag",
                "tuple": ("t", len(out)),
            }[tag_kind]
            assert not (type(tag) is beampy.Ref and beampy.lowlevel.is_alias(tag))
            beampy.send(pid, ("$gen_call", (me, tag), request))
            out.append(await beampy.receive((tag, ANY), timeout=LONG))
        return out

    replies = run(main)
    assert [r[1] for r in replies] == [1, 1, "stopping"]


def test_a_call_made_by_hand_from_a_name_is_answered_there_and_never_crashes_the_server() -> None:
    # OTP's gen:reply sends to whatever the from names and drops what cannot be sent
    async def main() -> list[Any]:
        _, pid = await GenServer.start(Counter, 1)
        beampy.register(beampy.self(), "me")
        out: list[Any] = []
        for to in ("me", "nobody", 42):
            tag = beampy.make_ref()
            beampy.send(pid, ("$gen_call", (to, tag), "get"))
            try:
                out.append((await beampy.receive((tag, ANY), timeout=LONG))[1])
            except beampy.ReceiveTimeout:
                out.append("dropped")
            out.append(beampy.is_alive(pid))
        return out

    assert run(main) == [1, True, "dropped", True, "dropped", True]


def test_is_alias_tells_an_alias_from_a_plain_reference() -> None:
    async def main() -> list[bool]:
        a = beampy.alias()
        other = beampy.spawn(beampy.receive)
        m = beampy.monitor(other, alias="demonitor")
        out = [beampy.lowlevel.is_alias(a), beampy.lowlevel.is_alias(m)]
        beampy.exit(other, "kill")
        beampy.unalias(a)
        out.append(beampy.lowlevel.is_alias(a))  # inactive, still made as an alias
        out.append(beampy.lowlevel.is_alias(beampy.make_ref()))
        with pytest.raises(TypeError, match=r"is_alias\(\) expects a Ref; got 'x'"):
            beampy.lowlevel.is_alias("x")  # type: ignore[arg-type]
        return out

    assert run(main) == [True, True, True, False]


def test_a_plain_server_without_hooks_needs_only_init() -> None:
    class Minimal(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

    async def main() -> Any:
        _, pid = await GenServer.start(Minimal, 1)
        return await GenServer.stop(pid)

    assert run(main) == "ok"


@pytest.mark.parametrize(
    "bad",
    [
        None,
        ("reply", 1, 2),
        Reply(1, 2, "sleep"),  # type: ignore[arg-type]
        Reply(1, 2, -1.0),
        NoReply(1, Continue),  # type: ignore[arg-type]
        Stop("normal"),  # a stop from handle_call needs the state
        Ok(1),
    ],
    ids=repr,
)
def test_a_bad_return_from_handle_call_exits_server_and_caller(bad: Any) -> None:
    async def main() -> Any:
        _, pid = await GenServer.start(Counter, 0)
        ref = beampy.monitor(pid)
        with pytest.raises(beampy.Exit) as caught:
            await GenServer.call(pid, ("return", bad))
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        return caught.value.reason, down.reason

    with structlog.testing.capture_logs() as logs:
        call_reason, down_reason = run(main)
    assert down_reason == ("bad_return_value", bad)
    assert call_reason[0] == ("bad_return_value", bad)
    assert call_reason[1][:2] == ("GenServer", "call")
    report = next(e for e in logs if e["event"] == "genserver_terminating")
    assert report["bad_return_from"] == "handle_call"
    assert "Reply(reply, state" in report["accepted"]


@pytest.mark.parametrize("bad", [None, Reply(1, 2), Stop("normal", 1, reply=3), 7], ids=repr)
def test_a_bad_return_from_handle_cast_ends_the_server(bad: Any) -> None:
    async def main() -> Any:
        _, pid = await GenServer.start(Counter, 0)
        ref = beampy.monitor(pid)
        GenServer.cast(pid, ("return", bad))
        return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason

    with structlog.testing.capture_logs():
        assert run(main) == ("bad_return_value", bad)


def test_init_bad_return_and_its_report_name_what_is_accepted() -> None:
    class BadInit(GenServer):
        def init(self, arg: Any) -> Any:
            return ("ok", arg)

    async def main() -> Any:
        return await GenServer.start(BadInit, 1)

    with structlog.testing.capture_logs() as logs:
        assert run(main) == ("error", ("bad_return_value", ("ok", 1)))
    bad = next(e for e in logs if e["event"] == "genserver_bad_return")
    assert bad["callback"] == "init"
    assert "Ok(state[, action])" in bad["accepted"]


def test_init_forms_ok_with_actions() -> None:
    class WithAction(GenServer):
        def init(self, action: Any) -> Ok:
            return Ok(0, action)

        def handle_continue(self, arg: Any, n: int) -> NoReply:
            return NoReply(n + arg)

        def handle_info(self, msg: Any, n: int) -> NoReply:
            return NoReply(msg)

        def handle_call(self, request: Any, from_: Any, n: Any) -> Reply:
            return Reply(n, n)

    async def main() -> list[Any]:
        out = []
        for action in (None, 2.0, "hibernate", Continue(5), math.inf):
            _, pid = await GenServer.start_link(WithAction, action)
            await settle(3.0)
            out.append(await GenServer.call(pid, "get"))
        return out

    assert run(main) == [0, "timeout", 0, 5, 0]


# == client errors ================================================================


@pytest.mark.parametrize(
    ("server", "error"),
    [
        (42, TypeError),
        (("a", "b", "c"), TypeError),
        (("via", object(), "k"), TypeError),
        (("global", "x"), NotImplementedError),
        (None, TypeError),
    ],
    ids=repr,
)
def test_call_rejects_what_is_not_a_server(server: Any, error: type[Exception]) -> None:
    async def main() -> None:
        with pytest.raises(error, match=r"GenServer\.call"):
            await GenServer.call(server, "x")

    run(main)


@pytest.mark.parametrize("timeout", [-1, -0.5, math.nan, "5", None, True], ids=repr)
def test_call_rejects_bad_timeouts_before_sending(timeout: Any) -> None:
    async def main() -> list[Any]:
        _, pid = await GenServer.start_link(Counter, 0)
        with pytest.raises((TypeError, ValueError), match="timeout"):
            await GenServer.call(pid, "get", timeout)
        return beampy.info(pid, "messages")  # type: ignore[no-any-return]

    assert run(main) == []


@pytest.mark.parametrize(
    ("name", "error"),
    [
        (42, TypeError),
        (("global", "x"), NotImplementedError),
        (("via", "not a registry", "k"), TypeError),
        ("undefined", ValueError),
    ],
    ids=repr,
)
def test_start_rejects_bad_names_and_starts_nothing(name: Any, error: type[Exception]) -> None:
    async def main() -> int:
        before = len(beampy.list())
        with pytest.raises(error):
            await GenServer.start_link(Counter, 0, name=name)
        return len(beampy.list()) - before

    assert run(main) == 0


def test_start_rejects_what_is_not_a_genserver() -> None:
    class NoInit(GenServer):
        pass

    class NotAServer:
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

    async def main() -> None:
        with pytest.raises(TypeError, match="does not define init"):
            await GenServer.start_link(NoInit, 0)
        with pytest.raises(TypeError, match="GenServer subclass"):
            await GenServer.start_link(NotAServer, 0)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="GenServer subclass"):
            await GenServer.start(Counter(), 0)  # type: ignore[arg-type]

    run(main)


def test_client_functions_need_a_process() -> None:
    async def main() -> None:
        async with beampy.open_runtime():
            with pytest.raises(beampy.NotInProcessError):
                await GenServer.start_link(Counter, 0)

    trio.run(main)


# == start =======================================================================


def test_a_start_that_times_out_kills_the_server_and_frees_its_name() -> None:
    class SlowInit(GenServer):
        async def init(self, arg: Any) -> Ok:
            await beampy.sleep(10.0)
            return Ok(arg)

    async def main() -> Any:
        beampy.flag("trap_exit", True)
        before = set(beampy.list())
        got = await GenServer.start_link(SlowInit, 0, name="slow", timeout=1.0)
        left = set(beampy.list()) - before
        return got, left, beampy.whereis("slow")

    got, left, holder = run(main)
    assert got == ("error", "timeout")
    assert left == set()
    assert holder is None


def test_a_start_that_times_out_leaves_no_exit_message_for_a_trapping_caller() -> None:
    class SlowInit(GenServer):
        async def init(self, arg: Any) -> Ok:
            await beampy.sleep(10.0)
            return Ok(arg)

    async def main() -> list[Any]:
        beampy.flag("trap_exit", True)
        assert await GenServer.start_link(SlowInit, 0, timeout=1.0) == ("error", "timeout")
        await settle()
        return beampy.info(beampy.self(), "messages")  # type: ignore[no-any-return]

    assert run(main) == []


def test_a_crashing_init_frees_the_name_and_reports() -> None:
    class Crash(GenServer):
        def init(self, arg: Any) -> Ok:
            raise ValueError("no config")

    async def main() -> Any:
        got = await GenServer.start(Crash, 0, name="crashy")
        return got, beampy.whereis("crashy")

    with structlog.testing.capture_logs() as logs:
        (tag, reason), holder = run(main)
    assert tag == "error"
    assert isinstance(reason, ValueError)
    assert holder is None
    assert any(e["event"] == "process_crashed" for e in logs)


def test_a_taken_name_gives_already_started_and_starts_nothing() -> None:
    # gen:start looks the name up first: no server is spawned, so a trapping caller gets
    # no EXIT (conformance 453)
    async def main() -> Any:
        _, first = await GenServer.start_link(Counter, 0, name="counter")
        beampy.flag("trap_exit", True)
        before = len(beampy.list())
        second = await GenServer.start_link(Counter, 0, name="counter")
        await settle()
        return first, second, len(beampy.list()) - before, _drain()

    first, second, spawned, mailbox = run(main)
    assert second == ("error", ("already_started", first))
    assert spawned == 0
    assert mailbox == []


class _Refuses:
    """A via registry that takes no name and has none."""

    def register_name(self, key: Any, pid: beampy.Pid) -> bool:
        return False

    def unregister_name(self, key: Any) -> None:
        pass

    def whereis_name(self, key: Any) -> None:
        return None

    def send(self, key: Any, msg: Any) -> None:
        raise ValueError(key)


def test_a_via_registry_that_refuses_a_free_name_gives_already_started_none() -> None:
    # audit: beampy made up ("already_started", ("error", "via_registration_refused")); OTP's
    # gen:register_name answers {false, where(Name)}, so the start returns
    # {error, {already_started, undefined}}
    async def main() -> Any:
        beampy.flag("trap_exit", True)
        r = await GenServer.start_link(Counter, 0, name=("via", _Refuses(), "k"))
        exit_ = await beampy.receive(beampy.ExitMessage(ANY, ANY), timeout=1.0)
        return r, exit_.reason  # (genserver.md: the new process ends normally)

    assert run(main) == (("error", ("already_started", None)), "normal")


def test_two_starts_racing_for_a_name_the_loser_exits_normally() -> None:
    # Both starters find the name free and spawn; the first server to run registers, the
    # other finds it taken at its own registration, answers already_started and exits
    # "normal", as OTP's init_it does: its trapping starter gets that EXIT
    async def starter(parent: beampy.Pid) -> None:
        beampy.flag("trap_exit", True)
        result = await GenServer.start_link(Counter, 0, name="counter")
        await settle()
        beampy.send(parent, (beampy.self(), result, _drain()))

    async def main() -> Any:
        me = beampy.self()
        a = beampy.spawn(starter, me)
        b = beampy.spawn(starter, me)
        got = {}
        for _ in range(2):
            pid, result, mailbox = await beampy.receive((ANY, ANY, ANY))
            got[pid] = (result, mailbox)
        return got[a], got[b]

    (won, won_mailbox), (lost, lost_mailbox) = run(main)
    assert won[0] == "ok"
    assert lost == ("error", ("already_started", won[1]))
    assert won_mailbox == []
    assert [m.reason for m in lost_mailbox if isinstance(m, beampy.ExitMessage)] == ["normal"]


def _drain() -> list[Any]:
    out = []
    while True:
        try:
            out.append(beampy.receive_nowait())
        except trio.WouldBlock:
            return out


def test_ancestors_and_initial_call_are_kept_as_proc_lib_keeps_them() -> None:
    class Spawner(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(None)

        async def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
            got = await GenServer.start_link(Counter, 0)
            return Reply(got[1], state)

    async def main() -> Any:
        beampy.register(beampy.self(), "top")
        _, outer = await GenServer.start_link(Spawner, None, name="outer")
        inner = await GenServer.call(outer, "spawn")
        return (
            outer,
            dict(beampy.info(outer, "dictionary")),
            dict(beampy.info(inner, "dictionary")),
            proc_lib.initial_call(inner),
        )

    _, outer_dict, inner_dict, initial = run(main)
    assert outer_dict["$ancestors"] == ["top"]
    assert inner_dict["$ancestors"] == ["outer", "top"]
    assert initial == (f"{Counter.__module__}.Counter", "init", ["Argument__1"])


# == stop ========================================================================


def test_stop_from_trio_side_errors_and_reasons() -> None:
    class Stubborn(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

        async def terminate(self, reason: Any, state: Any) -> None:
            if state == "slow":
                await beampy.sleep(100.0)
            if state == "other":
                raise beampy.Exit("different")

    async def main() -> list[Any]:
        out = []
        _, slow = await GenServer.start(Stubborn, "slow")
        with pytest.raises(beampy.Exit) as caught:
            await GenServer.stop(slow, "normal", 1.0)
        out.append(caught.value.reason)
        _, other = await GenServer.start(Stubborn, "other")
        with pytest.raises(beampy.Exit) as caught:
            await GenServer.stop(other)
        out.append(caught.value.reason)
        with pytest.raises(beampy.Exit) as caught:
            await GenServer.stop(beampy.self())
        out.append(caught.value.reason[0])
        return [slow, other, *out]

    with structlog.testing.capture_logs():
        slow, other, r1, r2, r3 = run(main)
    assert r1 == ("timeout", ("GenServer", "stop", (slow, "normal", 1.0)))
    assert r2 == ("different", ("GenServer", "stop", (other, "normal", math.inf)))
    assert r3 == "calling_self"


# == reports =======================================================================


class Crashy(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok({"secret": "hunter2", "n": 1})

    def handle_call(self, request: Any, from_: Any, state: Any) -> Any:
        if request == "crash":
            raise KeyError("boom")
        return Stop(request, state, reply="ok")

    def format_status(self, status: dict[str, Any]) -> dict[str, Any]:
        return {**status, "state": {**status["state"], "secret": "***"}}


@pytest.mark.parametrize(
    ("reason", "reported"),
    [
        ("normal", False),
        ("shutdown", False),
        (("shutdown", "bye"), False),
        ("other", True),
        (("error", 1), True),
    ],
    ids=repr,
)
def test_a_termination_report_only_for_abnormal_reasons(reason: Any, reported: bool) -> None:
    async def main() -> None:
        _, pid = await GenServer.start(Crashy, None, name="crashy")
        await GenServer.call(pid, reason)
        await wait_down(pid)

    with structlog.testing.capture_logs() as logs:
        run(main)
    reports = [e for e in logs if e["event"] == "genserver_terminating"]
    assert bool(reports) is reported
    if reported:
        (report,) = reports
        assert report["server"] == "crashy"
        assert report["reason"] == reason
        assert report["state"] == {"secret": "***", "n": 1}  # format_status applied
        assert report["last_message"] == reason  # the request alone, as OTP's report
        assert report["log_level"] == "error"


class _Stops(GenServer):
    def init(self, arg: Any) -> Ok:
        beampy.flag("trap_exit", True)
        return Ok(arg)


def test_a_stopped_server_reports_last_message_as_otp_empty() -> None:
    # audit: a server ended by GenServer.stop, or by its parent's exit while suspended,
    # reported its last message as beampy's system message (for the parent's exit, the
    # stale "suspend" one); OTP's report has [] there (system_terminate passes no message)
    async def parent(me: beampy.Pid) -> None:
        _, pid = await GenServer.start_link(_Stops, 0)
        await sys.suspend(pid)
        beampy.send(me, ("child", pid))
        await beampy.receive("never")

    async def main() -> list[Any]:
        _, a = await GenServer.start(_Stops, 0)
        await GenServer.stop(a, "custom")
        p = beampy.spawn(parent, beampy.self())
        _, b = await beampy.receive(("child", ANY))
        beampy.exit(p, "bye")
        await wait_down(b)
        return [a, b]

    with structlog.testing.capture_logs() as logs:
        a, b = run(main)
    got = [
        (e["server"], e["reason"], e["last_message"])
        for e in logs
        if e["event"] == "genserver_terminating"
    ]
    assert got == [(a, "custom", []), (b, "bye", [])]


class _CrashesInContinue(GenServer):
    def init(self, first: Any) -> Ok:
        return Ok(None, Continue(first)) if first is not None else Ok(None)

    def handle_call(self, request: Any, from_: Any, s: Any) -> Reply:
        return Reply("ok", s, Continue(request))

    def handle_continue(self, arg: Any, s: Any) -> NoReply:
        raise RuntimeError(arg)


def test_a_crash_in_handle_continue_reports_the_continue_as_last_message() -> None:
    # review: OTP 25's loop has {continue, Arg} as the message it handles, so its report
    # shows it with no client; beampy showed None after init, and after a call that call's
    # request with its caller as client
    async def main() -> list[beampy.Pid]:
        _, a = await GenServer.start(_CrashesInContinue, "after init")
        _, b = await GenServer.start(_CrashesInContinue, None)
        await GenServer.call(b, "after a call")
        await wait_down(a)
        await wait_down(b)
        return [a, b]

    with structlog.testing.capture_logs() as logs:
        a, b = run(main)
    got = [
        (e["server"], e["last_message"], e.get("client"))
        for e in logs
        if e["event"] == "genserver_terminating"
    ]
    assert sorted(got, key=lambda x: x[0] == b) == [
        (a, ("continue", "after init"), None),
        (b, ("continue", "after a call"), None),
    ]


def test_a_crash_in_a_call_reports_the_client() -> None:
    async def main() -> beampy.Pid:
        _, pid = await GenServer.start(Crashy, None)
        with pytest.raises(beampy.Exit):
            await GenServer.call(pid, "crash")
        return beampy.self()

    with structlog.testing.capture_logs() as logs:
        me = run(main)
    (report,) = [e for e in logs if e["event"] == "genserver_terminating"]
    assert report["client"] == me
    assert report["client_alive"] is True
    assert isinstance(report["reason"], KeyError)


def test_an_unexpected_message_is_logged_by_the_default_handle_info() -> None:
    class Quiet(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

    async def main() -> bool:
        _, pid = await GenServer.start(Quiet, None, name="quiet")
        beampy.send(pid, ("surprise", 1))
        await settle()
        return beampy.is_alive(pid)

    with structlog.testing.capture_logs() as logs:
        assert run(main) is True
    (event,) = [e for e in logs if e["event"] == "genserver_unexpected_message"]
    assert event["message"] == ("surprise", 1)
    assert event["server"] == "quiet"


def test_a_failing_terminate_becomes_the_exit_reason() -> None:
    class BadTerminate(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

        def terminate(self, reason: Any, state: Any) -> None:
            raise RuntimeError("terminate failed")

    async def main() -> Any:
        _, pid = await GenServer.start(BadTerminate, None)
        ref = beampy.monitor(pid)
        GenServer.cast(pid, "x")  # no handle_cast: crashes, then terminate crashes too
        return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason

    with structlog.testing.capture_logs():
        reason = run(main)
    assert isinstance(reason, RuntimeError)
    assert str(reason) == "terminate failed"


# == trio I/O in callbacks ===============================================================


def test_async_callbacks_may_await_trio_io_and_serve_on() -> None:
    class Io(GenServer):
        async def init(self, arg: Any) -> Ok:
            await trio.sleep(0.5)  # trio I/O in init
            return Ok(0)

        async def handle_call(self, request: Any, from_: Any, n: int) -> Reply:
            if request == "io":
                send, recv = trio.open_memory_channel[int](1)
                await send.send(n + 1)
                n = await recv.receive()
            return Reply(n, n)

    async def main() -> list[Any]:
        _, pid = await GenServer.start_link(Io, None)
        out = [await GenServer.call(pid, "io")]
        for _ in range(100):
            out.append(await GenServer.call(pid, "get"))
        return [out[0], out[-1], beampy.info(pid, "hosted")]

    assert run(main) == [1, 1, False]  # back on the run queue once the I/O was over


def test_a_server_blocked_in_trio_io_is_killed_promptly() -> None:
    class Blocked(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

        async def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
            await trio.sleep_forever()
            raise AssertionError("unreachable")

    async def main() -> Any:
        _, pid = await GenServer.start(Blocked, None)
        beampy.spawn(_call_and_forget, pid)
        await settle()
        assert beampy.info(pid, "hosted") is True  # it sits in trio I/O
        ref = beampy.monitor(pid)
        beampy.exit(pid, "kill")
        return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason

    assert run(main) == "killed"


async def _call_and_forget(pid: beampy.Pid) -> None:
    await GenServer.call(pid, "block", math.inf)


# == Ignore and multi-forms ==========================================================


def test_ignore_and_stop_from_init() -> None:
    class Decline(GenServer):
        def init(self, arg: Any) -> Ignore | Stop:
            return Ignore() if arg == "ignore" else Stop(arg)

    async def main() -> list[Any]:
        return [
            await GenServer.start(Decline, "ignore", name="d"),
            await GenServer.start(Decline, "nope", name="d"),
            beampy.whereis("d"),
        ]

    with structlog.testing.capture_logs():
        assert run(main) == ["ignore", ("error", "nope"), None]


def test_reply_rejects_what_is_not_a_from() -> None:
    async def main() -> None:
        with pytest.raises(TypeError, match="from_"):
            GenServer.reply("nobody", 1)  # type: ignore[arg-type]

    run(main)


def test_the_crash_report_names_the_servers_initial_call_as_proc_lib_records_it() -> None:
    async def main() -> None:
        _, pid = await GenServer.start(Crashy, None)
        with pytest.raises(beampy.Exit):
            await GenServer.call(pid, "crash")

    with structlog.testing.capture_logs() as logs:
        run(main)
    (crash,) = [e for e in logs if e["event"] == "process_crashed"]
    assert crash["initial_call"] == (f"{Crashy.__module__}.Crashy", "init", 1)


def test_call_and_stop_from_trio_code_say_they_need_a_process() -> None:
    async def main() -> None:
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_idle)
            with pytest.raises(beampy.NotInProcessError, match=r"GenServer\.call\(\) must"):
                await GenServer.call(pid, "x")
            with pytest.raises(beampy.NotInProcessError, match=r"GenServer\.stop\(\) must"):
                await GenServer.stop(pid)
            rt.exit(pid, "kill")

    trio.run(main)


@pytest.mark.parametrize("action", [1e16, -0.5, math.nan], ids=repr)
def test_a_timeout_action_out_of_range_is_a_bad_return(action: float) -> None:
    async def main() -> Any:
        _, pid = await GenServer.start(Counter, 0)
        with pytest.raises(beampy.Exit) as caught:
            await GenServer.call(pid, ("reply_then", action))
        return caught.value.reason[0]

    with structlog.testing.capture_logs():
        reason = run(main)
    assert reason[0] == "bad_return_value"


async def _idle() -> None:
    await beampy.receive("never")


def test_reply_and_noreply_are_frozen_values_with_their_defaults() -> None:
    assert Reply(1, 2) == Reply(reply=1, state=2, action=None)
    assert Reply(1, 2).action is None
    assert NoReply(3) == NoReply(state=3, action=None)
    assert NoReply(3, "hibernate").action == "hibernate"
    assert hash(Reply(1, 2)) == hash(Reply(1, 2))
    match Reply("r", "s", 5.0):
        case Reply(reply, state, action):
            assert (reply, state, action) == ("r", "s", 5.0)
    with pytest.raises(AttributeError):
        Reply(1, 2).state = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        NoReply()  # type: ignore[call-arg]


def test_exit_reasons_carry_the_timeout_as_given_an_int_stays_an_int() -> None:
    """Elixir's reason lists the arguments given ({:noproc, {GenServer, :call, [s, r, 1000]}}):
    an int timeout is not shown as a float."""

    async def main() -> list[Any]:
        reasons: list[Any] = []
        calls = (
            lambda: GenServer.call("nobody", "x", 1),
            lambda: GenServer.stop("nobody", "normal", 3),
            lambda: sys.get_state("nobody", 2),
        )
        for call in calls:
            try:
                await call()
            except beampy.Exit as e:
                reasons.append(e.reason)
        task = Task.async_(beampy.sleep, 10)
        try:
            await Task.await_(task, 1)
        except beampy.Exit as e:
            reasons.append(e.reason[1][2][1])
        await Task.shutdown(task)
        return reasons

    reasons = run(main)
    assert reasons == [
        ("noproc", ("GenServer", "call", ("nobody", "x", 1))),
        ("noproc", ("GenServer", "stop", ("nobody", "normal", 3))),
        ("noproc", ("sys", "get_state", ("nobody", 2))),
        1,
    ]
    assert [type(r[1][2][-1]) for r in reasons[:3]] + [type(reasons[3])] == [int] * 4


def test_a_message_carrying_the_call_tag_is_left_and_no_down_is_left() -> None:
    # The call's tag is its monitor reference. A server that sends the caller a
    # 5-tuple carrying the tag and then stops: the caller's cleanup takes only the
    # call's own DOWN, as OTP's does (where the tag is [alias | Mref]), not that tuple
    class Reporter(GenServer):
        def init(self, arg: Any) -> Ok:
            return Ok(arg)

        def handle_call(self, request: Any, from_: Any, s: Any) -> Stop:
            pid, tag = from_
            beampy.send(pid, ("progress", tag, 1, 2, 3))
            return Stop("normal", s, reply="ok")

    async def main() -> Any:
        _, server = await GenServer.start(Reporter, None)
        ref = beampy.monitor(server)
        assert await GenServer.call(server, "go") == "ok"
        await beampy.receive(DownMessage(ref, ANY, ANY))
        await settle()
        return [
            (m[0], type(m[1]).__name__, *m[2:]) if type(m) is tuple else m
            for m in beampy.info(beampy.self(), "messages")
        ]

    assert run(main) == [("progress", "Ref", 1, 2, 3)]


# -- GenServer.stop's races (review of the two-step stop) ----------------------------------


class _BusyUntilTheCallerGaveUp(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    async def handle_info(self, msg: Any, s: Any) -> NoReply:
        # busy until the same instant as the caller's stop timer: its own timer, made
        # first, fires first, so it answers the stop before the caller runs again
        with contextlib.suppress(beampy.ReceiveTimeout):
            await beampy.receive("never", timeout=0.05)
        return NoReply(s)


def test_a_stop_answer_that_comes_with_the_timeout_is_taken_not_left() -> None:
    # the stop's timer fired, then the server answered before the caller ran again: the
    # answer stayed in the caller's mailbox; as OTP's gen call, it is taken
    async def main() -> tuple[Any, list[Any]]:
        _, s = await GenServer.start(_BusyUntilTheCallerGaveUp, None)
        beampy.send(s, "busy")
        await beampy.yield_()  # (it is in its receive now)
        try:
            r: Any = await GenServer.stop(s, "normal", 0.05)
        except beampy.Exit as e:
            r = e.reason[0]
        await settle()
        return r, _drain()

    r, left = run(main)
    assert r in ("ok", "timeout")
    assert left == []


class _CancelsTheStop(GenServer):
    def init(self, scope: Any) -> Ok:
        return Ok(scope)

    def handle_info(self, msg: Any, scope: Any) -> NoReply:
        scope[0].cancel()  # cancels the caller's wait; the terminate request is next here
        return NoReply(scope)


def test_a_cancelled_stop_leaves_no_answer_behind() -> None:
    async def main() -> tuple[bool, list[Any]]:
        holder: list[Any] = []
        _, s = await GenServer.start(_CancelsTheStop, holder)
        with trio.CancelScope() as scope:
            holder.append(scope)
            beampy.send(s, "cancel now")
            await GenServer.stop(s)
        await settle()
        return scope.cancelled_caught, _drain()

    assert run(main) == (True, [])


async def _exits_with(reason: Any) -> None:
    await beampy.receive("die")
    raise beampy.Exit(reason)


async def _send_later(pid: beampy.Pid, msg: Any) -> None:
    await beampy.sleep(0.05)
    beampy.send(pid, msg)


def test_a_process_that_exits_timeout_before_it_answers_a_stop_gives_timeout() -> None:
    # proc_lib:stop strips the sys:terminate call from {timeout, ...} as from noproc
    async def main() -> Any:
        p = beampy.spawn(_exits_with, "timeout")
        beampy.spawn(_send_later, p, "die")
        try:
            return await GenServer.stop(p, "normal", 1.0)
        except beampy.Exit as e:
            return e.reason, p

    reason, p = run(main)
    assert reason == ("timeout", ("GenServer", "stop", (p, "normal", 1.0)))


class _Slow(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    async def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
        await beampy.sleep(request)
        return Reply("late", state)


def test_multi_call_with_a_timeout_leaves_nothing_behind_whatever_happens_to_its_caller() -> None:
    # the helper process of a finite multi_call: a slow server's answer reaches nobody,
    # a caller killed meanwhile leaves the helper to end at the timeout, and a helper
    # killed under the caller exits the caller with its reason
    async def caller(out: list[Any]) -> None:
        out.append(await GenServer.multi_call("slow", 10.0, 1.0))

    async def main() -> list[Any]:
        _, server = await GenServer.start(_Slow, None, name="slow")
        base = set(beampy.list())
        out: list[Any] = [await GenServer.multi_call("slow", 5.0, 1.0)]
        await beampy.sleep(10.0)  # the server answers the helper that is gone
        out.append(beampy.info(beampy.self(), "messages"))
        pid, ref = beampy.spawn_monitor(caller, out)
        await beampy.sleep(0.5)
        helpers = set(beampy.list()) - base - {pid}
        beampy.exit(pid, "kill")
        await beampy.receive(DownMessage(ref, ANY, ANY))
        await beampy.sleep(20.0)
        out.append([beampy.is_alive(h) for h in helpers])
        pid, ref = beampy.spawn_monitor(caller, out)
        await beampy.sleep(0.5)
        for helper in set(beampy.list()) - base - {pid}:
            beampy.exit(helper, "kill")
        out.append((await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
        out.append(set(beampy.list()) == base)
        await GenServer.stop(server)
        return out

    assert run(main) == [([], [beampy.NODE]), [], [False], "killed", True]
