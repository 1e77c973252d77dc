"""beampy.run (return/raise semantics, seeds) and open_runtime (embedding beampy in trio)."""

from __future__ import annotations

import gc
import math
from typing import Any

import pytest
import trio
import trio.testing

import beampy
from beampy import ANY, Exit, Pid
from tests.process.support import block_forever, exit_later, exit_with, run, settle

# -- beampy.run ----------------------------------------------------------------------------


def test_run_returns_the_value_of_main() -> None:
    async def main(a: int, b: int) -> tuple[int, str]:
        return a + b, "done"

    assert run(main, 2, 3) == (5, "done")


def test_run_returns_none_for_raise_exit_normal() -> None:
    async def main() -> str:
        raise Exit("normal")

    assert run(main) is None


def test_run_reraises_the_exception_that_crashed_main() -> None:
    raised: list[BaseException] = []

    async def main() -> None:
        exc = ZeroDivisionError("division by zero")
        raised.append(exc)
        raise exc

    with pytest.raises(ZeroDivisionError, match="division by zero") as info:
        run(main)
    assert info.value is raised[0]


@pytest.mark.parametrize("reason", ["boom", "shutdown", ("shutdown", "x"), ("tuple", 1), "kill"])
def test_run_raises_exit_with_the_reason_of_an_abnormal_exit(reason: Any) -> None:
    async def main() -> None:
        raise Exit(reason)

    with pytest.raises(Exit) as info:
        run(main)
    assert info.value.reason == reason


def test_run_raises_exit_killed_when_main_is_killed() -> None:
    async def main() -> None:
        beampy.exit(beampy.self(), "kill")

    with pytest.raises(Exit) as info:
        run(main)
    assert info.value.reason == "killed"


def test_run_raises_exit_with_a_linked_process_reason() -> None:
    async def main() -> None:
        beampy.spawn_link(exit_with, "linked_boom")
        await block_forever()

    with pytest.raises(Exit) as info:
        run(main)
    assert info.value.reason == "linked_boom"


@pytest.mark.parametrize("waiting_in", ["receive", "trio"])
def test_run_raises_the_crash_of_a_linked_process_that_killed_main(waiting_in: str) -> None:
    # the rule goes by main's exit reason: a crash's reason is its exception, so main
    # killed by a linked crash ends run with that exception (not Exit wrapping it)
    crashes: list[BaseException] = []

    async def crasher() -> None:
        crashes.append(ValueError("boom"))
        raise crashes[0]

    async def main() -> None:
        beampy.spawn_link(crasher)
        if waiting_in == "trio":
            await trio.sleep(math.inf)
        await block_forever()

    with pytest.raises(ValueError, match="boom") as info:
        run(main)
    assert info.value is crashes[0]


def test_run_kills_every_other_process_when_main_returns() -> None:
    cleanup: list[str] = []

    async def lingering() -> None:
        try:
            await beampy.sleep(math.inf)
        finally:
            cleanup.append("lingering")

    async def hosted_lingering() -> None:
        try:
            await trio.sleep_forever()
        finally:
            cleanup.append("hosted")

    async def main() -> str:
        beampy.spawn(lingering)
        beampy.spawn(hosted_lingering)
        await settle()
        return "main done"

    assert run(main) == "main done"
    assert sorted(cleanup) == ["hosted", "lingering"]


def test_run_with_a_non_callable_raises_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="42"):
        run(42)  # type: ignore[arg-type]


def test_run_with_a_sync_function_raises_type_error_naming_it() -> None:
    def sync_main() -> int:
        return 1

    with pytest.raises(TypeError, match="sync_main"):
        run(sync_main)  # type: ignore[arg-type]


def test_run_bad_options_raise() -> None:
    async def main() -> None:
        pass

    with pytest.raises(TypeError, match="seed"):
        beampy.run(main, seed="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="long_schedule"):
        beampy.run(main, long_schedule=0)


# -- seeds --------------------------------------------------------------------------------


async def _causal_program() -> list[Any]:
    """A program whose result depends only on causal order (so on no scheduling choice)."""

    async def worker(i: int, to: Pid) -> None:
        msg = await beampy.receive(("job", ANY))
        beampy.send(to, ("result", i, msg[1] * 2))
        if i % 2:
            raise Exit(("odd", i))

    me = beampy.self()
    refs = {}
    pids = []
    for i in range(8):
        pid, ref = beampy.spawn_monitor(worker, i, me)
        refs[ref] = i
        pids.append(pid)
    for i, pid in enumerate(pids):
        beampy.send(pid, ("job", i * 10))
    results = sorted([await beampy.receive(("result", ANY, ANY)) for _ in range(8)])
    downs = []
    for _ in range(8):
        d = await beampy.receive(beampy.DownMessage)
        downs.append((refs[d.ref], d.reason))
    return [results, sorted(downs)]


async def _racy_program() -> list[int]:
    """A program whose result shows the order in which runnable processes were picked."""
    order: list[int] = []

    async def worker(i: int) -> None:
        order.append(i)

    for i in range(10):
        beampy.spawn(worker, i)
    await settle()
    return order


def test_run_seeded_runs_give_the_same_observable_results() -> None:
    expected = run(_causal_program)
    assert expected[0] == [("result", i, i * 20) for i in range(8)]
    assert expected[1] == [(i, ("odd", i) if i % 2 else "normal") for i in range(8)]
    for seed in (1, 2, 3, 4, 5, 12345):
        assert run(_causal_program, seed=seed) == expected


def test_run_same_seed_gives_the_same_interleaving() -> None:
    assert run(_racy_program, seed=7) == run(_racy_program, seed=7)
    assert run(_racy_program) == list(range(10))  # unseeded: the run queue is FIFO


def test_run_seeds_actually_shuffle_the_run_queue() -> None:
    orders = {tuple(run(_racy_program, seed=seed)) for seed in range(6)}
    assert len(orders) > 1
    assert all(sorted(o) == list(range(10)) for o in orders)


# -- open_runtime: embedding in trio -----------------------------------------------------


def _count_tasks() -> int:
    count = 0
    root = trio.lowlevel.current_root_task()
    assert root is not None
    stack = [root]
    while stack:
        task = stack.pop()
        count += 1
        for nursery in task.child_nurseries:
            stack.extend(nursery.child_tasks)
    return count


async def _replier() -> None:
    sender, msg = await beampy.receive()
    beampy.send(sender, ("reply", msg))
    raise Exit(("replied", msg))


async def test_open_runtime_spawn_send_wait_exit_from_trio(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt:
        pid = rt.spawn(_replier)
        rt.send(pid, (pid, "hi"))  # the process replies to itself; its reply is dropped
        assert await rt.wait_exit(pid) == ("replied", "hi")
        assert await rt.wait_exit(pid) == "noproc"


async def test_open_runtime_module_functions_work_from_trio_code(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt:
        pid = beampy.spawn(block_forever)
        beampy.register(pid, "svc")
        assert beampy.whereis("svc") == pid
        assert beampy.registered() == ["svc"]
        assert beampy.send("svc", "x") == "x"
        assert beampy.info(pid, "message_queue_len") == 1
        assert beampy.list() == [pid]
        beampy.exit(pid, "from trio")
        assert await rt.wait_exit(pid) == "from trio"
        assert beampy.registered() == []


async def test_open_runtime_wait_exit_returns_the_crash_exception(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async def crasher() -> None:
        await beampy.sleep(1)
        raise KeyError("k")

    async with beampy.open_runtime() as rt:
        reason = await rt.wait_exit(rt.spawn(crasher))
        assert type(reason) is KeyError
        assert reason.args == ("k",)


async def test_open_runtime_spawn_options(autojump_clock: trio.testing.MockClock) -> None:
    async with beampy.open_runtime() as rt:
        pid = rt.spawn(block_forever, priority="high", hosted=True)
        assert beampy.info(pid, "priority") == "high"
        assert beampy.info(pid, "hosted") is True
        assert beampy.info(pid, "parent") is None


async def test_open_runtime_leaving_kills_every_process_and_runs_their_finally(
    autojump_clock: trio.testing.MockClock,
) -> None:
    cleanup: list[str] = []
    reasons: list[Any] = []

    async def light() -> None:
        try:
            await beampy.receive("never")
        finally:
            cleanup.append("light")

    async def hosted() -> None:
        try:
            await trio.sleep_forever()
        finally:
            cleanup.append("hosted")

    async with trio.open_nursery() as outer, beampy.open_runtime() as rt:
        for fn in (light, hosted, exit_later):
            pid = rt.spawn(fn, "late") if fn is exit_later else rt.spawn(fn)

            async def watch(p: Pid = pid) -> None:
                reasons.append(await rt.wait_exit(p))

            outer.start_soon(watch)
        await trio.testing.wait_all_tasks_blocked()
    assert sorted(cleanup) == ["hosted", "light"]
    assert reasons == ["killed", "killed", "killed"]
    stats = rt.statistics()
    assert (stats.processes, stats.registered, stats.timers, stats.carriers) == (0, 0, 0, 0)


async def test_open_runtime_leaves_no_trio_task_behind(
    autojump_clock: trio.testing.MockClock,
) -> None:
    before = _count_tasks()
    async with beampy.open_runtime() as rt:
        for _ in range(5):
            rt.spawn(block_forever)
            rt.spawn(_trio_forever)
        await trio.testing.wait_all_tasks_blocked()
        assert _count_tasks() > before
    assert _count_tasks() == before


async def _trio_forever() -> None:
    await trio.sleep_forever()


async def test_open_runtime_cancelled_from_outside_still_cleans_up(
    autojump_clock: trio.testing.MockClock,
) -> None:
    before = _count_tasks()
    cleanup: list[str] = []

    async def worker() -> None:
        try:
            await beampy.sleep(math.inf)
        finally:
            cleanup.append("worker")

    with trio.move_on_after(5) as scope:
        async with beampy.open_runtime() as rt:
            rt.spawn(worker)
            rt.spawn(_trio_forever)
            await trio.sleep(100)
    assert scope.cancelled_caught
    assert cleanup == ["worker"]
    assert rt.statistics().processes == 0
    assert _count_tasks() == before


async def test_open_runtime_a_process_killed_at_shutdown_cannot_spawn_from_finally(
    autojump_clock: trio.testing.MockClock,
) -> None:
    attempts: list[str] = []

    async def respawner() -> None:
        try:
            await block_forever()
        finally:
            try:
                beampy.spawn(block_forever)
            except beampy.ExitSignal as e:
                attempts.append(e.reason)
                raise

    before = _count_tasks()
    async with beampy.open_runtime() as rt:
        rt.spawn(respawner)
        await trio.testing.wait_all_tasks_blocked()
    assert attempts == ["killed"]
    assert rt.statistics().processes == 0
    assert rt.statistics().spawned == 1
    assert _count_tasks() == before


async def test_open_runtime_statistics_snapshot(autojump_clock: trio.testing.MockClock) -> None:
    async with beampy.open_runtime() as rt:
        a = rt.spawn(block_forever)
        rt.spawn(block_forever)
        beampy.register(a, "a")
        await trio.testing.wait_all_tasks_blocked()
        stats = rt.statistics()
        assert (stats.processes, stats.registered, stats.spawned, stats.runnable) == (2, 1, 2, 0)
        assert stats.timers == 0
        beampy.exit(a, "bye")
        await rt.wait_exit(a)
        stats = rt.statistics()
        assert (stats.processes, stats.registered, stats.spawned) == (1, 0, 2)


async def test_open_runtime_body_exception_propagates_unwrapped(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # The runtime's nursery is an implementation detail: an error raised by the user's own
    # code inside the block should come out as it is (trio issue #2929 on "inner nurseries").
    cleanup: list[str] = []

    async def worker() -> None:
        try:
            await block_forever()
        finally:
            cleanup.append("worker")

    async def use_runtime_then_fail() -> None:
        async with beampy.open_runtime() as rt:
            rt.spawn(worker)
            await trio.testing.wait_all_tasks_blocked()
            raise LookupError("user error")

    with pytest.raises(LookupError, match="user error"):
        await use_runtime_then_fail()
    assert cleanup == ["worker"]


async def test_open_runtime_two_runtimes_are_independent(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt1, beampy.open_runtime() as rt2:
        a = rt1.spawn(block_forever)
        b = rt2.spawn(block_forever)
        assert a != b
        assert rt1.statistics().processes == 1
        assert rt2.statistics().processes == 1
        beampy.exit(a, "x")
        assert await rt1.wait_exit(a) == "x"
        assert beampy.is_alive(b) is True


async def test_open_runtime_from_inside_a_process_trio_code_waits_for_exits(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async def waiter(rt: Any, target: Pid, to: Pid) -> None:
        beampy.send(to, ("waited", await rt.wait_exit(target)))

    async with beampy.open_runtime() as rt:
        target = rt.spawn(exit_later, "bye", 2.0)
        reporter = rt.spawn(block_forever)
        w = rt.spawn(waiter, rt, target, reporter)
        assert await rt.wait_exit(w) == "normal"
        assert beampy.info(reporter, "messages") == [("waited", "bye")]


async def test_open_runtime_spawn_after_the_block_is_refused(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # Like trio's closed nursery ("closed to new arrivals"): a closed runtime cannot run a new
    # process, so it must not hand out a pid that never runs and never exits.
    async def spawn_after_close() -> tuple[str, int]:
        async with beampy.open_runtime() as rt:
            pass
        try:
            rt.spawn(block_forever)
        except RuntimeError:
            outcome = "refused"
        else:
            outcome = "accepted"
        return outcome, rt.statistics().processes

    result = await spawn_after_close()
    # a zombie process's never-awaited coroutine is collected here, not in some later test
    gc.collect()
    assert result == ("refused", 0)
