"""Task: every function, its exits, its bookkeeping, and bad input.

The conformance scenarios 101-141 check the traces the BEAM prints; these tests check
what a trace cannot show: typed errors, exact exit terms with beampy's values, the
process dictionary a task keeps, logs, trio I/O inside tasks and cancellation. Every
test body is a process on trio's autojump MockClock (``process_test``), so waits cost
no real time and no ordering depends on the wall clock; ``leftovers="fail"`` makes a
test fail if anything it started is still running at its end.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import ANY, DownMessage, ExitMessage, Task
from beampy.testing import assert_receive, process_test, refute_receive
from tests.process.support import drain, run

clean = process_test(leftovers="fail")


def double(x: int) -> int:
    return x * 2


async def slow_double(x: int, delay: float = 1.0) -> int:
    await beampy.sleep(delay)
    return x * 2


async def wait_for_go(value: Any = "done") -> Any:
    await beampy.receive("go")
    return value


async def forever() -> None:
    await beampy.sleep(math.inf)


async def crash() -> None:
    raise RuntimeError("boom")


def monitors() -> list[Any]:
    return list(beampy.info(beampy.self(), "monitors"))


def links() -> list[Any]:
    return list(beampy.info(beampy.self(), "links"))


# -- async_ and await_ ---------------------------------------------------------------


@clean
async def test_async_await_returns_the_value_and_cleans_up() -> None:
    task = Task.async_(slow_double, 21)
    assert task.pid in links()
    assert len(monitors()) == 1
    assert task.owner == beampy.self()
    assert await Task.await_(task) == 42
    assert monitors() == []
    await beampy.sleep(1)  # the task's DOWN would have arrived by now
    assert drain() == []


@clean
async def test_async_runs_a_plain_function_and_keeps_the_struct_fields() -> None:
    task = Task.async_(double, 4)
    assert task.mfa == (__name__, "double", 1)
    assert task == Task(task.pid, task.ref, task.owner, task.mfa)
    assert await Task.await_(task) == 8


@clean
async def test_the_reply_is_a_message_tagged_with_the_ref() -> None:
    task = Task.async_(double, 5)
    # what a GenServer that starts tasks receives in handle_info
    assert await assert_receive((task.ref, ANY)) == (task.ref, 10)
    await assert_receive(DownMessage(task.ref, task.pid, "normal"))


@clean
async def test_a_task_records_callers_ancestors_and_initial_call() -> None:
    main = beampy.self()

    async def outer() -> Any:
        inner = Task.async_(lambda: (beampy.get("$callers"), beampy.get("$ancestors")))
        return (beampy.self(), await Task.await_(inner), beampy.get("$initial_call"))

    outer_pid, (inner_callers, inner_ancestors), initial = await Task.await_(Task.async_(outer))
    assert inner_callers == [outer_pid, main]
    assert inner_ancestors[:2] == [outer_pid, main]
    assert initial[1].endswith("outer")


@clean
async def test_an_async_task_is_sent_nothing_it_gets_what_it_runs_as_arguments() -> None:
    # docs/differences.md: Elixir's Task.async sends its task a message that Process.info
    # shows until the task runs; beampy's task is sent nothing and runs the same
    task = Task.async_(double, 4)
    assert task.pid is not None
    assert beampy.info(task.pid, "messages") == []
    assert beampy.info(task.pid, "dictionary") == []  # it has not run yet
    assert await Task.await_(task) == 8


@clean
async def test_await_timeout_exits_with_the_beam_shape_and_drops_the_late_reply() -> None:
    task = Task.async_(wait_for_go, "late")
    with pytest.raises(beampy.Exit) as e:
        await Task.await_(task, 0.5)
    assert e.value.reason == ("timeout", ("Task", "await", (task, 0.5)))
    assert task.pid is not None
    beampy.send(task.pid, "go")
    await refute_receive((task.ref, ANY))
    assert drain() == []


@clean
async def test_await_accepts_infinity_and_ints() -> None:
    assert await Task.await_(Task.async_(slow_double, 1, 100.0), math.inf) == 2
    assert await Task.await_(Task.async_(double, 1), 1) == 2


@clean
async def test_await_exits_with_the_tasks_reason_when_it_dies_first() -> None:
    beampy.flag("trap_exit", True)
    task = Task.async_(crash)
    with pytest.raises(beampy.Exit) as e, structlog.testing.capture_logs():
        await Task.await_(task)
    reason, mfa = e.value.reason
    assert isinstance(reason, RuntimeError)
    assert mfa == ("Task", "await", (task, 5.0))
    exit_msg = await assert_receive(ExitMessage(task.pid, ANY))
    assert exit_msg.reason is reason


def test_a_crashing_task_kills_a_caller_that_does_not_trap() -> None:
    async def main() -> Any:
        async def caller() -> None:
            await Task.await_(Task.async_(crash))

        pid, ref = beampy.spawn_monitor(caller)
        return (await beampy.receive(DownMessage(ref, pid, ANY))).reason

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    assert isinstance(reason, RuntimeError)
    report = next(e for e in logs if e["event"] == "task_terminating")
    assert report["reason"] is reason
    assert report["function"] is crash
    assert report["args"] == ()


@clean
async def test_quiet_exits_are_not_reported() -> None:
    beampy.flag("trap_exit", True)  # "shutdown" travels over the link
    with structlog.testing.capture_logs() as logs:
        for reason in ("normal", "shutdown", ("shutdown", "bye")):

            async def quit(r: Any = reason) -> None:
                raise beampy.Exit(r)

            assert await Task.yield_(Task.async_(quit)) == ("exit", reason)
    assert [e for e in logs if e["event"] == "task_terminating"] == []


@clean
async def test_await_twice_is_a_typed_error() -> None:
    task = Task.async_(double, 1)
    await Task.await_(task)
    with pytest.raises(ValueError, match="already read"):
        await Task.await_(task)
    with pytest.raises(ValueError, match="already read"):
        await Task.yield_(task)
    with pytest.raises(ValueError, match="already read"):
        await Task.await_many([task])


@clean
async def test_only_the_owner_may_read_a_task() -> None:
    task = Task.async_(wait_for_go)
    me = beampy.self()

    async def other() -> None:
        for call in (Task.await_, Task.yield_, Task.shutdown):
            try:
                await call(task)
            except ValueError as e:
                beampy.send(me, ("raised", str(e)))
        try:
            Task.ignore(task)
        except ValueError as e:
            beampy.send(me, ("raised", str(e)))

    beampy.spawn(other)
    for _ in range(4):
        _, text = await assert_receive(("raised", ANY))
        assert "must be queried from its owner" in text
    assert task.pid is not None
    beampy.send(task.pid, "go")
    assert await Task.await_(task) == "done"


async def _numbers(n: int) -> Any:
    yield n


@clean
async def test_an_async_generator_function_is_refused_as_a_task_function() -> None:
    """Its result would be an async generator that no one iterates; it came back as the
    task's result (found by a docs audit)."""
    for start in (Task.async_, Task.start, Task.start_link):
        with pytest.raises(TypeError, match="is an async generator function"):
            start(_numbers, 1)
    with pytest.raises(TypeError, match="is an async generator function"):
        Task.async_stream([1], _numbers)
    with pytest.raises(TypeError, match="is an async generator function"):
        Task.async_(functools.partial(_numbers, 1))

    class Numbers:
        async def numbers(self, n: int) -> Any:
            yield n

    with pytest.raises(TypeError, match="is an async generator function"):
        Task.async_(Numbers().numbers, 1)
    # a function that returns an async generator on purpose is a plain function
    task = Task.async_(lambda: _numbers(2))
    result = await Task.await_(task)
    assert [n async for n in result] == [2]


@clean
async def test_bad_arguments_are_typed_errors() -> None:
    with pytest.raises(TypeError, match="fn must be a callable"):
        Task.async_(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fn must be a callable"):
        Task.start("f")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a Task"):
        await Task.await_("task")  # type: ignore[arg-type]
    task = Task.async_(double, 1)
    bad_timeouts: list[tuple[Any, type[Exception]]] = [
        ("5", TypeError),
        (True, TypeError),
        (-1, ValueError),
        (math.nan, ValueError),
    ]
    for bad, error in bad_timeouts:
        with pytest.raises(error, match=r"timeout must be a number of seconds >= 0 or math\.inf"):
            await Task.await_(task, bad)
    with pytest.raises(TypeError, match="'brutal_kill'"):
        await Task.shutdown(task, "now")  # type: ignore[arg-type]
    assert await Task.await_(task) == 2


def test_async_outside_a_process_is_refused() -> None:
    async def main() -> None:
        async with beampy.open_runtime():
            Task.async_(double, 1)

    with pytest.raises(beampy.NotInProcessError):
        trio.run(main)


# -- await_many ----------------------------------------------------------------------


@clean
async def test_await_many_returns_results_in_input_order() -> None:
    tasks = [Task.async_(slow_double, n, 3.0 - n) for n in range(3)]
    assert await Task.await_many(tasks) == [0, 2, 4]
    assert await Task.await_many([]) == []
    assert monitors() == []
    await beampy.sleep(1)
    assert drain() == []


@clean
async def test_await_many_exits_on_timeout_with_the_task_list() -> None:
    tasks = [Task.async_(double, 1), Task.async_(forever)]
    with pytest.raises(beampy.Exit) as e:
        await Task.await_many(tasks, 0.5)
    assert e.value.reason == ("timeout", ("Task", "await_many", (tasks, 0.5)))
    assert monitors() == []
    assert await Task.shutdown(tasks[1], "brutal_kill") is None
    assert drain() == []


@clean
async def test_await_many_exits_at_the_first_death() -> None:
    beampy.flag("trap_exit", True)

    async def quit() -> None:
        await beampy.sleep(1)
        raise beampy.Exit("gone")

    tasks = [Task.async_(forever), Task.async_(quit)]
    with pytest.raises(beampy.Exit) as e:
        await Task.await_many(tasks, math.inf)
    assert e.value.reason == ("gone", ("Task", "await_many", (tasks, math.inf)))
    await Task.shutdown(tasks[0])
    await assert_receive(ExitMessage(tasks[1].pid, "gone"))


# -- yield_ and yield_many -----------------------------------------------------------


@clean
async def test_yield_returns_none_until_the_result_is_there() -> None:
    task = Task.async_(wait_for_go, "v")
    assert await Task.yield_(task, 0) is None
    assert await Task.yield_(task, 1.0) is None
    assert task.pid is not None
    beampy.send(task.pid, "go")
    assert await Task.yield_(task, math.inf) == ("ok", "v")
    with pytest.raises(ValueError, match="already read"):
        await Task.yield_(task)


@clean
async def test_yield_reports_a_normal_exit() -> None:
    async def quit() -> None:
        raise beampy.Exit("normal")

    assert await Task.yield_(Task.async_(quit)) == ("exit", "normal")


@clean
async def test_yield_many_reads_a_task_listed_twice_twice() -> None:
    # As Elixir reads the list in order: the reply comes once, to the first entry; the
    # second waits for one more until the timeout and is None (await_many, by contrast,
    # gives the reply to both)
    task = Task.async_(slow_double, 2, 1.0)
    started = trio.current_time()
    got = await Task.yield_many([task, task], 3.0)
    assert got == [(task, ("ok", 4)), (task, None)]
    assert trio.current_time() - started == pytest.approx(3.0)
    again = Task.async_(slow_double, 3, 1.0)
    assert await Task.await_many([again, again], 3.0) == [6, 6]


@clean
async def test_yield_many_with_a_limit_returns_early_without_on_timeout() -> None:
    tasks = [Task.async_(slow_double, 1, 1.0), Task.async_(forever), Task.async_(forever)]
    started = trio.current_time()
    got = await Task.yield_many(tasks, 10.0, limit=1, on_timeout="kill_task")
    assert trio.current_time() - started == pytest.approx(1.0)
    assert got == [(tasks[0], ("ok", 2)), (tasks[1], None), (tasks[2], None)]
    for task in tasks[1:]:
        assert task.pid is not None
        assert beampy.is_alive(task.pid)  # a limit is not a timeout: nothing killed
        assert await Task.shutdown(task, "brutal_kill") is None


@clean
async def test_yield_many_on_timeout_options() -> None:
    nothing = [Task.async_(forever)]
    assert await Task.yield_many(nothing, 0.1) == [(nothing[0], None)]
    assert await Task.yield_many(nothing, 0.1) == [(nothing[0], None)]  # still readable

    killed = [Task.async_(double, 1), Task.async_(forever)]
    assert killed[1].pid is not None
    ref = beampy.monitor(killed[1].pid)
    got = await Task.yield_many(killed, 0.1, on_timeout="kill_task")
    assert got == [(killed[0], ("ok", 2)), (killed[1], None)]
    await assert_receive(DownMessage(ref, ANY, "killed"))

    ignored = [Task.async_(wait_for_go, "late")]
    assert await Task.yield_many(ignored, 0.1, on_timeout="ignore") == [(ignored[0], None)]
    assert ignored[0].pid is not None
    assert ignored[0].pid not in links()
    beampy.send(ignored[0].pid, "go")
    await refute_receive((ignored[0].ref, ANY))

    await Task.shutdown(nothing[0], "brutal_kill")
    assert monitors() == []


@clean
async def test_yield_many_bad_options() -> None:
    task = Task.async_(double, 1)
    with pytest.raises(ValueError, match="on_timeout must be 'nothing', 'ignore' or 'kill_task'"):
        await Task.yield_many([task], on_timeout="exit")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit must be None or an int >= 1"):
        await Task.yield_many([task], limit=0)
    with pytest.raises(TypeError, match="limit must be None or an int >= 1"):
        await Task.yield_many([task], limit="1")  # type: ignore[arg-type]
    assert await Task.await_(task) == 2


# -- shutdown and ignore -------------------------------------------------------------


@clean
async def test_shutdown_stops_the_task_without_touching_the_caller() -> None:
    task = Task.async_(forever)
    assert task.pid is not None
    ref = beampy.monitor(task.pid)
    assert await Task.shutdown(task) is None
    await assert_receive(DownMessage(ref, ANY, "shutdown"))
    assert links() == []
    assert monitors() == []


@clean
async def test_shutdown_reaps_a_reply_that_came_meanwhile() -> None:
    task = Task.async_(double, 3)
    await beampy.sleep(1)
    assert await Task.shutdown(task, "brutal_kill") == ("ok", 6)
    assert drain() == []


@clean
async def test_shutdown_kills_a_task_that_outlives_its_timeout() -> None:
    async def stubborn() -> None:
        beampy.flag("trap_exit", True)
        await beampy.sleep(math.inf)

    task = Task.async_(stubborn)
    await beampy.sleep(0)
    started = trio.current_time()
    assert await Task.shutdown(task, 2.0) == ("exit", "killed")
    assert trio.current_time() - started == pytest.approx(2.0)


@clean
async def test_shutdown_of_a_completed_task_and_of_a_dead_one() -> None:
    assert await Task.shutdown(Task.completed("x")) == ("ok", "x")
    task = Task.async_(double, 1)
    with pytest.raises(beampy.Exit):
        await Task.await_(task, 0)
    await beampy.sleep(1)  # it replied to an alias that is gone and ended
    assert await Task.shutdown(task) == ("exit", "noproc")


@clean
async def test_killing_a_task_blocked_in_trio_io_ends_it_at_once() -> None:
    async def fetch() -> None:
        try:
            await trio.sleep_forever()  # stands for a socket read
        finally:
            closed.append(True)

    closed: list[bool] = []
    task = Task.async_(fetch)
    await beampy.sleep(1)
    assert task.pid is not None
    assert beampy.info(task.pid, "hosted")
    started = trio.current_time()
    assert await Task.shutdown(task, "brutal_kill") is None
    assert trio.current_time() == started
    assert closed == [True]


@clean
async def test_ignore_lets_the_task_run_unlinked_and_drops_its_reply() -> None:
    task = Task.async_(wait_for_go)
    assert Task.ignore(task) is None
    assert links() == []
    assert monitors() == []
    assert task.pid is not None
    beampy.send(task.pid, "go")
    await refute_receive(ANY)
    done = Task.async_(double, 2)
    await beampy.sleep(1)
    assert Task.ignore(done) == ("ok", 4)
    with pytest.raises(ValueError, match="already read"):
        await Task.await_(done)


# -- start, start_link, completed ----------------------------------------------------


@clean
async def test_start_is_not_linked_and_records_its_callers() -> None:
    me = beampy.self()
    ok, pid = Task.start(lambda: beampy.send(me, ("callers", beampy.get("$callers"))))
    assert ok == "ok"
    assert pid not in links()
    assert await assert_receive(("callers", ANY)) == ("callers", [me])


@clean
async def test_start_link_links_and_runs_async_functions() -> None:
    me = beampy.self()

    async def report() -> None:
        await beampy.sleep(1)
        beampy.send(me, ("initial", beampy.get("$initial_call")))

    _, pid = Task.start_link(report)
    assert pid in links()
    _, initial = await assert_receive(("initial", ANY), timeout=2.0)
    assert initial[1].endswith("report")
    assert initial[2] == 0


def test_start_link_crash_kills_the_caller() -> None:
    async def main() -> Any:
        async def caller() -> None:
            Task.start_link(crash)
            await beampy.sleep(math.inf)

        pid, ref = beampy.spawn_monitor(caller)
        return (await beampy.receive(DownMessage(ref, pid, ANY))).reason

    with structlog.testing.capture_logs():
        assert isinstance(run(main), RuntimeError)


@clean
async def test_completed_is_awaitable_with_no_process() -> None:
    task = Task.completed("v")
    assert task.pid is None
    assert task.mfa == ("Task", "completed", 1)
    assert await Task.await_many([task, Task.completed("w")]) == ["v", "w"]
    assert drain() == []


# -- deadlines -----------------------------------------------------------------------


async def with_timeout(fn: Any, timeout: float) -> tuple[str, Any]:
    """The seeds' with_timeout: yield, or shut down and report a timeout."""
    task = Task.async_(fn)
    match await Task.yield_(task, timeout) or await Task.shutdown(task):
        case ("ok", result):
            return ("ok", result)
        case ("exit", reason):
            return ("error", reason)
        case _:
            return ("error", "timeout")


@clean
async def test_cascading_deadline_gives_each_step_what_is_left() -> None:
    deadline = trio.current_time() + 10.0
    steps = {"dns": 3.0, "whois": 4.0, "certs": 5.0}
    got: dict[str, Any] = {}
    for name, cost in steps.items():
        remaining = deadline - trio.current_time()
        if remaining <= 0:
            got[name] = ("error", "deadline_exceeded")
            continue

        async def step(cost: float = cost, name: str = name) -> str:
            await beampy.sleep(cost)
            return name

        got[name] = await with_timeout(step, min(remaining, 15.0))
    assert got == {"dns": ("ok", "dns"), "whois": ("ok", "whois"), "certs": ("error", "timeout")}
    assert trio.current_time() == pytest.approx(deadline)


@clean
async def test_trio_move_on_at_around_await_leaves_the_task_readable() -> None:
    task = Task.async_(slow_double, 5, 3.0)
    with trio.move_on_at(trio.current_time() + 1.0) as scope:
        await Task.await_(task, math.inf)
    assert scope.cancelled_caught
    assert await Task.await_(task) == 10


# -- no preemption: a plain function that overruns its deadline (docs/differences.md) --


def _hold_the_cpu(seconds: float, value: Any) -> Any:
    """A plain function that holds the scheduler for ``seconds`` of (mock) time."""
    trio.lowlevel.current_clock().jump(seconds)  # type: ignore[attr-defined]
    return value


@clean
async def test_a_plain_function_past_its_deadline_still_gives_its_result() -> None:
    # the deadline passes while the plain function holds the CPU; its reply is sent before
    # the timer can be looked at, and the message wins (the BEAM, preemptive, exits timeout)
    t0 = trio.current_time()
    assert await Task.await_(Task.async_(_hold_the_cpu, 1.0, "late"), 0.1) == "late"
    assert trio.current_time() - t0 == pytest.approx(1.0)
    for on_timeout in ("exit", "kill_task"):
        stream = Task.async_stream([1.0], _hold_the_cpu, "late", timeout=0.1, on_timeout=on_timeout)
        assert await stream.to_list() == [("ok", "late")]


@clean
async def test_a_task_that_awaits_is_timed_out_on_time() -> None:
    # the rule's other half: an async def that sleeps past its deadline is killed at it
    t0 = trio.current_time()
    stream = Task.async_stream([1.0], slow_double, timeout=0.1, on_timeout="kill_task")
    assert await stream.to_list() == [("exit", "timeout")]
    assert trio.current_time() - t0 == pytest.approx(0.1)


@clean
async def test_a_raised_exit_is_an_exception_and_an_exit_signal_is_not() -> None:
    # docs/differences.md, "Raised exits are exceptions": `except Exception` takes the
    # await's timeout exit (Elixir's rescue would not); an exit signal is a BaseException
    task = Task.async_(slow_double, 1, 10.0)
    caught: list[Exception] = []
    try:
        await Task.await_(task, 0.5)
    except Exception as e:
        caught.append(e)
    assert [type(e) for e in caught] == [beampy.Exit]
    assert caught[0].args[0] == ("timeout", ("Task", "await", (task, 0.5)))
    assert not issubclass(beampy.ExitSignal, Exception)
    assert issubclass(beampy.ExitSignal, BaseException)
    await Task.shutdown(task, "brutal_kill")


async def _raises_exit_signal(reason: Any) -> None:
    raise beampy.ExitSignal(reason)


@clean
async def test_a_task_raising_an_exit_signal_itself_is_reported_as_for_exit() -> None:
    # as the runtime reports it (a process no signal killed, raising an ExitSignal): the
    # Task layer's task_terminating too, not skipped as for a killed task
    _, sup = await Task.Supervisor.start_link()
    with structlog.testing.capture_logs() as logs:
        task = await Task.Supervisor.async_nolink(sup, _raises_exit_signal, "boom")
        assert await Task.yield_(task, 1.0) == ("exit", "boom")
        killed = await Task.Supervisor.async_nolink(sup, forever)
        await Task.shutdown(killed, "brutal_kill")
    events = sorted(e["event"] for e in logs if e.get("reason") == "boom")
    assert events == ["process_crashed", "supervisor_child_terminated", "task_terminating"]
    assert [e for e in logs if e["event"] == "task_terminating" and e["reason"] != "boom"] == []


# -- a task as a supervisor's child (Task.child_spec) --------------------------------------


async def _reports_then_waits(to: beampy.Pid, tag: str) -> None:
    beampy.send(to, (tag, beampy.self()))
    await beampy.receive("go")


def test_a_task_child_runs_once_and_the_supervisor_forgets_it_when_it_ends() -> None:
    # audit: (Task, fn) was refused ("Task has no child_spec(arg)"); Elixir's
    # Task.child_spec/1 is {id: Task, start: {Task, :start_link, [fn]}, restart: :temporary}
    async def main() -> tuple[Any, Any, Any, Any]:
        me = beampy.self()
        spec = beampy.Supervisor.child_spec((Task, (_reports_then_waits, me, "t")))
        _, sup = await beampy.Supervisor.start_link([spec], strategy="one_for_one")
        _, pid = await beampy.receive(("t", ANY))
        running = await beampy.Supervisor.which_children(sup)
        ref = beampy.monitor(pid)
        beampy.send(pid, "go")
        await beampy.receive(DownMessage(ref, ANY, ANY))
        after = await beampy.Supervisor.count_children(sup)
        await beampy.Supervisor.stop(sup)
        return spec, running, pid, after

    spec, running, pid, after = run(main)
    assert spec["id"] is Task
    assert spec["restart"] == "temporary"
    assert spec["start"] == (Task.start_link, _reports_then_waits, spec["start"][2], "t")
    assert running == [(Task, pid, "worker", [Task])]
    assert after == {"specs": 0, "active": 0, "supervisors": 0, "workers": 0}


async def _fails_once(to: beampy.Pid, failed: list[bool]) -> None:
    beampy.send(to, ("ran", beampy.self()))
    if not failed:
        failed.append(True)
        raise RuntimeError("first run fails")


def test_a_transient_task_child_is_run_again_until_it_succeeds() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        spec = beampy.Supervisor.child_spec((Task, (_fails_once, me, [])), restart="transient")
        _, sup = await beampy.Supervisor.start_link([spec], strategy="one_for_one")
        pids = [(await beampy.receive(("ran", ANY)))[1] for _ in range(2)]
        await beampy.Supervisor.stop(sup)
        return pids

    with structlog.testing.capture_logs():
        pids = run(main)
    assert len(set(pids)) == 2


@pytest.mark.parametrize("arg", [5, (), ("not callable",)], ids=repr)
def test_task_child_spec_rejects_what_cannot_run(arg: Any) -> None:
    with pytest.raises(TypeError, match=r"Task.child_spec\(\)"):
        Task.child_spec(arg)
