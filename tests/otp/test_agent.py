"""Agent: every client function in both fn forms, async fns, timeouts, exits and bad input.

The conformance scenarios 301-309 check the traces the BEAM prints; these tests check
what a trace cannot show (typed errors for bad input, nothing left running after a
failed start, exact exit terms with beampy's request shape, async fns). Every test runs
on trio's autojump MockClock: waits cost no real time and ordering never depends on it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

import pytest
import structlog
import trio

import beampy
from beampy import ANY, Agent, DownMessage, ExitMessage, GenServer, Pid, proc_lib
from beampy import sys as bsys
from tests.process.support import drain, run, settle, wait_down

# -- helpers ---------------------------------------------------------------------------


def ident(s: Any) -> Any:
    return s


def add(s: int, x: int) -> int:
    return s + x


def make(a: int, b: int) -> int:
    return a + b


def swap(s: Any, new: Any) -> tuple[Any, Any]:
    return (s, new)


async def async_make(a: int) -> int:
    await beampy.sleep(1.0)
    return a * 10


async def async_add(s: int, x: int) -> int:
    await trio.sleep(1.0)  # trio I/O inside the agent
    return s + x


async def async_swap(s: Any, new: Any) -> tuple[Any, Any]:
    await beampy.sleep(1.0)
    return (s, new)


def boom(*_: Any) -> NoReturn:
    raise RuntimeError("boom")


async def caught(coro: Any) -> Any:
    """The reason a client call exits with (fails the test if it returns)."""
    with pytest.raises(beampy.Exit) as info:
        await coro
    return info.value.reason


def call_mfa(agent: Any, request: Any, timeout: float = 5.0) -> tuple[str, str, Any]:
    return ("GenServer", "call", (agent, request, timeout))


# -- start / start_link ----------------------------------------------------------------


def test_start_link_fn_form_runs_fn_in_the_agent_and_links() -> None:
    async def main() -> Any:
        me = beampy.self()
        ok, agent = await Agent.start_link(lambda: beampy.self())
        state = await Agent.get(agent, ident)
        return ok, agent, state, me in beampy.info(agent, "links")

    ok, agent, state, linked = run(main)
    assert ok == "ok"
    assert state == agent  # fn ran inside the agent process
    assert linked


def test_start_fn_args_form_is_not_linked() -> None:
    async def main() -> Any:
        ok, agent = await Agent.start(make, 1, 2)
        return ok, await Agent.get(agent, ident), beampy.info(agent, "links")

    assert run(main) == ("ok", 3, [])


def test_start_with_an_async_fn_awaits_it() -> None:
    async def main() -> Any:
        _, a = await Agent.start_link(async_make, 4)
        _, b = await Agent.start(async_make, 5)
        return await Agent.get(a, ident), await Agent.get(b, ident)

    assert run(main) == (40, 50)


def test_start_fn_raising_returns_error_and_leaves_nothing_running() -> None:
    async def main() -> Any:
        before = set(beampy.list())
        started = await Agent.start(boom)
        beampy.flag("trap_exit", True)
        linked = await Agent.start_link(boom, 1)
        exit_msg = await beampy.receive(ExitMessage(ANY, ANY), timeout=1.0)
        await settle()
        return started, linked, exit_msg.reason, set(beampy.list()) == before

    with structlog.testing.capture_logs():
        started, linked, exit_reason, clean = run(main)
    assert started[0] == "error"
    assert isinstance(started[1], RuntimeError)
    assert str(started[1]) == "boom"
    assert linked[0] == "error"
    assert isinstance(linked[1], RuntimeError)
    assert exit_reason is linked[1]
    assert clean


def test_start_link_fn_raising_kills_a_caller_that_does_not_trap() -> None:
    async def starter() -> None:
        await Agent.start_link(boom)

    async def main() -> Any:
        return await wait_down(beampy.spawn(starter))

    with structlog.testing.capture_logs():
        reason = run(main)
    assert isinstance(reason, RuntimeError)


def test_start_timeout_kills_the_agent_and_returns_error_timeout() -> None:
    async def never_ready() -> None:
        await beampy.sleep(math.inf)

    async def main() -> Any:
        before = set(beampy.list())
        t0 = trio.current_time()
        result = await Agent.start(never_ready, timeout=2.0)
        waited = trio.current_time() - t0
        linked = await Agent.start_link(never_ready, timeout=1)
        return result, linked, waited, set(beampy.list()) == before, drain()

    result, linked, waited, clean, mailbox = run(main)
    assert result == ("error", "timeout")
    assert linked == ("error", "timeout")
    assert waited == pytest.approx(2.0)
    assert clean
    assert mailbox == []


def test_start_default_timeout_is_infinity_as_elixirs() -> None:
    async def slow() -> str:
        await beampy.sleep(3600.0)
        return "ready"

    async def main() -> Any:
        _, agent = await Agent.start(slow)
        return await Agent.get(agent, ident)

    assert run(main) == "ready"


def test_start_under_a_taken_name_returns_already_started_and_leaves_nothing_running() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 1, name="counter")
        before = set(beampy.list())
        again = await Agent.start(lambda: 2, name="counter")
        await settle()
        return agent, again, set(beampy.list()) == before, await Agent.get("counter", ident)

    agent, again, clean, state = run(main)
    assert again == ("error", ("already_started", agent))
    assert clean
    assert state == 1


def test_named_agent_is_reached_by_every_name_form_and_released_on_stop() -> None:
    class Names:
        def __init__(self) -> None:
            self.table: dict[Any, Pid] = {}

        def register_name(self, key: Any, pid: Pid) -> bool:
            if self.whereis_name(key) is not None:
                return False
            self.table[key] = pid
            return True

        def unregister_name(self, key: Any) -> None:
            self.table.pop(key, None)

        def whereis_name(self, key: Any) -> Pid | None:
            pid = self.table.get(key)
            return pid if pid is not None and beampy.is_alive(pid) else None

        def send(self, key: Any, msg: Any) -> None:
            pid = self.whereis_name(key)
            if pid is None:
                raise ValueError(key)
            beampy.send(pid, msg)

    async def main() -> Any:
        names = Names()
        via = ("via", names, "stack")
        await Agent.start_link(list, name="local")
        await Agent.start_link(list, name=via)
        out = []
        for agent in ("local", ("local", beampy.NODE), via):
            Agent.cast(agent, lambda s: [*s, "c"])
            await Agent.update(agent, lambda s: [*s, "u"])
            out.append(await Agent.get_and_update(agent, lambda s: (s, [])))
        await Agent.stop("local")
        await Agent.stop(via)
        return out, beampy.whereis("local"), names.whereis_name("stack")

    out, local, via = run(main)
    assert out == [["c", "u"], ["c", "u"], ["c", "u"]]
    assert local is None
    assert via is None


def test_initial_call_shows_the_agents_fn_as_elixirs_agent_does() -> None:
    async def main() -> Any:
        _, a = await Agent.start(make, 1, 2)
        _, b = await Agent.start(lambda: 0)
        _, c = await Agent.start(functools.partial(make, 1), 2)
        calls = [proc_lib.translate_initial_call(p) for p in (a, b, c)]
        return calls, dict(beampy.info(a, "dictionary")), beampy.self()

    calls, dictionary, me = run(main)
    assert calls[0] == (__name__, "make", 2)
    assert calls[1][0] == __name__
    assert calls[1][1].endswith("main.<locals>.<lambda>")
    assert calls[1][2] == 0
    assert calls[2] == (__name__, "make", 1)  # a partial shows the function it wraps
    assert dictionary["$ancestors"] == [me]
    assert dictionary["$initial_call"] == calls[0]


def test_proc_lib_initial_call_gives_placeholder_arguments_as_otp() -> None:
    """``proc_lib:initial_call/1`` gives ``{M, F, ['Argument__1', ...]}`` and ``false``;
    ``translate_initial_call/1`` the arity, and ``{proc_lib, init_p, 5}`` for a process
    proc_lib did not start (beampy gave the arity, and a made-up MFA; a differential hunt)."""

    async def main() -> Any:
        _, a = await Agent.start(make, 1, 2)
        plain = beampy.spawn(beampy.receive)
        got = (
            proc_lib.initial_call(a),
            proc_lib.translate_initial_call(a),
            proc_lib.initial_call(plain),
            proc_lib.translate_initial_call(plain),
        )
        beampy.exit(plain, "kill")
        return got

    assert run(main) == (
        (__name__, "make", ["Argument__1", "Argument__2"]),
        (__name__, "make", 2),
        None,
        ("proc_lib", "init_p", 5),
    )


def test_proc_lib_initial_call_of_a_malformed_record_is_none() -> None:
    # as OTP's raw_init_call: anything but {M, F, A} counts as none (it raised; a review)
    async def main() -> Any:
        beampy.put("$initial_call", "x")
        me = beampy.self()
        return proc_lib.initial_call(me), proc_lib.translate_initial_call(me)

    assert run(main) == (None, ("proc_lib", "init_p", 5))


# -- get / update / get_and_update / cast ----------------------------------------------


def test_get_runs_fn_on_the_state_in_both_forms_and_async() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 10)
        return (
            await Agent.get(agent, ident),
            await Agent.get(agent, add, 5),
            await Agent.get(agent, async_add, 7),
            await Agent.get(agent, lambda s: beampy.self()) == agent,
            await Agent.get(agent, ident),
        )

    assert run(main) == (10, 15, 17, True, 10)


def test_update_replaces_the_state_and_returns_ok() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 1)
        results = [
            await Agent.update(agent, lambda s: s + 1),
            await Agent.update(agent, add, 10),
            await Agent.update(agent, async_add, 100),
        ]
        return results, await Agent.get(agent, ident)

    assert run(main) == (["ok", "ok", "ok"], 112)


def test_get_and_update_returns_the_value_and_keeps_the_new_state() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: "a")
        return (
            await Agent.get_and_update(agent, lambda s: (s, s + "b")),
            await Agent.get_and_update(agent, swap, "c"),
            await Agent.get_and_update(agent, async_swap, "d"),
            await Agent.get(agent, ident),
        )

    assert run(main) == ("a", "ab", "c", "d")


@pytest.mark.parametrize("bad", [1, (1, 2, 3), [1, 2], None])
def test_get_and_update_bad_return_stops_the_agent_and_exits_the_caller(bad: Any) -> None:
    def fn(_: Any) -> Any:
        return bad

    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        ref = beampy.monitor(agent)
        reason = await caught(Agent.get_and_update(agent, fn))
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        return agent, reason, down.reason

    with structlog.testing.capture_logs() as logs:
        agent, reason, down = run(main)
    assert reason == (("bad_return_value", bad), call_mfa(agent, ("get_and_update", fn)))
    assert down == ("bad_return_value", bad)
    assert "genserver_terminating" in [e["event"] for e in logs]


def test_get_and_update_async_bad_return_stops_the_agent() -> None:
    async def fn(s: Any) -> Any:
        await beampy.sleep(1.0)
        return "nope"

    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        return agent, await caught(Agent.get_and_update(agent, fn, timeout=math.inf))

    with structlog.testing.capture_logs():
        agent, reason = run(main)
    assert reason == (
        ("bad_return_value", "nope"),
        call_mfa(agent, ("get_and_update", fn), math.inf),
    )


def test_cast_returns_ok_at_once_and_calls_see_it_applied_in_order() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(list)
        results = [
            Agent.cast(agent, lambda s: [*s, 1]),
            Agent.cast(agent, lambda s, x: [*s, x], 2),
            Agent.cast(agent, async_swap, "ignored"),  # returns a tuple: (old, "ignored")
        ]
        return results, await Agent.get(agent, ident)

    results, state = run(main)
    assert results == ["ok", "ok", "ok"]
    assert state == ([1, 2], "ignored")


def test_cast_to_a_dead_or_unknown_agent_returns_ok() -> None:
    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        await Agent.stop(agent)
        return Agent.cast(agent, ident), Agent.cast("nobody", ident)

    assert run(main) == ("ok", "ok")


def test_fn_keyword_arguments_go_through_functools_partial() -> None:
    def scaled(s: int, x: int, *, factor: int) -> int:
        return (s + x) * factor

    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 1)
        await Agent.update(agent, functools.partial(scaled, factor=10), 1)
        return await Agent.get(agent, ident)

    assert run(main) == 20


def test_a_slow_fn_blocks_every_other_client() -> None:
    async def slow(s: int) -> int:
        await beampy.sleep(10.0)
        return s + 1

    async def reader(agent: Pid, main: Pid) -> None:
        value = await Agent.get(agent, ident, timeout=math.inf)
        beampy.send(main, ("read", value, trio.current_time()))

    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 0)
        t0 = trio.current_time()
        Agent.cast(agent, slow)
        beampy.spawn(reader, agent, beampy.self())
        _, value, at = await beampy.receive(("read", ANY, ANY))
        return value, at - t0

    value, waited = run(main)
    assert value == 1  # the reader waited for the cast before it
    assert waited == pytest.approx(10.0)


# -- exits -----------------------------------------------------------------------------


def test_a_call_timeout_exits_the_caller_the_agent_still_applies_it_and_no_late_reply() -> None:
    async def slow(_: Any) -> str:
        await beampy.sleep(2.0)
        return "slow"

    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: "fast")
        reason = await caught(Agent.update(agent, slow, timeout=1.0))
        state = await Agent.get(agent, ident)
        await settle()
        return agent, reason, state, drain()

    agent, reason, state, mailbox = run(main)
    assert reason == ("timeout", call_mfa(agent, ("update", slow), 1.0))
    assert state == "slow"
    assert mailbox == []


def test_timeouts_of_get_and_get_and_update_name_the_request_with_its_args() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 0)
        r1 = await caught(Agent.get(agent, async_add, 1, timeout=0.5))
        r2 = await caught(Agent.get_and_update(agent, async_swap, 1, timeout=0))
        return agent, r1, r2

    agent, r1, r2 = run(main)
    assert r1 == ("timeout", call_mfa(agent, ("get", (async_add, (1,))), 0.5))
    assert r2 == ("timeout", call_mfa(agent, ("get_and_update", (async_swap, (1,))), 0.0))


def test_calls_to_a_dead_agent_exit_with_noproc_as_elixirs() -> None:
    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        await Agent.stop(agent)
        return agent, [
            await caught(Agent.get(agent, ident)),
            await caught(Agent.get(agent, add, 1)),
            await caught(Agent.update(agent, ident, timeout=1)),
            await caught(Agent.get_and_update("gone", swap, 1)),
            await caught(Agent.stop(agent)),
            await caught(Agent.stop("gone", "bye", 2.0)),
        ]

    agent, reasons = run(main)
    assert reasons == [
        ("noproc", call_mfa(agent, ("get", ident))),
        ("noproc", call_mfa(agent, ("get", (add, (1,))))),
        ("noproc", call_mfa(agent, ("update", ident), 1.0)),
        ("noproc", call_mfa("gone", ("get_and_update", (swap, (1,))))),
        ("noproc", ("GenServer", "stop", (agent, "normal", math.inf))),
        ("noproc", ("GenServer", "stop", ("gone", "bye", 2.0))),
    ]


def test_a_call_to_oneself_exits_with_calling_self() -> None:
    async def main() -> Any:
        me = beampy.self()
        return me, await caught(Agent.get(me, ident))

    me, reason = run(main)
    assert reason == ("calling_self", call_mfa(me, ("get", ident)))


def test_an_agent_fn_calling_its_own_agent_exits_it_with_calling_self() -> None:
    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        return agent, await caught(Agent.get(agent, lambda s: Agent.get(beampy.self(), ident)))

    with structlog.testing.capture_logs():
        agent, (inner, outer_mfa) = run(main)
    assert inner == ("calling_self", call_mfa(agent, ("get", ident)))
    assert outer_mfa[:2] == ("GenServer", "call")


def test_a_raising_fn_crashes_the_agent_and_exits_the_caller_with_its_exception() -> None:
    async def main() -> Any:
        out = []
        for call in (Agent.get, Agent.update, Agent.get_and_update):
            _, agent = await Agent.start(lambda: 0)
            ref = beampy.monitor(agent)
            reason = await caught(call(agent, boom, 1))
            down = await beampy.receive(DownMessage(ref, ANY, ANY))
            out.append((agent, reason, down.reason))
        return out

    with structlog.testing.capture_logs():
        out = run(main)
    for (agent, (exc, mfa), down), tag in zip(
        out, ["get", "update", "get_and_update"], strict=True
    ):
        assert isinstance(exc, RuntimeError)
        assert mfa == call_mfa(agent, (tag, (boom, (1,))))
        assert down is exc


def test_a_raising_cast_crashes_the_agent() -> None:
    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        Agent.cast(agent, boom)
        return await wait_down(agent)

    with structlog.testing.capture_logs():
        assert isinstance(run(main), RuntimeError)


def test_stop_with_reasons_and_a_trapping_linked_owner_sees_them() -> None:
    async def main() -> Any:
        beampy.flag("trap_exit", True)
        out: list[Any] = []
        for reason in ("normal", "custom", ("shutdown", "done")):
            _, agent = await Agent.start_link(lambda: 0)
            out.append(await Agent.stop(agent, reason))
            out.append(await beampy.receive(ExitMessage(agent, ANY)) == ExitMessage(agent, reason))
            out.append(beampy.is_alive(agent))
        return out

    with structlog.testing.capture_logs():
        assert run(main) == ["ok", True, False] * 3


def test_stop_timeout_exits_the_caller() -> None:
    async def busy(s: Any) -> Any:
        await beampy.sleep(100.0)
        return s

    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        Agent.cast(agent, busy)
        return agent, await caught(Agent.stop(agent, "normal", 1.0))

    agent, reason = run(main)
    assert reason == ("timeout", ("GenServer", "stop", (agent, "normal", 1.0)))


def test_an_unknown_call_or_cast_crashes_the_agent_naming_it() -> None:
    # the BEAM crashes Agent.Server with function_clause: it has no clause for it (not
    # use GenServer's default, whose message would name a callback the user never wrote)
    async def main() -> Any:
        _, agent = await Agent.start(lambda: 0)
        by_call = await caught(GenServer.call(agent, "bogus"))
        _, other = await Agent.start(lambda: 0)
        ref = beampy.monitor(other)
        GenServer.cast(other, ("bogus", 1))
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        return agent, by_call, other, down.reason

    with structlog.testing.capture_logs():
        agent, (exc, _mfa), other, by_cast = run(main)
    assert isinstance(exc, RuntimeError)
    assert str(exc).startswith(f"Agent {agent} received a call it has no clause for: 'bogus'")
    assert "function_clause" in str(exc)
    assert isinstance(by_cast, RuntimeError)
    assert str(by_cast).startswith(f"Agent {other} received a cast it has no clause for")


def test_sys_get_state_and_change_code_run_on_the_agent() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 1)
        state = await bsys.get_state(agent)
        await bsys.suspend(agent)
        changed = await bsys.change_code(agent, None, "1", (add, (41,)))
        await bsys.resume(agent)
        return state, changed, await Agent.get(agent, ident)

    assert run(main) == (1, "ok", 42)


# -- bad input -------------------------------------------------------------------------


def _bad_calls(agent: Any) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    """Each client function with a non-callable fn."""
    bad: Any = 42
    return [
        ("Agent.get()", lambda: Agent.get(agent, bad)),
        ("Agent.update()", lambda: Agent.update(agent, bad)),
        ("Agent.get_and_update()", lambda: Agent.get_and_update(agent, bad)),
        ("Agent.start()", lambda: Agent.start(bad)),
        ("Agent.start_link()", lambda: Agent.start_link(bad)),
    ]


def test_a_fn_that_is_not_callable_is_a_type_error_naming_it() -> None:
    async def main() -> list[str]:
        _, agent = await Agent.start_link(lambda: 0)
        before = set(beampy.list())
        messages = []
        for what, make_call in _bad_calls(agent):
            with pytest.raises(TypeError, match=r"fn must be a callable") as info:
                await make_call()
            assert what in str(info.value)
            messages.append(str(info.value))
        with pytest.raises(TypeError, match=r"Agent\.cast\(\): fn must be a callable"):
            Agent.cast(agent, "not a function")  # type: ignore[arg-type]
        assert set(beampy.list()) == before
        return messages

    for message in run(main):
        assert "got 42 (int)" in message


async def _states() -> Any:
    yield 0


def test_an_async_generator_function_is_refused_as_the_agents_init() -> None:
    # the state became an async generator nothing iterates (found by a docs audit)
    async def main() -> None:
        before = set(beampy.list())
        for start in (Agent.start, Agent.start_link):
            with pytest.raises(TypeError, match=r"is an async generator function"):
                await start(_states)
        assert set(beampy.list()) == before

    run(main)


async def _state_gen(state: Any) -> Any:
    yield state


class _Holder:
    async def states(self, state: Any) -> Any:
        yield state


@pytest.mark.parametrize(
    "fn",
    [_state_gen, functools.partial(_state_gen), _Holder().states],
    ids=["function", "partial", "method"],
)
def test_an_async_generator_function_is_refused_by_every_agent_function(fn: Any) -> None:
    # the reply (or the new state) was an async generator nothing iterates; refused in the
    # caller, nothing sent, the agent's state untouched
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 7)
        for name, call in (
            ("Agent.get()", lambda: Agent.get(agent, fn)),
            ("Agent.update()", lambda: Agent.update(agent, fn)),
            ("Agent.get_and_update()", lambda: Agent.get_and_update(agent, fn)),
        ):
            with pytest.raises(TypeError, match=rf"^{re.escape(name)}: .*async generator"):
                await call()
        with pytest.raises(TypeError, match=r"^Agent\.cast\(\): .*async generator"):
            Agent.cast(agent, fn)
        return await Agent.get(agent, lambda s: s)

    assert run(main) == 7


@pytest.mark.parametrize(
    ("timeout", "error", "pattern"),
    [
        ("5", TypeError, r"timeout must be a number of seconds >= 0 or math.inf; got '5' \(str\)"),
        (True, TypeError, r"got True \(bool\)"),
        (None, TypeError, r"got None \(NoneType\)"),
        (-1, ValueError, r"got -1"),
        (-0.5, ValueError, r"got -0.5"),
        (math.nan, ValueError, r"got nan"),
        (1e300, ValueError, r"too large"),
    ],
)
def test_a_bad_timeout_is_a_typed_error_naming_it(
    timeout: Any, error: type[Exception], pattern: str
) -> None:
    async def main() -> None:
        _, agent = await Agent.start_link(lambda: 0)
        before = set(beampy.list())
        calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ("Agent.get()", lambda: Agent.get(agent, ident, timeout=timeout)),
            ("Agent.update()", lambda: Agent.update(agent, ident, timeout=timeout)),
            (
                "Agent.get_and_update()",
                lambda: Agent.get_and_update(agent, swap, 1, timeout=timeout),
            ),
            ("Agent.stop()", lambda: Agent.stop(agent, "normal", timeout)),
            ("Agent.start()", lambda: Agent.start(ident, 1, timeout=timeout)),
            ("Agent.start_link()", lambda: Agent.start_link(ident, 1, timeout=timeout)),
        ]
        for what, make_call in calls:
            with pytest.raises(error, match=pattern) as info:
                await make_call()
            assert str(info.value).startswith(what)
        assert set(beampy.list()) == before
        assert await Agent.get(agent, ident) == 0

    run(main)


def test_integer_and_infinite_timeouts_are_accepted() -> None:
    async def main() -> Any:
        _, agent = await Agent.start_link(lambda: 0, timeout=5)
        return (
            await Agent.get(agent, ident, timeout=1),
            await Agent.update(agent, ident, timeout=math.inf),
            await Agent.get_and_update(agent, swap, 1, timeout=0.5),
            await Agent.stop(agent, "normal", 3),
        )

    assert run(main) == (0, "ok", 0, "ok")


@pytest.mark.parametrize(
    ("name", "error", "pattern"),
    [
        (42, TypeError, r"Agent\.start\(\): name must be a str .* got 42 \(int\)"),
        (["x"], TypeError, r"got \['x'\] \(list\)"),
        (("via", "x"), TypeError, r"name must be"),
        ("undefined", ValueError, r"'undefined' cannot be registered"),
        (("global", "x"), NotImplementedError, r"global name"),
        (("via", object(), "k"), TypeError, r"lacks register_name"),
    ],
)
def test_a_bad_name_is_a_typed_error_and_nothing_is_started(
    name: Any, error: type[Exception], pattern: str
) -> None:
    async def main() -> None:
        before = set(beampy.list())
        with pytest.raises(error, match=pattern):
            await Agent.start(lambda: 0, name=name)
        with pytest.raises(error):
            await Agent.start_link(lambda: 0, name=name)
        assert set(beampy.list()) == before

    run(main)


@pytest.mark.parametrize("agent", [42, None, ["a"], ("a", "b", "c"), (1, 2)])
def test_a_bad_agent_is_a_type_error_naming_the_accepted_forms(agent: Any) -> None:
    async def main() -> None:
        pattern = r"agent must be a Pid, a registered name \(str\), \(name, node\) or \('via'"
        calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ("Agent.get()", lambda: Agent.get(agent, ident)),
            ("Agent.update()", lambda: Agent.update(agent, ident)),
            ("Agent.get_and_update()", lambda: Agent.get_and_update(agent, ident)),
            ("Agent.stop()", lambda: Agent.stop(agent)),
        ]
        for what, make_call in calls:
            with pytest.raises(TypeError, match=pattern) as info:
                await make_call()
            assert str(info.value).startswith(what)
        with pytest.raises(TypeError, match=r"Agent\.cast\(\): agent must be"):
            Agent.cast(agent, ident)

    run(main)


def test_options_are_keyword_only_so_they_never_take_fn_args() -> None:
    def three(s: Any, a: Any, b: Any, c: Any) -> Any:
        return (s, a, b, c)

    async def main() -> Any:
        # positional args after fn all go to fn, even where a timeout would fit
        _, agent = await Agent.start_link(make, 2, 3)
        return await Agent.get(agent, three, 1.0, "name", 5.0)

    assert run(main) == (5, 1.0, "name", 5.0)
