"""Bad input to a behaviour's function raises a typed error naming *that* function.

The behaviours delegate to GenServer and the process layer; an error message that names
``GenServer.start_link()`` or ``beampy.receive()`` sends a user who called
``Supervisor.start_link()`` or ``assert_receive()`` to the wrong page.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import trio

import beampy
from beampy import Agent, DynamicSupervisor, NotInProcessError, Supervisor, Task
from beampy.testing import (
    assert_receive,
    assert_received,
    process_test,
    refute_receive,
    refute_received,
)


async def _raises(call: Callable[[], Awaitable[Any]], error: type[Exception], starts: str) -> None:
    with pytest.raises(error) as info:
        await call()
    assert str(info.value).startswith(starts), str(info.value)


@process_test
async def test_supervisor_functions_name_themselves() -> None:
    base = len(beampy.list())
    _, sup = await Supervisor.start_link([], strategy="one_for_one")
    _, dyn = await DynamicSupervisor.start_link(strategy="one_for_one")
    cases: list[tuple[Callable[[], Awaitable[Any]], type[Exception], str]] = [
        (lambda: Supervisor.stop(sup, "normal", -1), ValueError, "Supervisor.stop(): timeout"),
        (lambda: Supervisor.stop(42), TypeError, "Supervisor.stop()"),
        (
            lambda: Supervisor.start_link([], strategy="one_for_one", name=5),
            TypeError,
            "Supervisor.start_link(): name must be",
        ),
        (
            lambda: DynamicSupervisor.stop(dyn, "normal", "soon"),  # type: ignore[arg-type]
            TypeError,
            "DynamicSupervisor.stop(): timeout",
        ),
        (
            lambda: DynamicSupervisor.start_link(strategy="one_for_one", name=5),
            TypeError,
            "DynamicSupervisor.start_link(): name must be",
        ),
        (
            lambda: DynamicSupervisor.terminate_child(dyn, "some_id"),  # type: ignore[arg-type]
            TypeError,
            "DynamicSupervisor.terminate_child(): pid must be the Pid of a child",
        ),
        (
            lambda: Task.Supervisor.start_link(name=5),
            TypeError,
            "Task.Supervisor.start_link(): name must be",
        ),
        (
            lambda: Agent.start_link(dict, name=("global", "x")),
            NotImplementedError,
            "Agent.start_link(): ('global', 'x') is a global name",
        ),
        (lambda: Agent.start(dict, name=5), TypeError, "Agent.start(): name must be"),
    ]
    for call, error, starts in cases:
        await _raises(call, error, starts)
    # nothing was started by the refused calls, and the two supervisors still run
    assert len(beampy.list()) == base + 2  # the two supervisors


@process_test
async def test_await_many_and_yield_many_name_what_they_take() -> None:
    for call, starts in (
        (lambda: Task.await_many(5), "Task.await_many(): tasks must be an iterable"),  # type: ignore[arg-type]
        (lambda: Task.yield_many("ab"), "Task.yield_many(): tasks must be an iterable"),  # type: ignore[arg-type]
        (lambda: Task.await_many(Task.completed(1)), "Task.await_many(): tasks must be"),  # type: ignore[arg-type]
    ):
        await _raises(call, TypeError, starts)
    assert await Task.await_many(iter([Task.completed(1)])) == [1]  # any iterable of tasks

    class Old:  # iterable through __getitem__ only, Python's sequence protocol
        def __init__(self, tasks: list[Task]) -> None:
            self.tasks = tasks

        def __getitem__(self, i: int) -> Task:
            return self.tasks[i]

    assert await Task.await_many(Old([Task.completed(2)])) == [2]  # type: ignore[arg-type]


def test_run_names_itself_for_a_first_process_that_is_not_callable() -> None:
    with pytest.raises(TypeError, match=re.escape("run(): fn must be an async function")):
        beampy.run(5)  # type: ignore[arg-type]


def test_process_test_checks_its_seed_when_applied() -> None:
    with pytest.raises(TypeError, match=re.escape("process_test(): seed must be an int or None")):
        process_test(seed="x")  # type: ignore[call-overload]


async def test_testing_assertions_name_themselves_outside_a_process() -> None:
    # plain trio code (pytest-trio), not a process
    with pytest.raises(NotInProcessError, match=r"^assert_receive\(\): "):
        await assert_receive("x")
    with pytest.raises(NotInProcessError, match=r"^refute_receive\(\): "):
        await refute_receive("x")
    with pytest.raises(NotInProcessError, match=r"^assert_received\(\): "):
        assert_received("x")
    with pytest.raises(NotInProcessError, match=r"^refute_received\(\): "):
        refute_received("x")
    await trio.lowlevel.checkpoint()


@process_test
async def test_a_bad_child_spec_names_the_function_and_keeps_its_fields() -> None:
    from beampy.supervisor import SpecError

    bad = {"id": "w", "start": (print,), "restart": "sometimes"}
    _, dyn = await DynamicSupervisor.start_link(strategy="one_for_one")
    _, sup = await Supervisor.start_link([], strategy="one_for_one")
    for call, what in (
        (lambda: DynamicSupervisor.start_child(dyn, bad), "DynamicSupervisor.start_child()"),
        (lambda: Supervisor.start_child(sup, bad), "Supervisor.start_child()"),
        (lambda: Supervisor.start_link([bad], strategy="one_for_one"), "Supervisor.start_link()"),
    ):
        with pytest.raises(SpecError) as info:
            await call()
        assert str(info.value).startswith(f"{what}: 'restart' of child 'w' must be one of")
        e = info.value
        assert (e.key, e.value, e.child) == ("restart", "sometimes", "w")
    assert await DynamicSupervisor.which_children(dyn) == []
    assert await Supervisor.which_children(sup) == []


@process_test
async def test_spec_errors_found_by_the_supervisor_or_in_overrides_name_the_function() -> None:
    from beampy.supervisor import SpecError

    # (checked by the supervisor itself: its auto_shutdown is not known to the caller)
    _, sup = await Supervisor.start_link([], strategy="one_for_one")
    significant = {"id": 1, "start": (print,), "restart": "transient", "significant": True}
    with pytest.raises(SpecError, match=r"^Supervisor\.start_child\(\): 'significant'"):
        await Supervisor.start_child(sup, significant)
    assert await Supervisor.which_children(sup) == []
    for child_spec, what in (
        (Supervisor.child_spec, "Supervisor.child_spec()"),
        (DynamicSupervisor.child_spec, "DynamicSupervisor.child_spec()"),
        (Task.Supervisor.child_spec, "Task.Supervisor.child_spec()"),
    ):
        arg: Any = {"id": 1, "start": (print,)} if child_spec is Supervisor.child_spec else {}
        with pytest.raises(SpecError) as info:
            child_spec(arg, restrat="transient")
        assert str(info.value).startswith(f"{what}: unknown key"), str(info.value)
        assert (info.value.key, info.value.value) == ("restrat", "transient")
    with pytest.raises(SpecError, match=r"^Supervisor\.child_spec\(\): 'child' must be"):
        Supervisor.child_spec(5)
    with pytest.raises(SpecError, match=r"^DynamicSupervisor\.child_spec\(\): 'arg' must be"):
        DynamicSupervisor.child_spec(42)


async def test_a_mailbox_receive_timeout_of_zero_is_worded_as_receives(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        with pytest.raises(
            beampy.ReceiveTimeout, match=r"^Mailbox\.receive\(\) timed out after 0 seconds$"
        ):
            await mb.receive("never", timeout=0)
        with pytest.raises(beampy.ReceiveTimeout, match=r"after 0\.5 seconds$"):
            await mb.receive("never", timeout=0.5)


class _HandBuilt(Supervisor):
    def init(self, flags: Any) -> Any:
        return ("ok", (flags, []))


class _HandBuiltDyn(DynamicSupervisor):
    def init(self, flags: Any) -> Any:
        return ("ok", flags)


@process_test
async def test_hand_built_flags_refuse_unknown_keys_and_name_keys_as_written() -> None:
    # OTP ignores an unknown key; beampy refuses it, as for child specs: beampy's own
    # option names (max_restarts) would otherwise leave the default without a word
    from beampy.supervisor import SpecError

    beampy.flag("trap_exit", True)
    for start, flags, pattern in (
        (Supervisor.start_link, {"max_restarts": 10}, r"unknown key 'max_restarts'.*'intensity'"),
        (Supervisor.start_link, {"intensty": 3}, r"unknown key 'intensty'"),
        (Supervisor.start_link, {"intensity": 1.5}, r"'intensity' must be an int >= 0; got 1.5"),
        (Supervisor.start_link, ("one_for_one", 1, 0), r"'period' must be"),
        (DynamicSupervisor.start_link, {"max_seconds": 9}, r"'max_seconds'.*'period'"),
        (DynamicSupervisor.start_link, {"period": -1}, r"'period' must be"),
    ):
        module = _HandBuilt if start is Supervisor.start_link else _HandBuiltDyn
        r = await start(module, flags)
        assert r[0] == "error", r
        assert isinstance(r[1], SpecError), r
        assert re.search(pattern, str(r[1])), str(r[1])
        assert str(r[1]).startswith(f"{module.__module__}.{module.__qualname__}.init(): ")
