"""DynamicSupervisor: start_child results, max_children, extra_arguments, terminate_child,
which_children order, restart types, intensity, parallel shutdown, reports, bad input.

The conformance scenarios 601-622 check the traces the BEAM prints; these check the rest on an
autojump MockClock (no real time, no wall-clock thresholds).
"""

from __future__ import annotations

import functools
import gc
import math
import weakref
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import ANY, DownMessage, DynamicSupervisor, ExitMessage, GenServer, Supervisor
from beampy._otp._child import describe
from beampy.dynamic_supervisor import SpecError
from beampy.gen_server import Ok, Stop
from beampy.testing import assert_receive, process_test, refute_receive
from tests.process.support import run


class W(GenServer):
    def init(self, arg: Any) -> Ok:
        id_, to = arg
        beampy.flag("trap_exit", True)
        beampy.send(to, ("started", id_, beampy.self()))
        return Ok(arg)

    def handle_cast(self, request: Any, s: Any) -> Stop:
        return Stop(request, s)

    def terminate(self, reason: Any, s: Any) -> None:
        beampy.send(s[1], ("terminated", s[0], reason))


def w(id_: Any, **overrides: Any) -> dict[str, Any]:
    return Supervisor.child_spec((W, (id_, beampy.self())), **overrides)


async def start(sup: Any, id_: Any, **overrides: Any) -> Any:
    """Starts a W child and takes its "started" report."""
    ok, pid = await DynamicSupervisor.start_child(sup, w(id_, **overrides))
    assert ok == "ok"
    assert (await assert_receive(("started", id_, ANY)))[2] == pid
    return pid


@process_test
async def test_start_child_results() -> None:
    _, sup = await DynamicSupervisor.start_link()
    ok, a = await DynamicSupervisor.start_child(sup, w("a"))
    assert ok == "ok"
    assert (await assert_receive(("started", "a", ANY)))[2] == a

    def ignore() -> str:
        return "ignore"

    def error() -> Any:
        return ("error", "no")

    def raises() -> Any:
        raise KeyError("k")

    def exits() -> Any:
        raise beampy.Exit("gone")

    def info() -> Any:
        return ("ok", beampy.spawn_link(beampy.sleep, math.inf), "extra")

    assert await DynamicSupervisor.start_child(sup, {"id": 1, "start": (ignore,)}) == "ignore"
    assert await DynamicSupervisor.start_child(sup, {"id": 1, "start": (error,)}) == ("error", "no")
    r = await DynamicSupervisor.start_child(sup, {"id": 1, "start": (raises,)})
    assert r[0] == "error"
    assert isinstance(r[1], KeyError)  # Elixir's {exception, stacktrace}: the exception
    assert await DynamicSupervisor.start_child(sup, {"id": 1, "start": (exits,)}) == (
        "error",
        "gone",
    )
    assert await DynamicSupervisor.start_child(sup, {"id": 1, "start": (lambda: 7,)}) == (
        "error",
        7,
    )
    r = await DynamicSupervisor.start_child(sup, {"id": 1, "start": (info,)})
    assert (r[0], r[2]) == ("ok", "extra")
    assert await DynamicSupervisor.count_children(sup) == {
        "specs": 2,
        "active": 2,
        "supervisors": 0,
        "workers": 2,
    }


@process_test
async def test_extra_arguments_come_first() -> None:
    got = []

    async def start(*args: Any) -> Any:
        got.append(args)
        return ("ok", beampy.spawn_link(beampy.sleep, math.inf))

    _, sup = await DynamicSupervisor.start_link(extra_arguments=("x", "y"))
    await DynamicSupervisor.start_child(sup, {"id": "a", "start": (start, 1, 2)})
    assert got == [("x", "y", 1, 2)]


@process_test
async def test_max_children_and_terminate_child() -> None:
    _, sup = await DynamicSupervisor.start_link(max_children=2)
    _, a = await DynamicSupervisor.start_child(sup, w("a"))
    _, b = await DynamicSupervisor.start_child(sup, w("b"))
    assert await DynamicSupervisor.start_child(sup, w("c")) == ("error", "max_children")
    await refute_receive(("started", "c", ANY))
    assert await DynamicSupervisor.terminate_child(sup, a) == "ok"
    await assert_receive(("terminated", "a", "shutdown"))
    assert not beampy.is_alive(a)
    assert await DynamicSupervisor.terminate_child(sup, a) == ("error", "not_found")
    with pytest.raises(TypeError, match="pid must be the Pid of a child"):  # Elixir: is_pid guard
        await DynamicSupervisor.terminate_child(sup, "a")  # type: ignore[arg-type]
    ok, c = await DynamicSupervisor.start_child(sup, w("c"))
    assert ok == "ok"
    assert await DynamicSupervisor.which_children(sup) == [
        ("undefined", b, "worker", [W]),
        ("undefined", c, "worker", [W]),
    ]


@process_test
async def test_which_children_is_in_pid_order() -> None:
    _, sup = await DynamicSupervisor.start_link()
    pids = [await start(sup, i) for i in range(40)]
    with structlog.testing.capture_logs():
        GenServer.cast(pids[3], "boom")  # restarted: a new, larger pid
        await assert_receive(("started", 3, ANY))
    listed = [p for _, p, _, _ in await DynamicSupervisor.which_children(sup)]
    assert listed == sorted(listed)
    assert pids[3] not in listed
    assert len(listed) == 40


@process_test
async def test_restart_types() -> None:
    _, sup = await DynamicSupervisor.start_link()
    p = await start(sup, "p")
    tr = await start(sup, "tr", restart="transient")
    te = await start(sup, "te", restart="temporary")
    GenServer.cast(p, "normal")
    await assert_receive(("started", "p", ANY))
    GenServer.cast(tr, ("shutdown", 1))
    with structlog.testing.capture_logs():
        GenServer.cast(te, "boom")
        await refute_receive(("started", ANY, ANY))
    assert (await DynamicSupervisor.count_children(sup))["specs"] == 1
    assert [c.restarts for c in await describe(sup)] == [1]


@process_test
async def test_intensity_and_reports() -> None:
    beampy.flag("trap_exit", True)
    _, sup = await DynamicSupervisor.start_link(max_restarts=1, max_seconds=3.0)
    a = await start(sup, "a")
    await start(sup, "b")
    with structlog.testing.capture_logs() as logs:
        GenServer.cast(a, "boom")
        _, _, a = await assert_receive(("started", "a", ANY))
        await beampy.sleep(3.5)  # the first restart left the window
        GenServer.cast(a, "boom")
        _, _, a = await assert_receive(("started", "a", ANY))
        GenServer.cast(a, "boom")
        await assert_receive(("terminated", "b", "shutdown"))
        await assert_receive(ExitMessage(sup, "shutdown"))
    events = [e["event"] for e in logs if e["event"].startswith("supervisor")]
    assert events == [
        "supervisor_child_terminated",
        "supervisor_child_terminated",
        "supervisor_child_terminated",
        "supervisor_intensity_reached",
    ]


@process_test
async def test_failed_restart_is_retried() -> None:
    tries: list[int] = []

    async def flaky() -> Any:
        tries.append(1)
        if len(tries) == 2:
            return ("error", "not now")
        return await GenServer.start_link(W, ("f", beampy.whereis("test")))

    beampy.register(beampy.self(), "test")
    _, sup = await DynamicSupervisor.start_link()
    _, f = await DynamicSupervisor.start_child(sup, {"id": "f", "start": (flaky,)})
    await assert_receive(("started", "f", ANY))
    with structlog.testing.capture_logs() as logs:
        GenServer.cast(f, "boom")
        await assert_receive(("started", "f", ANY))
    assert len(tries) == 3
    assert [e["event"] for e in logs if e["event"].startswith("supervisor")] == [
        "supervisor_child_terminated",
        "supervisor_child_start_failed",
    ]


@process_test
async def test_stop_shuts_every_child_down_at_once() -> None:
    async def stubborn() -> None:
        beampy.flag("trap_exit", True)
        await trio.sleep_forever()

    async def start(shutdown: Any) -> Any:
        return ("ok", beampy.spawn_link(stubborn))

    _, sup = await DynamicSupervisor.start_link()
    for shutdown in (2.0, 2.0, 5.0, "brutal_kill", math.inf):
        spec = {"id": 0, "start": (start, shutdown), "shutdown": shutdown}
        if shutdown == math.inf:
            spec["start"] = (GenServer.start_link, W, ("inf", beampy.self()))
        await DynamicSupervisor.start_child(sup, spec)
    refs = [beampy.monitor(p) for _, p, _, _ in await DynamicSupervisor.which_children(sup)]
    t0 = trio.current_time()
    with structlog.testing.capture_logs() as logs:
        assert await DynamicSupervisor.stop(sup) == "ok"
    assert trio.current_time() - t0 == pytest.approx(5.0)  # the longest, not the sum
    reasons = [(await assert_receive(DownMessage(r, ANY, ANY))).reason for r in refs]
    assert reasons == ["killed", "killed", "killed", "killed", "shutdown"]
    assert [e["reason"] for e in logs if e["event"] == "supervisor_shutdown_error"] == [
        "killed",
        "killed",
        "killed",
    ]


@process_test
async def test_module_based_and_child_spec() -> None:
    class Pool(DynamicSupervisor):
        def init(self, arg: Any) -> Any:
            return DynamicSupervisor.init(max_children=arg)

    ok, pool = await DynamicSupervisor.start_link(Pool, 1, name="pool")
    assert ok == "ok"
    ok, _ = await DynamicSupervisor.start_child("pool", w("a"))
    assert ok == "ok"
    assert await DynamicSupervisor.start_child(pool, w("b")) == ("error", "max_children")
    spec = DynamicSupervisor.child_spec({"name": "jobs", "max_children": 3})
    assert spec["id"] == "jobs"
    assert spec["type"] == "supervisor"
    assert isinstance(spec["start"][0], functools.partial)
    assert Pool.child_spec(4) == {
        "id": Pool,
        "start": (DynamicSupervisor.start_link, Pool, 4),
        "type": "supervisor",
    }
    _, top = await Supervisor.start_link([spec, (Pool, 2)], strategy="one_for_one")
    jobs = beampy.whereis("jobs")
    assert jobs is not None
    await DynamicSupervisor.start_child("jobs", w("j"))
    await assert_receive(("started", "j", ANY))
    assert [(i, t) for i, _, t, _ in await Supervisor.which_children(top)] == [
        (Pool, "supervisor"),
        ("jobs", "supervisor"),
    ]
    await Supervisor.stop(top)
    await assert_receive(("terminated", "j", "shutdown"))


@pytest.mark.parametrize(
    ("options", "key", "value"),
    [
        ({"strategy": "one_for_all"}, "strategy", "one_for_all"),
        ({"max_restarts": -1}, "max_restarts", -1),
        ({"max_seconds": -5}, "max_seconds", -5),
        ({"max_children": -1}, "max_children", -1),
        ({"max_children": 2.5}, "max_children", 2.5),
        ({"extra_arguments": "ab"}, "extra_arguments", "ab"),
    ],
)
def test_bad_options(options: dict[str, Any], key: str, value: Any) -> None:
    async def main() -> None:
        before = len(beampy.list())
        with pytest.raises(SpecError) as e:
            await DynamicSupervisor.start_link(**options)
        assert (e.value.key, e.value.value) == (key, value)
        assert len(beampy.list()) == before

    run(main)


@process_test
async def test_bad_child_specs() -> None:
    _, sup = await DynamicSupervisor.start_link()
    with pytest.raises(SpecError) as e:
        await DynamicSupervisor.start_child(sup, {"id": 1, "start": (print,), "shutdown": "x"})
    assert e.value.key == "shutdown"
    with pytest.raises(SpecError) as e:
        await DynamicSupervisor.start_child(
            sup, {"id": 1, "start": (print,), "restart": "temporary", "significant": True}
        )
    assert e.value.key == "significant"
    with pytest.raises(TypeError, match="unknown options"):
        await DynamicSupervisor.start_link(max_childs=3)
    assert await DynamicSupervisor.which_children(sup) == []


@process_test
async def test_unknown_requests_a_cast_is_dropped_a_call_crashes_it_naming_it() -> None:
    # Elixir's DynamicSupervisor ignores every cast (conformance 623); a call it has no
    # clause for crashes it (function_clause on the BEAM), with a message naming it
    beampy.flag("trap_exit", True)  # (the supervisor is linked to this process)
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one")
    GenServer.cast(sup, ("bogus", 1))
    assert (await DynamicSupervisor.count_children(sup))["specs"] == 0
    ref = beampy.monitor(sup)
    with structlog.testing.capture_logs(), pytest.raises(beampy.Exit) as e:
        await GenServer.call(sup, "bogus")
    reason = e.value.reason[0]
    assert isinstance(reason, RuntimeError)
    assert str(reason).startswith(
        f"DynamicSupervisor {sup} received a call it has no clause for: 'bogus'"
    )
    assert (await assert_receive(DownMessage(ref, ANY, ANY))).reason is reason


@process_test
async def test_a_child_already_gone_when_shut_down_is_reported_by_elixirs_rule() -> None:
    # Elixir's DynamicSupervisor, not OTP's supervisor (conformance 624 and 515): a child
    # whose EXIT is already queued is quiet only if it ended "normal" and is not permanent
    from tests.otp.test_supervisor import (
        SHUTDOWN_RULE_CASES,
        _start_dies_on_request,
        terminate_after_exit,
    )

    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one")
    for restart, shutdown, reason in SHUTDOWN_RULE_CASES:
        spec: dict[str, Any] = {"id": "c", "start": (_start_dies_on_request,)}
        spec.update(restart=restart, shutdown=shutdown)
        _, child = await DynamicSupervisor.start_child(sup, spec)
        with structlog.testing.capture_logs():  # a "boom" child's own crash report
            errors = await terminate_after_exit(
                sup, child, child, reason, DynamicSupervisor.terminate_child
            )
        quiet = reason == "normal" and restart != "permanent"
        assert [e["reason"] for e in errors] == ([] if quiet else [reason]), (
            restart,
            shutdown,
            reason,
        )
        assert await DynamicSupervisor.which_children(sup) == []


@process_test
async def test_start_child_on_a_stopped_supervisor_exits_with_the_spec_it_asked_for() -> None:
    """The exit names the request as the caller made it: ``("start_child", spec)`` with the
    child spec dict, as Elixir's shows its child spec (beampy showed its internal record;
    found by a differential hunt)."""
    for kind in (Supervisor, DynamicSupervisor):
        if kind is Supervisor:
            _, sup = await Supervisor.start_link([], strategy="one_for_one")
        else:
            _, sup = await DynamicSupervisor.start_link()
        await kind.stop(sup)
        spec = w("b")
        with pytest.raises(beampy.Exit) as caught:
            await kind.start_child(sup, spec)
        reason, (module, function, (to, request, timeout)) = caught.value.reason
        assert (reason, module, function, to, timeout) == (
            "noproc",
            "GenServer",
            "call",
            sup,
            math.inf,
        )
        assert request[0] == "start_child"
        assert type(request[1]) is dict
        assert {k: request[1][k] for k in spec} == spec


class _Conn:
    """Stands for what a per-connection start function captures (a socket, buffers)."""


@process_test
async def test_a_start_function_is_not_kept_once_its_child_is_gone() -> None:
    # beampy remembers the class of a start function to default `modules`: never one
    # defined inside a function, whose closure may hold anything
    _, dyn = await DynamicSupervisor.start_link(strategy="one_for_one")
    refs = []
    for _ in range(3):
        conn = _Conn()
        refs.append(weakref.ref(conn))

        async def start(c: _Conn = conn) -> Any:
            return await beampy.Agent.start_link(lambda: c)

        _, pid = await DynamicSupervisor.start_child(
            dyn, {"id": None, "start": (start,), "restart": "temporary"}
        )
        assert await DynamicSupervisor.terminate_child(dyn, pid) == "ok"
        del conn, start
    gc.collect()
    assert [r() for r in refs] == [None, None, None]
    await DynamicSupervisor.stop(dyn)


async def _bad_job(ctx: str, job: str) -> Any:
    async def body() -> None:
        raise beampy.Exit(("bad", ctx, job))

    return ("ok", beampy.spawn_link(body))


@process_test
async def test_reports_show_no_id_and_the_start_as_called_with_extra_arguments() -> None:
    # Elixir's DynamicSupervisor reports its children with id :undefined and the mfargs
    # it called, extra_arguments first
    with structlog.testing.capture_logs() as logs:
        _, dyn = await DynamicSupervisor.start_link(extra_arguments=("ctx",), max_restarts=0)
        beampy.unlink(dyn)
        ref = beampy.monitor(dyn)
        spec = {"id": "myid", "start": (_bad_job, "job"), "restart": "transient"}
        await DynamicSupervisor.start_child(dyn, spec)
        await beampy.receive(DownMessage(ref, ANY, ANY))
    reports = [e for e in logs if e["event"].startswith("supervisor_")]
    assert [e["event"] for e in reports] == [
        "supervisor_child_terminated",
        "supervisor_intensity_reached",
    ]
    for e in reports:
        assert (e["child_id"], e["start"]) == ("undefined", (_bad_job, "ctx", "job"))
