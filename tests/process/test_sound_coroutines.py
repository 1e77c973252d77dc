"""beampy's awaitables behave like coroutines, and spawn takes what trio takes.

A forgotten ``await`` on ``receive``/``sleep``/``yield_`` gets Python's "never awaited"
RuntimeWarning.  ``spawn`` accepts any callable that returns a coroutine (a lambda, a partial,
beampy's own ``sleep``), and a call that fails with a wrong number of arguments crashes the
child with that TypeError instead of raising in the spawner.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any

import pytest
import trio

import beampy
from beampy import Pid
from tests.process.support import down_reason, drain, run

_FORGOTTEN: dict[str, Callable[[], Any]] = {
    "receive": lambda: beampy.receive(),
    "sleep": lambda: beampy.sleep(1),
    "yield_": lambda: beampy.yield_(),
}


def _forget(holder: list[Any]) -> None:
    holder.clear()
    gc.collect()


@pytest.mark.parametrize("name", list(_FORGOTTEN))
def test_forgotten_await_warns_never_awaited(name: str) -> None:
    async def main() -> None:
        holder = [_FORGOTTEN[name]()]  # called, never awaited
        with pytest.warns(RuntimeWarning, match="never awaited"):
            _forget(holder)

    run(main)


async def _worker(n: int, to: Pid) -> int:
    beampy.send(to, ("worker ran with", n))
    return n


@pytest.mark.parametrize(
    "make_args",
    [
        pytest.param(lambda me: (lambda: _worker(1, me),), id="lambda"),
        pytest.param(lambda me: (functools.partial(_worker, 1, me),), id="partial"),
    ],
)
def test_spawn_accepts_a_callable_returning_a_coroutine(
    make_args: Callable[[Pid], tuple[Any, ...]],
) -> None:
    async def main() -> tuple[Any, list[Any]]:
        _, ref = beampy.spawn_monitor(*make_args(beampy.self()))
        return await down_reason(ref), drain()

    assert run(main) == ("normal", [("worker ran with", 1)])


def test_spawn_accepts_beampy_sleep() -> None:
    async def main() -> tuple[Any, float]:
        start = trio.current_time()
        _, ref = beampy.spawn_monitor(beampy.sleep, 1)
        return await down_reason(ref), trio.current_time() - start

    assert run(main) == ("normal", 1.0)


async def _needs_one(n: int) -> int:
    return n


def test_spawn_with_wrong_number_of_arguments_crashes_the_child_with_type_error() -> None:
    async def main() -> tuple[str, Any]:
        try:
            _, ref = beampy.spawn_monitor(_needs_one)
        except TypeError as e:
            return "raised in the spawner", e
        return "child exited", await down_reason(ref)

    where, reason = run(main)
    assert where == "child exited"
    assert type(reason) is TypeError
    assert "_needs_one" in str(reason)
