"""Priorities: max and high run before normal; low and normal share a queue, where a low process
runs the 8th time it reaches the head (the BEAM's rule), so it runs at once only when nothing
normal is runnable."""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from tests.process.support import run, settle


async def _log_once(log: list[str], name: str) -> None:
    log.append(name)


async def _log_loop(log: list[str], name: str, n: int) -> None:
    for _ in range(n):
        log.append(name)
        await beampy.yield_()


def test_spawn_priority_order_max_high_normal_low() -> None:
    async def main() -> list[str]:
        log: list[str] = []
        for prio in ("normal", "low", "high", "max", "normal", "high"):
            beampy.spawn(_log_once, log, prio, priority=prio)
        await settle()
        return log

    assert run(main) == ["max", "high", "high", "normal", "normal", "low"]


def test_priority_high_process_runs_again_before_waiting_normal_ones() -> None:
    async def main() -> str:
        log: list[str] = []
        beampy.spawn(_log_loop, log, "n", 3)
        beampy.spawn(_log_loop, log, "H", 3, priority="high")
        await settle()
        return "".join(log)

    assert run(main) == "HHHnnn"


def test_priority_max_runs_before_high() -> None:
    async def main() -> str:
        log: list[str] = []
        beampy.spawn(_log_loop, log, "h", 2, priority="high")
        beampy.spawn(_log_loop, log, "M", 2, priority="max")
        await settle()
        return "".join(log)

    assert run(main) == "MMhh"


def test_priority_low_runs_at_its_eighth_pass_at_the_head_of_the_queue() -> None:
    """The trace the BEAM printed (``elixir --erl "+S 1"``, the same spawns, each loop turn
    logging its tag and calling ``:erlang.yield()``): with three normal processes a low one
    runs once per 8 rounds of them, 24 normal turns, not once per 8 normal turns."""

    async def main() -> str:
        log: list[str] = []
        beampy.spawn(_log_loop, log, "L", 5, priority="low")
        for _ in range(3):
            beampy.spawn(_log_loop, log, "N", 20)
        await settle()
        return "".join(log)

    got = run(main)
    assert got == "N" * 21 + "L" + "N" * 24 + "L" + "N" * 15 + "LLL"


@pytest.mark.parametrize(
    ("low", "normal", "beam"),
    [
        # the BEAM (+S 1): low ones spawned first, then the normal ones, all at once
        (1, 1, "nnnnnnnL" + "nnnnnnnnL" * 6 + "nnnnn" + "L" * 23),
        (1, 2, "n" * 14 + "L" + ("n" * 16 + "L") * 6 + "nnn"),
        (2, 1, "nnnnnnnLM" + "nnnnnnnnLM" * 6 + "nnnnn" + "LM" * 23),
    ],
)
def test_priority_low_interleaving_matches_the_beam(low: int, normal: int, beam: str) -> None:
    async def main() -> str:
        log: list[str] = []
        beampy.flag("priority", "max")  # spawn them all before any runs
        for k in range(low):
            beampy.spawn(_log_loop, log, "LM"[k], 30, priority="low")
        for _ in range(normal):
            beampy.spawn(_log_loop, log, "n", 60)
        beampy.flag("priority", "low")
        await settle()
        return "".join(log)

    got = run(main)
    assert got[: len(beam)] == beam


def test_priority_low_runs_at_once_when_nothing_normal_is_runnable() -> None:
    async def main() -> str:
        log: list[str] = []
        beampy.spawn(_log_loop, log, "L", 3, priority="low")
        await settle()
        return "".join(log)

    assert run(main) == "LLL"


def test_flag_priority_returns_old_value_and_moves_the_caller() -> None:
    async def main() -> tuple[list[Any], str]:
        log: list[str] = []
        olds: list[Any] = []
        beampy.spawn(_log_loop, log, "n", 1)
        olds.append(beampy.flag("priority", "high"))
        await beampy.yield_()
        log.append("main-high")
        olds.append(beampy.flag("priority", "low"))
        beampy.spawn(_log_loop, log, "n", 1)
        await beampy.yield_()
        log.append("main-low")
        olds.append(beampy.flag("priority", "normal"))
        return olds, ",".join(log)

    olds, log = run(main)
    assert olds == ["normal", "high", "low"]
    # high: main runs on before the runnable normal process; low: the normal ones go first
    assert log == "main-high,n,n,main-low"


@pytest.mark.parametrize("prio", ["low", "normal", "high", "max"])
def test_spawn_priority_is_reported_by_info(prio: str) -> None:
    async def main() -> Any:
        pid = beampy.spawn(settle, priority=prio)  # type: ignore[arg-type]
        return beampy.info(pid, "priority")

    assert run(main) == prio


def test_flag_priority_unknown_value_raises_value_error_naming_it() -> None:
    async def main() -> str:
        with pytest.raises(ValueError, match="'urgent'"):
            beampy.flag("priority", "urgent")  # type: ignore[call-overload]
        return beampy.info(beampy.self(), "priority")  # type: ignore[no-any-return]

    assert run(main) == "normal"
