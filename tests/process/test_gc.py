"""The cyclic collector while a runtime runs: the young generation follows the live processes,
the thresholds are put back, an application's own choice is left alone, and an ended process
leaves no reference cycle behind (docs/differences.md, "Garbage collection")."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

import beampy
from beampy._core import _gc
from beampy._core._process import Proc
from tests.process.support import block_forever, run, settle

DEFAULTS = (_gc.DEFAULT_YOUNG, 10, 10)


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(*DEFAULTS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


async def _spawn_idle(n: int) -> list[beampy.Pid]:
    pids = [beampy.spawn(block_forever) for _ in range(n)]
    await settle()
    return pids


async def _kill_all(pids: list[beampy.Pid]) -> None:
    for pid in pids:
        beampy.exit(pid, "kill")
    await settle()


def test_the_young_threshold_follows_the_live_processes_and_is_put_back() -> None:
    async def main() -> list[tuple[int, int, int]]:
        seen = [gc.get_threshold()]
        pids = await _spawn_idle(3000)
        seen.append(gc.get_threshold())  # 3001 alive: the power of two above
        await _kill_all(pids)
        seen.append(gc.get_threshold())  # one alive again
        return seen

    assert run(main) == [DEFAULTS, (4096, 10, 10), DEFAULTS]
    assert gc.get_threshold() == DEFAULTS


def test_the_young_threshold_is_put_back_when_the_runtime_ends_with_processes_alive() -> None:
    async def main() -> tuple[int, int, int]:
        await _spawn_idle(5000)
        return gc.get_threshold()

    assert run(main) == (8192, 10, 10)
    assert gc.get_threshold() == DEFAULTS


def test_the_young_threshold_never_goes_above_the_cap() -> None:
    owner = object()
    assert _gc.attach(owner)
    try:
        _gc.want(owner, 10**7)
        assert gc.get_threshold() == (_gc.CAP, 10, 10)
    finally:
        _gc.detach(owner)
    assert gc.get_threshold() == DEFAULTS


def test_adapt_gc_false_never_touches_the_thresholds() -> None:
    async def main() -> tuple[int, int, int]:
        await _spawn_idle(3000)
        return gc.get_threshold()

    assert run(main, adapt_gc=False) == DEFAULTS


def test_thresholds_the_application_chose_are_left_alone() -> None:
    gc.set_threshold(1000, 5, 5)

    async def main() -> tuple[int, int, int]:
        await _spawn_idle(3000)
        return gc.get_threshold()

    assert run(main) == (1000, 5, 5)
    assert gc.get_threshold() == (1000, 5, 5)


def test_a_disabled_collector_is_left_alone() -> None:
    gc.disable()
    try:

        async def main() -> tuple[int, int, int]:
            await _spawn_idle(3000)
            return gc.get_threshold()

        assert run(main) == DEFAULTS
    finally:
        gc.enable()


def test_a_threshold_set_while_the_runtime_runs_is_the_applications_from_then_on() -> None:
    async def main() -> list[tuple[int, int, int]]:
        pids = await _spawn_idle(3000)
        gc.set_threshold(2000, 10, 10)  # the application's own choice
        pids += await _spawn_idle(6000)  # 9001 alive: beampy would want 16384
        seen = [gc.get_threshold()]
        await _kill_all(pids)
        seen.append(gc.get_threshold())
        return seen

    assert run(main) == [(2000, 10, 10), (2000, 10, 10)]
    assert gc.get_threshold() == (2000, 10, 10)


def test_runtimes_in_two_threads_get_the_larger_need_and_the_last_one_out_restores() -> None:
    counts = {"a": 20_000, "b": 3000}
    inside: dict[str, tuple[int, int, int]] = {}
    both_up = threading.Barrier(2)
    a_done = threading.Event()

    def thread(name: str) -> None:
        async def main() -> None:
            await _spawn_idle(counts[name])
            both_up.wait()
            if name == "a":
                inside["both"] = gc.get_threshold()
            else:
                a_done.wait()  # a has ended: b's need alone applies
                inside["b alone"] = gc.get_threshold()

        run(main)
        if name == "a":
            a_done.set()

    threads = [threading.Thread(target=thread, args=(n,)) for n in counts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert inside == {"both": (32768, 10, 10), "b alone": (4096, 10, 10)}
    assert gc.get_threshold() == DEFAULTS


def test_the_smaller_need_applies_when_the_larger_runtime_ends() -> None:
    a, b = object(), object()
    assert _gc.attach(a)
    try:
        assert _gc.attach(b)
        try:
            _gc.want(a, 20_000)
            _gc.want(b, 3000)
            assert gc.get_threshold()[0] == 32768
        finally:
            _gc.detach(a)
        assert gc.get_threshold()[0] == 4096
    finally:
        _gc.detach(b)
        _gc.detach(a)
    assert gc.get_threshold() == DEFAULTS


def test_an_ended_process_leaves_no_reference_cycle() -> None:
    """Its objects are freed by reference counting when it ends, not by a full collection."""

    async def ends() -> None:
        await beampy.receive()

    async def main() -> list[beampy.Pid]:
        pids = [beampy.spawn(ends) for _ in range(200)]
        for pid in pids:
            beampy.send(pid, "go")
        pids += [beampy.spawn(block_forever) for _ in range(200)]
        await settle()
        await _kill_all(pids[200:])
        return pids

    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        pids = set(run(main))
        gc.collect()
        # (the runtime's own objects, its first process among them, are collected with it)
        left = [o for o in gc.garbage if type(o) is Proc and o.pid in pids]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []


def test_adapt_gc_must_be_a_bool() -> None:
    async def main() -> None:
        pass

    with pytest.raises(TypeError, match=r"adapt_gc must be True or False; got 1"):
        beampy.run(main, adapt_gc=1)  # type: ignore[arg-type]


def test_nothing_changes_until_more_processes_live_than_the_default_threshold() -> None:
    owner = object()
    assert _gc.attach(owner)
    try:
        _gc.want(owner, _gc.DEFAULT_YOUNG)
        assert gc.get_threshold() == DEFAULTS
        _gc.want(owner, _gc.DEFAULT_YOUNG + 1)  # the power of two above the count
        assert gc.get_threshold()[0] == 1 << (_gc.DEFAULT_YOUNG + 1).bit_length()
    finally:
        _gc.detach(owner)
    assert gc.get_threshold() == DEFAULTS


def test_the_default_beampy_knows_is_this_interpreters_own() -> None:
    """A fresh interpreter's young threshold: what beampy takes for "the application chose
    nothing" (3.13 raised it to 2000; beampy compares against the right one)."""
    fresh = subprocess.run(
        [sys.executable, "-c", "import gc; print(gc.get_threshold()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(fresh.stdout) == _gc.DEFAULT_YOUNG


def test_the_applications_older_generation_thresholds_survive_the_runtime() -> None:
    async def main() -> None:
        await _spawn_idle(3000)
        young = gc.get_threshold()[0]
        gc.set_threshold(young, 50, 50)  # the application's own, while beampy's young applies
        await _spawn_idle(6000)

    run(main)
    assert gc.get_threshold()[1:] == (50, 50)
