"""benchmarks/floor_supervisor.py: every restart and start completes and cleans up; the
bytecode counts are exact."""

import pytest

from benchmarks import floor_supervisor


def test_restarts_complete() -> None:
    assert floor_supervisor.restarts(500) > 0  # raises if a restart or a check failed
    assert not floor_supervisor.timers
    assert floor_supervisor.alive == 0


@pytest.mark.parametrize("call_timeout", [None, 5.0])
def test_dynsup_starts_complete(
    monkeypatch: pytest.MonkeyPatch, call_timeout: float | None
) -> None:
    monkeypatch.setattr(floor_supervisor, "call_timeout", call_timeout)
    start, stop = floor_supervisor.dynsup_starts(1000)
    assert start > 0
    assert stop > 0
    assert not floor_supervisor.timers
    assert floor_supervisor.alive == 0


def test_bytecodes_exact() -> None:
    assert floor_supervisor.bytecodes("restart", 200) == floor_supervisor.bytecodes("restart", 300)
    assert floor_supervisor.bytecodes("dynsup_start", 200) == floor_supervisor.bytecodes(
        "dynsup_start", 300
    )
