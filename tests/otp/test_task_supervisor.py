"""Task.Supervisor: starting tasks under a DynamicSupervisor, its options, and bad input.

The conformance scenarios 201-219 check the traces the BEAM prints; these tests check
what a trace cannot show: the names it is reachable by, typed errors, the child specs
it makes, exact exit terms, logs, streams stopped early leaving nothing behind, and the
defaults the supervisor keeps. Every test body is a process on trio's autojump
MockClock (``process_test``), so waits cost no real time and no ordering depends on the
wall clock; ``leftovers="fail"`` makes a test fail if anything it started is still
running at its end.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import structlog

import beampy
import beampy.task_supervisor
from beampy import (
    ANY,
    DownMessage,
    DynamicSupervisor,
    ExitMessage,
    Supervisor,
    Task,
    TaskSupervisor,
)
from beampy._otp._child import describe  # the restart and shutdown each child was given
from beampy._otp._task_supervisor import Restart, _start_reply  # async_'s start function, alone
from beampy.dynamic_supervisor import SpecError
from beampy.testing import assert_receive, process_test, refute_receive
from tests.process.support import drain

clean = process_test(leftovers="fail")


async def wait_for_go(value: Any = "done") -> Any:
    await beampy.receive("go")
    return value


async def forever() -> None:
    await beampy.sleep(math.inf)


async def crash(*_: Any) -> None:
    raise RuntimeError("boom")


def links() -> list[Any]:
    return list(beampy.info(beampy.self(), "links"))


def monitors() -> list[Any]:
    return list(beampy.info(beampy.self(), "monitors"))


async def start() -> beampy.Pid:
    ok, sup = await Task.Supervisor.start_link()
    assert ok == "ok"
    return sup  # type: ignore[no-any-return]


# -- names ----------------------------------------------------------------------------


def test_task_supervisor_is_reachable_the_elixir_way() -> None:
    assert Task.Supervisor is TaskSupervisor
    assert beampy.TaskSupervisor is TaskSupervisor
    assert beampy.task_supervisor.TaskSupervisor is TaskSupervisor
    assert issubclass(TaskSupervisor, DynamicSupervisor)


# -- start_link and child_spec --------------------------------------------------------


@clean
async def test_start_link_keeps_the_task_defaults_in_the_supervisors_dictionary() -> None:
    ok, sup = await Task.Supervisor.start_link(restart="transient", shutdown="brutal_kill")
    assert ok == "ok"
    assert ("Task.Supervisor", ("transient", "brutal_kill")) in beampy.info(sup, "dictionary")
    assert sup in links()
    sup2 = await start()
    assert ("Task.Supervisor", ("temporary", 5.0)) in beampy.info(sup2, "dictionary")


@clean
async def test_start_link_registers_a_name_and_refuses_a_taken_one() -> None:
    _, sup = await Task.Supervisor.start_link(name="tasks")
    assert beampy.whereis("tasks") == sup
    assert await Task.Supervisor.start_link(name="tasks") == ("error", ("already_started", sup))


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"max_children": -1}, "max_children"),
        ({"max_children": 1.5}, "max_children"),
        ({"max_restarts": -1}, "max_restarts"),
        ({"max_seconds": 0}, "max_seconds"),
        ({"restart": "sometimes"}, "restart"),
        ({"restart": None}, "restart"),
        ({"shutdown": -1}, "shutdown"),
        ({"shutdown": "kill"}, "shutdown"),
        ({"shutdown": None}, "shutdown"),
    ],
)
@clean
async def test_start_link_refuses_bad_options(options: dict[str, Any], key: str) -> None:
    with pytest.raises(SpecError) as e:
        await Task.Supervisor.start_link(**options)
    assert e.value.key == key
    assert str(e.value).startswith("Task.Supervisor.start_link(): ")
    assert links() == []


@clean
async def test_max_children_zero_refuses_every_task() -> None:
    _, sup = await Task.Supervisor.start_link(max_children=0)
    assert await Task.Supervisor.start_child(sup, forever) == ("error", "max_children")


def test_child_spec_forms() -> None:
    spec = Task.Supervisor.child_spec({"name": "my_tasks", "max_children": 10})
    assert spec["id"] == "my_tasks"
    assert spec["type"] == "supervisor"
    assert spec["modules"] == [TaskSupervisor]
    (start,) = spec["start"]
    assert start.func is TaskSupervisor.start_link
    assert start.keywords == {"name": "my_tasks", "max_children": 10}
    assert Task.Supervisor.child_spec([])["id"] is TaskSupervisor
    assert Task.Supervisor.child_spec()["id"] is TaskSupervisor
    assert Task.Supervisor.child_spec({"name": ("via", object, "k")})["id"] == "k"
    assert Task.Supervisor.child_spec({}, id="other", shutdown=1.0)["id"] == "other"
    with pytest.raises(SpecError, match=r"a dict of Task\.Supervisor\.start_link's options"):
        Task.Supervisor.child_spec("my_tasks")


@clean
async def test_under_a_supervisor_by_tuple_and_bare_class() -> None:
    children = [(Task.Supervisor, {"name": "named_tasks"}), Task.Supervisor]
    ok, top = await Supervisor.start_link(children, strategy="one_for_one")
    assert ok == "ok"
    rows = await Supervisor.which_children(top)
    named = beampy.whereis("named_tasks")
    assert [(i, t) for i, _, t, _ in rows] == [
        (TaskSupervisor, "supervisor"),
        ("named_tasks", "supervisor"),
    ]
    assert any(p == named for _, p, _, _ in rows)
    task = await Task.Supervisor.async_("named_tasks", lambda: 42)
    assert await Task.await_(task) == 42
    assert await Supervisor.stop(top) == "ok"


# -- async_ and async_nolink ----------------------------------------------------------


@clean
async def test_async_links_monitors_and_supervises_the_task() -> None:
    sup = await start()
    task = await Task.Supervisor.async_(sup, wait_for_go, 7)
    assert task.pid is not None
    assert task.pid in links()
    assert task.owner == beampy.self()
    assert task.mfa == (__name__, "wait_for_go", 1)
    assert await Task.Supervisor.children(sup) == [task.pid]
    assert sup in beampy.info(task.pid, "links")
    rows = await DynamicSupervisor.which_children(sup)
    assert rows == [("undefined", task.pid, "worker", ["Task.Supervised"])]
    beampy.send(task.pid, "go")
    assert await Task.await_(task) == 7
    assert monitors() == []
    await beampy.sleep(1)
    assert drain() == []
    assert await Task.Supervisor.children(sup) == []


@clean
async def test_async_nolink_is_not_linked_and_its_reply_is_a_tagged_message() -> None:
    sup = await start()
    task = await Task.Supervisor.async_nolink(sup, lambda: "answer")
    assert task.pid not in links()
    assert await assert_receive((task.ref, ANY)) == (task.ref, "answer")
    # the GenServer pattern: demonitor with flush drops the DOWN
    beampy.demonitor(task.ref, flush=True)
    await refute_receive(DownMessage(task.ref, ANY, ANY))


@clean
async def test_async_nolink_crash_reaches_the_caller_as_a_down_only() -> None:
    sup = await start()
    with structlog.testing.capture_logs() as logs:
        task = await Task.Supervisor.async_nolink(sup, crash)
        down = await assert_receive(DownMessage(task.ref, task.pid, ANY))
    assert isinstance(down.reason, RuntimeError)
    events = [entry["event"] for entry in logs]
    assert "task_terminating" in events
    assert "supervisor_child_terminated" in events
    assert beampy.is_alive(sup)


@clean
async def test_await_of_a_nolink_task_exits_with_the_beam_shape() -> None:
    sup = await start()
    with structlog.testing.capture_logs():
        task = await Task.Supervisor.async_nolink(sup, crash)
        with pytest.raises(beampy.Exit) as e:
            await Task.await_(task, 1.0)
    reason, mfa = e.value.reason
    assert isinstance(reason, RuntimeError)
    assert mfa == ("Task", "await", (task, 1.0))


@clean
async def test_async_shutdown_option_is_the_childs_shutdown() -> None:
    sup = await start()
    task = await Task.Supervisor.async_nolink(sup, forever, shutdown="brutal_kill")
    other = await Task.Supervisor.async_nolink(sup, forever)
    shown = {info.pid: (info.restart, info.shutdown) for info in await describe(sup)}
    assert shown == {task.pid: ("temporary", "brutal_kill"), other.pid: ("temporary", 5.0)}
    assert await Task.shutdown(task, "brutal_kill") is None
    assert await Task.shutdown(other) is None


@clean
async def test_async_tasks_are_temporary_whatever_the_default_restart() -> None:
    _, sup = await Task.Supervisor.start_link(restart="permanent")
    with structlog.testing.capture_logs():
        task = await Task.Supervisor.async_nolink(sup, crash)
        await assert_receive(DownMessage(task.ref, ANY, ANY))
    await beampy.sleep(0.1)
    assert await Task.Supervisor.children(sup) == []


@clean
async def test_async_raises_runtime_error_at_max_children() -> None:
    _, sup = await Task.Supervisor.start_link(max_children=1)
    task = await Task.Supervisor.async_(sup, wait_for_go)
    with pytest.raises(RuntimeError, match="maximum number of tasks"):
        await Task.Supervisor.async_(sup, wait_for_go)
    with pytest.raises(RuntimeError, match="max_children"):
        await Task.Supervisor.async_nolink(sup, wait_for_go)
    assert task.pid is not None
    beampy.send(task.pid, "go")
    assert await Task.await_(task) == "done"


@clean
async def test_calls_to_a_dead_supervisor_exit_as_genserver_call() -> None:
    _, sup = await Task.Supervisor.start_link()
    beampy.unlink(sup)
    await DynamicSupervisor.stop(sup)
    with pytest.raises(beampy.Exit) as e:
        await Task.Supervisor.async_(sup, forever)
    assert e.value.reason[0] == "noproc"
    assert e.value.reason[1][:2] == ("GenServer", "call")
    with pytest.raises(beampy.Exit) as e:
        await Task.Supervisor.async_("nobody", forever)
    assert e.value.reason[0] == "noproc"
    with pytest.raises(beampy.Exit):
        await Task.Supervisor.children(sup)


@clean
async def test_a_task_whose_owner_dies_before_the_instruction_exits_shutdown() -> None:
    # Elixir's Task.Supervised.reply: the task monitors its owner while it waits
    sup = await start()
    me = beampy.self()

    async def owner() -> None:
        # started as async_ starts it, but the owner dies before attaching
        spec = {"id": "t", "start": (_start_reply, beampy.self()), "restart": "temporary"}
        _, pid = await DynamicSupervisor.start_child(sup, spec)
        beampy.send(me, ("task", pid))
        raise beampy.Exit("gone")

    beampy.spawn(owner)
    _, task = await assert_receive(("task", ANY))
    ref = beampy.monitor(task)
    assert (await assert_receive(DownMessage(ref, task, ANY))).reason == ("shutdown", "gone")


# -- start_child ------------------------------------------------------------------------


@clean
async def test_start_child_is_linked_to_the_supervisor_only_and_records_callers() -> None:
    sup = await start()
    me = beampy.self()

    async def report() -> None:
        beampy.send(me, ("info", beampy.get("$callers"), beampy.get("$ancestors")))
        await beampy.receive("go")

    ok, pid = await Task.Supervisor.start_child(sup, report)
    assert ok == "ok"
    assert pid not in links()
    assert beampy.info(pid, "links") == [sup]
    assert await assert_receive(("info", ANY, ANY)) == ("info", [me], [sup, me])
    ref = beampy.monitor(pid)
    beampy.send(pid, "go")
    await assert_receive(DownMessage(ref, pid, "normal"))


@clean
async def test_start_child_restart_types() -> None:
    sup = await start()
    me = beampy.self()

    async def body(tag: str) -> None:
        beampy.send(me, ("ran", tag, beampy.self()))
        match await beampy.receive("crash", "stop"):
            case "crash":
                raise beampy.Exit("boom")

    cases: list[tuple[Restart, str, bool]] = [
        ("temporary", "crash", False),
        ("transient", "crash", True),
        ("transient", "stop", False),
        ("permanent", "stop", True),
    ]
    with structlog.testing.capture_logs():
        for restart, how, restarted in cases:
            _, pid = await Task.Supervisor.start_child(sup, body, restart, restart=restart)
            await assert_receive(("ran", restart, pid))
            beampy.send(pid, how)
            if restarted:
                _, _, again = await assert_receive(("ran", restart, ANY))
                assert again != pid
                assert await Task.Supervisor.terminate_child(sup, again) == "ok"
            else:
                await refute_receive(("ran", ANY, ANY))
            assert await Task.Supervisor.children(sup) == []


@clean
async def test_start_child_takes_the_supervisors_defaults_and_overrides_them() -> None:
    _, sup = await Task.Supervisor.start_link(restart="transient", shutdown=2.0)
    _, a = await Task.Supervisor.start_child(sup, forever)
    _, b = await Task.Supervisor.start_child(sup, forever, restart="temporary", shutdown=math.inf)
    shown = {info.pid: (info.restart, info.shutdown) for info in await describe(sup)}
    assert shown == {a: ("transient", 2.0), b: ("temporary", math.inf)}
    for pid in (a, b):
        assert await Task.Supervisor.terminate_child(sup, pid) == "ok"


@clean
async def test_start_child_returns_max_children() -> None:
    _, sup = await Task.Supervisor.start_link(max_children=1)
    _, pid = await Task.Supervisor.start_child(sup, forever)
    assert await Task.Supervisor.start_child(sup, forever) == ("error", "max_children")
    assert await Task.Supervisor.terminate_child(sup, pid) == "ok"
    assert (await Task.Supervisor.start_child(sup, lambda: None))[0] == "ok"


# -- terminate_child and children -------------------------------------------------------


@clean
async def test_terminate_child_and_children() -> None:
    sup = await start()
    pids = [(await Task.Supervisor.start_child(sup, forever))[1] for _ in range(3)]
    assert await Task.Supervisor.children(sup) == sorted(pids)
    ref = beampy.monitor(pids[1])
    assert await Task.Supervisor.terminate_child(sup, pids[1]) == "ok"
    await assert_receive(DownMessage(ref, pids[1], "shutdown"))
    assert await Task.Supervisor.terminate_child(sup, pids[1]) == ("error", "not_found")
    assert await Task.Supervisor.terminate_child(sup, beampy.self()) == ("error", "not_found")
    assert await Task.Supervisor.children(sup) == [pids[0], pids[2]]
    with pytest.raises(TypeError, match="pid must be a Pid"):
        await Task.Supervisor.terminate_child(sup, "x")  # type: ignore[arg-type]


# -- async_stream and async_stream_nolink -----------------------------------------------


@clean
async def test_async_stream_runs_each_item_as_a_supervised_task() -> None:
    sup = await start()
    seen: list[Any] = []

    async def work(x: int, k: int) -> int:
        seen.append(beampy.get("$ancestors")[0])
        return x * k

    results = await Task.Supervisor.async_stream(sup, range(5), work, 3).to_list()
    assert results == [("ok", x * 3) for x in range(5)]
    assert seen == [sup] * 5
    assert monitors() == []
    assert drain() == []


@clean
async def test_async_stream_linked_crash_kills_a_non_trapping_consumer() -> None:
    sup = await start()

    async def consumer() -> None:
        await Task.Supervisor.async_stream(sup, [1, 2], crash).to_list()

    with structlog.testing.capture_logs():
        pid, ref = beampy.spawn_monitor(consumer)
        down = await assert_receive(DownMessage(ref, pid, ANY))
    assert isinstance(down.reason, RuntimeError)
    await beampy.sleep(0.1)
    assert await Task.Supervisor.children(sup) == []


@clean
async def test_async_stream_linked_crash_is_a_result_for_a_trapping_consumer() -> None:
    sup = await start()
    beampy.flag("trap_exit", True)
    with structlog.testing.capture_logs():
        results = await Task.Supervisor.async_stream(sup, [1, "x"], crash).to_list()
    assert [r[0] for r in results] == ["exit", "exit"]
    await beampy.sleep(0.1)
    assert [m for m in drain() if not isinstance(m, ExitMessage)] == []


@clean
async def test_async_stream_nolink_keeps_a_non_trapping_consumer_alive() -> None:
    sup = await start()

    async def work(x: Any) -> Any:
        if x == "bad":
            raise beampy.Exit("boom")
        return x

    results = await Task.Supervisor.async_stream_nolink(
        sup, [1, "bad", 3], work, zip_input_on_exit=True
    ).to_list()
    assert results == [("ok", 1), ("exit", ("bad", "boom")), ("ok", 3)]
    assert links() == [sup]


@clean
async def test_async_stream_kill_task_timeout_under_a_supervisor() -> None:
    sup = await start()

    async def maybe_slow(x: int) -> int:
        if x == 2:
            await beampy.sleep(math.inf)
        return x

    stream = Task.Supervisor.async_stream_nolink(
        sup, [1, 2, 3], maybe_slow, timeout=1.0, on_timeout="kill_task", ordered=False
    )
    assert await stream.to_list() == [("ok", 1), ("ok", 3), ("exit", "timeout")]
    await beampy.sleep(0.1)
    assert await Task.Supervisor.children(sup) == []


@clean
async def test_async_stream_bounded_by_max_concurrency_under_a_supervisor() -> None:
    sup = await start()
    running = 0
    peak = 0

    async def work(x: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await beampy.sleep(1.0)
        running -= 1
        return x

    results = await Task.Supervisor.async_stream(sup, range(10), work, max_concurrency=3).to_list()
    assert results == [("ok", x) for x in range(10)]
    assert peak == 3


@clean
async def test_async_stream_stopped_early_leaves_nothing_behind() -> None:
    sup = await start()
    for make in (Task.Supervisor.async_stream, Task.Supervisor.async_stream_nolink):
        async with make(sup, range(100), wait_for_go, max_concurrency=4) as stream:
            pass  # opened by nothing: nothing ran
        stream2 = make(sup, [1, 2, 3, 4, 5], lambda x: x, max_concurrency=2)
        async with stream2:
            async for result in stream2:
                assert result == ("ok", 1)
                break
        await beampy.sleep(0.1)
        assert await Task.Supervisor.children(sup) == []
        assert links() == [sup]
        assert monitors() == []
        assert drain() == []
        del stream


@clean
async def test_async_stream_max_children_stops_the_stream_and_raises() -> None:
    _, sup = await Task.Supervisor.start_link(max_children=2)
    stream = Task.Supervisor.async_stream(sup, range(4), wait_for_go, max_concurrency=3)
    with pytest.raises(RuntimeError, match="max_children"):
        await stream.to_list()
    await beampy.sleep(0.1)
    assert await Task.Supervisor.children(sup) == []
    assert links() == [sup]
    assert monitors() == []
    assert drain() == []


@clean
async def test_consumer_death_kills_linked_stream_tasks_and_spares_nolink_ones() -> None:
    sup = await start()
    me = beampy.self()

    async def announce(x: int) -> int:
        beampy.send(me, ("running", x, beampy.self()))
        await beampy.receive("go")
        return x

    async def consumer(nolink: bool) -> None:
        make = Task.Supervisor.async_stream_nolink if nolink else Task.Supervisor.async_stream
        await make(sup, [1], announce).to_list()

    for nolink, expected in [(False, "bye"), (True, None)]:
        pid = beampy.spawn(consumer, nolink)
        _, _, task = await assert_receive(("running", 1, ANY))
        ref = beampy.monitor(task)
        beampy.exit(pid, "bye")
        if expected is None:
            await refute_receive(DownMessage(ref, ANY, ANY))
            beampy.send(task, "go")
            await assert_receive(DownMessage(ref, task, "normal"))
        else:
            await assert_receive(DownMessage(ref, task, expected))
    await beampy.sleep(0.1)
    assert await Task.Supervisor.children(sup) == []


# -- bad input ----------------------------------------------------------------------------


@clean
async def test_bad_input_raises_typed_errors_and_starts_nothing() -> None:
    sup = await start()
    with pytest.raises(TypeError, match="fn must be a callable"):
        await Task.Supervisor.async_(sup, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fn must be a callable"):
        await Task.Supervisor.async_nolink(sup, "f")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fn must be a callable"):
        await Task.Supervisor.start_child(sup, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="server must be"):
        await Task.Supervisor.async_(42, forever)
    with pytest.raises(SpecError) as e:
        await Task.Supervisor.start_child(sup, forever, restart="always")  # type: ignore[arg-type]
    assert e.value.key == "restart"
    assert "'temporary', 'transient' or 'permanent'" in str(e.value)
    with pytest.raises(SpecError) as e:
        await Task.Supervisor.async_(sup, forever, shutdown=-1.0)
    assert e.value.key == "shutdown"
    with pytest.raises(SpecError):
        Task.Supervisor.async_stream(sup, [1], forever, shutdown="later")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_concurrency"):
        Task.Supervisor.async_stream(sup, [1], forever, max_concurrency=0)
    with pytest.raises(ValueError, match="on_timeout"):
        Task.Supervisor.async_stream_nolink(sup, [1], forever, on_timeout="kill")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="enumerable must be an iterable"):
        Task.Supervisor.async_stream(sup, 42, forever)
    with pytest.raises(TypeError, match="fn must be a callable"):
        Task.Supervisor.async_stream_nolink(sup, [1], 42)  # type: ignore[arg-type]
    assert await Task.Supervisor.children(sup) == []
