"""beampy.sys against GenServer: the system messages, their answers and their exit shapes."""

from __future__ import annotations

import math
from typing import Any, NoReturn

import pytest

import beampy
from beampy import ANY, DownMessage, sys
from beampy.gen_server import Continue, GenServer, NoReply, Ok, Reply, Stop
from beampy.testing import assert_receive, process_test, refute_receive


class Counter(GenServer):
    def init(self, n: Any) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: Any) -> Reply:
        return Reply(n, n)

    def handle_cast(self, request: Any, n: Any) -> NoReply:
        return NoReply(n + request)

    def handle_info(self, msg: Any, n: Any) -> NoReply:
        return NoReply(n + msg)

    def terminate(self, reason: Any, n: Any) -> None:
        observer = beampy.whereis("test_sys_observer")
        if observer is not None:
            beampy.send(observer, ("terminate", reason))


class Hidden(GenServer):
    def init(self, n: Any) -> Ok:
        return Ok(n)

    def format_status(self, status: dict[str, Any]) -> dict[str, Any]:
        return {**status, "state": ("hidden", sorted(status))}


class BadFormat(GenServer):
    def init(self, n: Any) -> Ok:
        return Ok(n)

    def format_status(self, status: dict[str, Any]) -> NoReturn:
        raise RuntimeError("no")


async def _start(n: Any = 0, **kw: Any) -> beampy.Pid:
    ok, pid = await GenServer.start_link(Counter, n, **kw)
    assert ok == "ok"
    return pid  # type: ignore[no-any-return]


async def _nothing() -> None:
    return None


async def _dead() -> beampy.Pid:
    pid, ref = beampy.spawn_monitor(_nothing)
    await assert_receive(DownMessage(ref, ANY, ANY))
    return pid


# -- state -----------------------------------------------------------------------------


@process_test
async def test_get_state_returns_the_state() -> None:
    pid = await _start({"a": 1})
    assert await sys.get_state(pid) == {"a": 1}


@process_test
async def test_replace_state_returns_and_keeps_the_new_state() -> None:
    pid = await _start(1)
    assert await sys.replace_state(pid, lambda n: n + 10) == 11
    assert await GenServer.call(pid, "get") == 11


@process_test
async def test_replace_state_accepts_an_async_function() -> None:
    pid = await _start(1)

    async def double(n: int) -> int:
        await beampy.sleep(0.1)
        return n * 2

    assert await sys.replace_state(pid, double) == 2


@process_test
async def test_replace_state_failure_raises_callback_failed_and_keeps_the_state() -> None:
    pid = await _start(1)
    boom = ZeroDivisionError("x")

    def fail(_: Any) -> NoReturn:
        raise boom

    with pytest.raises(sys.CallbackFailed) as info:
        await sys.replace_state(pid, fail)
    assert info.value.reason == (
        "callback_failed",
        ("gen_server", "system_replace_state"),
        ("error", boom),
    )
    assert info.value.__cause__ is boom
    assert await sys.get_state(pid) == 1


@process_test
async def test_replace_state_exit_is_reported_as_an_exit() -> None:
    pid = await _start(1)

    def give_up(_: Any) -> NoReturn:
        raise beampy.Exit("nope")

    with pytest.raises(sys.CallbackFailed) as info:
        await sys.replace_state(pid, give_up)
    assert info.value.reason[2] == ("exit", "nope")
    assert beampy.is_alive(pid)


# -- status ----------------------------------------------------------------------------


@process_test
async def test_get_status_has_otp_shape() -> None:
    me = beampy.self()
    pid = await _start(5, name="counter")
    status = await sys.get_status(pid)
    assert status[:3] == ("status", pid, ("module", "gen_server"))
    pdict, sys_state, parent, debug, misc = status[3]
    assert dict(pdict)["$ancestors"] == [me]
    assert (sys_state, parent, debug) == ("running", me, [])
    assert misc == [
        ("header", "Status for generic server counter"),
        ("data", [("Status", "running"), ("Parent", me), ("Logged events", [])]),
        ("data", [("State", 5)]),
    ]


class _NamedSup(beampy.Supervisor):
    def init(self, arg: Any) -> Any:
        return beampy.Supervisor.init([], strategy="one_for_one")


@process_test
async def test_get_status_of_a_supervisor_names_its_callback_module() -> None:
    # a hunt against OTP 25 / Elixir 1.14: supervisor's (and DynamicSupervisor's)
    # format_status/2 adds {supervisor, [{"Callback", Module}]} after the state, with
    # Supervisor.Default for one started from a list or options (and $initial_call so)
    _, listed = await beampy.Supervisor.start_link([], strategy="one_for_one")
    _, module_based = await beampy.Supervisor.start_link(_NamedSup, None)
    _, dynamic = await beampy.DynamicSupervisor.start_link()
    got = []
    for pid in (listed, module_based, dynamic):
        status = await sys.get_status(pid)
        got.append((status[3][4][-1], dict(status[3][0])["$initial_call"]))
    assert got == [
        (
            ("supervisor", [("Callback", "Supervisor.Default")]),
            ("supervisor", "Supervisor.Default", 1),
        ),
        (
            ("supervisor", [("Callback", f"{__name__}._NamedSup")]),
            ("supervisor", f"{__name__}._NamedSup", 1),
        ),
        (
            ("supervisor", [("Callback", "Supervisor.Default")]),
            ("supervisor", "Supervisor.Default", 1),
        ),
    ]


@process_test
async def test_get_status_header_names_an_unnamed_server_by_pid() -> None:
    pid = await _start()
    misc = (await sys.get_status(pid))[3][4]
    assert misc[0] == ("header", f"Status for generic server {pid!r}")


class _Names:
    """A via registry holding names in a dict."""

    def __init__(self) -> None:
        self.names: dict[Any, beampy.Pid] = {}

    def register_name(self, key: Any, pid: beampy.Pid) -> bool:
        return self.names.setdefault(key, pid) == pid

    def unregister_name(self, key: Any) -> None:
        self.names.pop(key, None)

    def whereis_name(self, key: Any) -> beampy.Pid | None:
        return self.names.get(key)

    def send(self, key: Any, msg: Any) -> None:
        beampy.send(self.names[key], msg)


@process_test
async def test_get_status_header_of_a_via_name_as_gen_format_status_header() -> None:
    """OTP's gen:format_status_header: a line for a pid or an atom, the pair (tag line, key)
    for any other name; beampy made a line of every via key (a differential hunt)."""
    names = _Names()
    headers = []
    for key in ("str_key", ("tuple", 1)):
        pid = await _start(name=("via", names, key))
        headers.append((await sys.get_status(pid))[3][4][0])
    assert headers == [
        ("header", "Status for generic server str_key"),
        ("header", ("Status for generic server", ("tuple", 1))),
    ]


@process_test
async def test_get_status_shows_the_state_format_status_leaves() -> None:
    _, pid = await GenServer.start_link(Hidden, "secret")
    misc = (await sys.get_status(pid))[3][4]
    assert misc[2] == ("data", [("State", ("hidden", ["log", "state"]))])
    assert await sys.get_state(pid) == "secret"


@process_test
async def test_get_status_when_format_status_raises() -> None:
    _, pid = await GenServer.start_link(BadFormat, "secret")
    misc = (await sys.get_status(pid))[3][4]
    assert misc[2] == ("data", [("State", f"{__name__}.BadFormat:format_status/1 crashed")])


# -- suspend / resume ------------------------------------------------------------------


async def _call_and_report(to: beampy.Pid, pid: beampy.Pid) -> None:
    beampy.send(to, ("reply", await GenServer.call(pid, "get", math.inf)))


@process_test
async def test_suspend_holds_calls_until_resume() -> None:
    pid = await _start(1)
    assert await sys.suspend(pid) == "ok"
    GenServer.cast(pid, 10)
    beampy.spawn(_call_and_report, beampy.self(), pid)
    assert (await sys.get_status(pid))[3][1] == "suspended"
    assert await sys.get_state(pid) == 1  # system messages are still answered
    await refute_receive(("reply", ANY), timeout=1.0)
    assert await sys.resume(pid) == "ok"
    assert await assert_receive(("reply", ANY)) == ("reply", 11)  # the cast came first


@process_test
async def test_suspended_call_times_out_as_usual() -> None:
    pid = await _start(1)
    await sys.suspend(pid)
    with pytest.raises(beampy.Exit) as info:
        await GenServer.call(pid, "get", 0.5)
    assert info.value.reason == ("timeout", ("GenServer", "call", (pid, "get", 0.5)))


# -- statistics and trace --------------------------------------------------------------


@process_test
async def test_statistics_count_messages_in_and_replies_out() -> None:
    pid = await _start(0)
    assert await sys.statistics(pid, "get") == ("ok", "no_statistics")
    assert await sys.statistics(pid, True) == "ok"
    await GenServer.call(pid, "get")
    GenServer.cast(pid, 1)
    beampy.send(pid, 2)
    await sys.get_state(pid)  # not counted
    ok, stats = await sys.statistics(pid, "get")
    assert ok == "ok"
    assert [k for k, _ in stats] == [
        "start_time",
        "current_time",
        "reductions",
        "messages_in",
        "messages_out",
    ]
    values = dict(stats)
    assert (values["messages_in"], values["messages_out"]) == (3, 1)
    (y, mo, d), (h, mi, s) = values["start_time"]
    assert all(type(x) is int for x in (y, mo, d, h, mi, s))
    assert await sys.statistics(pid, False) == "ok"
    assert await sys.statistics(pid, "get") == ("ok", "no_statistics")


@process_test
async def test_unknown_debug_flags() -> None:
    pid = await _start()
    assert await sys.statistics(pid, "often") == "unknown_debug"  # type: ignore[arg-type]
    assert await sys.trace(pid, "loud") == "unknown_debug"  # type: ignore[arg-type]


@process_test
async def test_get_status_lists_debug_options_newest_first() -> None:
    pid = await _start()
    await sys.statistics(pid, True)
    await sys.trace(pid, True)
    debug = (await sys.get_status(pid))[3][3]
    assert [k for k, _ in debug] == ["trace", "statistics"]
    await sys.trace(pid, False)
    await sys.statistics(pid, False)
    await sys.trace(pid, True)
    await sys.statistics(pid, True)
    debug = (await sys.get_status(pid))[3][3]
    assert [k for k, _ in debug] == ["statistics", "trace"]
    await sys.trace(pid, False)


def test_trace_prints_dbg_lines(capsys: pytest.CaptureFixture[str]) -> None:
    shown: dict[str, str] = {}

    @process_test
    async def body() -> None:
        pid = await _start(0, name="traced")
        shown["me"] = repr(beampy.self())
        assert await sys.trace(pid, True) == "ok"
        await GenServer.call(pid, ("get", 1))
        GenServer.cast(pid, 2)
        beampy.send(pid, 3)
        await sys.get_state(pid)
        await sys.trace(pid, False)
        await GenServer.call(pid, "after")

    body()
    me = shown["me"]
    assert capsys.readouterr().out.splitlines() == [
        f"*DBG* traced got call ('get', 1) from {me}",
        f"*DBG* traced sent 0 to {me}, new state 0",
        "*DBG* traced got cast 2",
        "*DBG* traced new state 2",
        "*DBG* traced got 3",
        "*DBG* traced new state 5",
    ]


class Continues(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: int) -> Reply:
        return Reply(n, n + 1, Continue(100))

    def handle_continue(self, arg: int, n: int) -> NoReply:
        return NoReply(n + arg)


def test_trace_prints_the_continue_event(capsys: pytest.CaptureFixture[str]) -> None:
    """OTP 25's gen_server traces a handle_continue as the event ``{continue, Arg}``, which
    its print_event shows as ``*DBG* srv dbg  {continue,100}``; beampy printed no line
    (found by a differential hunt)."""
    shown: dict[str, str] = {}

    @process_test
    async def body() -> None:
        _, pid = await GenServer.start_link(Continues, 0, name="cont")
        shown["me"] = repr(beampy.self())
        await sys.trace(pid, True)
        assert await GenServer.call(pid, "go") == 0
        await sys.get_state(pid)
        await sys.trace(pid, False)

    body()
    me = shown["me"]
    assert capsys.readouterr().out.splitlines() == [
        f"*DBG* cont got call 'go' from {me}",
        f"*DBG* cont sent 0 to {me}, new state 1",
        "*DBG* cont dbg  ('continue', 100)",
        "*DBG* cont new state 101",
    ]


class Quitter(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: int) -> Stop:
        return Stop("normal", n + 1, reply="bye")

    def terminate(self, reason: Any, n: int) -> None:
        print(f"terminate {reason} {n}")


def test_trace_prints_the_reply_of_a_stop_after_terminate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """OTP's gen_server traces the reply a {stop, reason, reply, state} sends, after terminate
    ran (``*DBG* srv sent bye to <pid>, new state 2`` on OTP 25)."""
    shown: dict[str, str] = {}

    @process_test
    async def body() -> None:
        _, pid = await GenServer.start_link(Quitter, 1, name="quitter")
        shown["me"] = repr(beampy.self())
        await sys.trace(pid, True)
        ref = beampy.monitor(pid)
        assert await GenServer.call(pid, "stop") == "bye"
        await beampy.receive(DownMessage(ref, ANY, ANY))

    body()
    assert capsys.readouterr().out.splitlines() == [
        f"*DBG* quitter got call 'stop' from {shown['me']}",
        "terminate normal 2",
        f"*DBG* quitter sent 'bye' to {shown['me']}, new state 2",
    ]


# -- change_code and terminate ---------------------------------------------------------


class Versioned(GenServer):
    def init(self, n: Any) -> Ok:
        return Ok(n)

    def code_change(self, old_vsn: Any, state: Any, extra: Any) -> Any:
        if extra == "raise":
            raise RuntimeError("cannot")
        return ("ok", (old_vsn, state, extra)) if extra != "refuse" else "refused"


@process_test
async def test_change_code_needs_a_suspended_server() -> None:
    _, pid = await GenServer.start_link(Versioned, 1)
    assert await sys.change_code(pid, "mod", "v1", "x") == (
        "error",
        ("unknown_system_msg", ("change_code", "mod", "v1", "x")),
    )
    await sys.suspend(pid)
    assert await sys.change_code(pid, "mod", "v1", "x") == "ok"
    assert await sys.get_state(pid) == ("v1", 1, "x")
    assert await sys.change_code(pid, "mod", "v1", "refuse") == ("error", "refused")
    err, (tag, exc) = await sys.change_code(pid, "mod", "v1", "raise")
    assert (err, tag, repr(exc)) == ("error", "EXIT", "RuntimeError('cannot')")
    assert await sys.get_state(pid) == ("v1", 1, "x")
    await sys.resume(pid)


@process_test
async def test_terminate_answers_ok_then_runs_terminate() -> None:
    beampy.register(beampy.self(), "test_sys_observer")
    _, pid = await GenServer.start(Counter, 0)
    ref = beampy.monitor(pid)
    assert await sys.terminate(pid, "bye") == "ok"
    assert await assert_receive(("terminate", ANY)) == ("terminate", "bye")
    down = await assert_receive(DownMessage(ref, ANY, ANY))
    assert down.reason == "bye"


@process_test
async def test_terminate_a_suspended_server() -> None:
    _, pid = await GenServer.start(Counter, 0)
    ref = beampy.monitor(pid)
    await sys.suspend(pid)
    assert await sys.terminate(pid, "normal", 1.0) == "ok"
    assert (await assert_receive(DownMessage(ref, ANY, ANY))).reason == "normal"


# -- failures --------------------------------------------------------------------------


@process_test
async def test_exit_shapes_on_a_dead_pid() -> None:
    dead = await _dead()

    async def reason(coro: Any) -> Any:
        with pytest.raises(beampy.Exit) as info:
            await coro
        return info.value.reason

    assert await reason(sys.get_state(dead)) == ("noproc", ("sys", "get_state", (dead, 5.0)))
    assert await reason(sys.get_status(dead, 1)) == ("noproc", ("sys", "get_status", (dead, 1.0)))
    assert await reason(sys.suspend(dead)) == ("noproc", ("sys", "suspend", (dead, 5.0)))
    assert await reason(sys.resume(dead)) == ("noproc", ("sys", "resume", (dead, 5.0)))
    assert await reason(sys.trace(dead, True)) == ("noproc", ("sys", "trace", (dead, True, 5.0)))
    assert await reason(sys.statistics(dead, "get")) == (
        "noproc",
        ("sys", "statistics", (dead, "get", 5.0)),
    )
    assert await reason(sys.change_code(dead, "m", 1, 2)) == (
        "noproc",
        ("sys", "change_code", (dead, "m", 1, 2, 5.0)),
    )
    assert await reason(sys.terminate(dead, "normal")) == (
        "noproc",
        ("sys", "terminate", (dead, "normal", math.inf)),
    )
    assert await reason(sys.replace_state(dead, abs)) == (
        "noproc",
        ("sys", ("replace_state", abs), (dead, 5.0)),
    )
    assert await reason(sys.get_state("nobody")) == (
        "noproc",
        ("sys", "get_state", ("nobody", 5.0)),
    )
    me = beampy.self()
    assert await reason(sys.get_state(me)) == ("calling_self", ("sys", "get_state", (me, 5.0)))


@process_test
async def test_a_process_that_never_answers_times_out() -> None:
    async def silent() -> None:
        await beampy.receive("never")

    pid = beampy.spawn_link(silent)
    with pytest.raises(beampy.Exit) as info:
        await sys.get_state(pid, 0.5)
    assert info.value.reason == ("timeout", ("sys", "get_state", (pid, 0.5)))
    beampy.exit(pid, "kill")
    await refute_receive(timeout=0)  # no late reply, no DOWN


@process_test
async def test_sys_by_name() -> None:
    await _start(3, name="by_name")
    assert await sys.get_state("by_name") == 3
    assert await sys.get_state(("by_name", beampy.NODE)) == 3


@process_test
async def test_bad_arguments_raise_typed_errors() -> None:
    pid = await _start()
    with pytest.raises(TypeError, match="server must be"):
        await sys.get_state(42)
    with pytest.raises(ValueError, match="timeout"):
        await sys.get_state(pid, -1)
    with pytest.raises(TypeError, match="timeout"):
        await sys.suspend(pid, "soon")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fn must be"):
        await sys.replace_state(pid, 3)  # type: ignore[arg-type]


class TrappingTracer(GenServer):
    def init(self, observer: beampy.Pid) -> Ok:
        beampy.flag("trap_exit", True)
        return Ok(observer)

    def handle_info(self, msg: Any, observer: beampy.Pid) -> NoReply:
        return NoReply(observer)

    def terminate(self, reason: Any, observer: beampy.Pid) -> None:
        print(f"terminate {reason!r}")


def test_trace_leaves_out_the_parents_exit(capsys: pytest.CaptureFixture[str]) -> None:
    """OTP's gen_server ends at its parent's EXIT before the message reaches sys's debug
    hooks: it is neither printed nor counted, while another process's EXIT is a message like
    any other (beampy printed ``got ExitMessage(...)`` for the parent's; a differential hunt)."""
    shown: dict[str, str] = {}

    @process_test
    async def body() -> None:
        me = beampy.self()

        async def parent() -> None:
            _, pid = await GenServer.start_link(TrappingTracer, me, name="traced")
            beampy.send(me, ("server", pid))
            await beampy.receive("die")
            raise beampy.Exit(("shutdown", "bye"))  # (a reason that is not reported)

        parent_pid = beampy.spawn(parent)
        _, pid = await beampy.receive(("server", ANY))
        ref = beampy.monitor(pid)
        await sys.trace(pid, True)
        beampy.exit(pid, "from_test")  # not the parent's: a traced message
        await sys.get_state(pid)
        shown["me"] = repr(me)
        beampy.send(parent_pid, "die")
        await assert_receive(DownMessage(ref, ANY, ("shutdown", "bye")))

    body()
    me = shown["me"]
    assert capsys.readouterr().out.splitlines() == [
        f"*DBG* traced got ExitMessage(pid={me}, reason='from_test')",
        f"*DBG* traced new state {me}",
        "terminate ('shutdown', 'bye')",
    ]
