"""Differential conformance: every beampy port prints the trace the real BEAM recorded.

For each ``scenarios/NNN_name.exs`` (run on Erlang/OTP 25 + Elixir 1.14 by ``record.sh``, which
wrote ``NNN_name.expected``) there is a port ``NNN_name.py`` defining
``async def main(T: Trace) -> None``. Each port runs as the first process of
``beampy.run`` under trio's autojump MockClock (so timeouts cost no real time) with the run queue
in its natural order and shuffled by several seeds: a correct runtime prints the same trace under
every seed, as the BEAM promises only causal order. The trace must equal the recording byte for
byte; a mismatch fails with a unified diff.

These tests are synchronous on purpose: ``beampy.run`` starts its own trio loop.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import threading
from pathlib import Path
from types import ModuleType

import pytest
import structlog
import trio
import trio.testing

import beampy
from tests.conformance.support.trace import Trace

HERE = Path(__file__).parent
SCENARIOS = HERE / "scenarios"
SEEDS = (None, 1, 2, 3, 4)


def _ports() -> list[Path]:
    """Ports that have a recording to compare with."""
    return sorted(py for py in SCENARIOS.glob("[0-9]*.py") if py.with_suffix(".expected").is_file())


def _load(path: Path) -> ModuleType:
    # Port files start with digits, so they are loaded by path rather than imported by name.
    spec = importlib.util.spec_from_file_location(f"beampy_conformance_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_port(path: Path, seed: int | None) -> str:
    """Runs the port at ``path`` once and returns its trace (plus a note if main crashed)."""
    main = _load(path).main
    out = io.StringIO()
    threads_before = set(threading.enumerate())
    # structlog output (crash reports...) must not reach the trace; capture_logs also keeps it
    # out of the test output.
    with structlog.testing.capture_logs():
        try:
            result = beampy.run(
                main, Trace(out), clock=trio.testing.MockClock(autojump_threshold=0), seed=seed
            )
        except BaseException as exc:  # a crash of main is a finding: show it in the diff
            if isinstance(exc, KeyboardInterrupt):
                raise
            out.write(f"!! main crashed: {exc!r}\n")
        else:
            # beampy.run returning means the runtime stopped every process and trio task it
            # started; main itself returns nothing.
            assert result is None, f"main returned {result!r}"
    # by identity, not by count: a thread that was there before (an idle worker of trio's
    # thread cache, which ends on its own after a while) may end during the run
    left = set(threading.enumerate()) - threads_before
    assert not left, f"the run left a thread behind: {left}"
    return out.getvalue()


def _compare(expected_file: Path, got: str, what: str) -> None:
    expected = expected_file.read_text()
    if got != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                got.splitlines(keepends=True),
                fromfile=f"{expected_file.name} (BEAM)",
                tofile=f"{what} (beampy)",
            )
        )
        pytest.fail(f"trace differs from the BEAM's:\n{diff}", pytrace=False)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed={s}")
@pytest.mark.parametrize("port", _ports(), ids=lambda p: p.stem)
def test_port_matches_beam(port: Path, seed: int | None) -> None:
    _compare(port.with_suffix(".expected"), run_port(port, seed), f"{port.name} seed={seed}")


@pytest.mark.parametrize("port", _ports(), ids=lambda p: p.stem)
def test_port_trace_ends_with_done(port: Path) -> None:
    lines = run_port(port, None).splitlines()
    assert lines, "the port printed nothing"
    assert lines[-1] == "done", f"main did not finish; last line: {lines[-1]!r}"


def test_every_scenario_has_port_and_recording() -> None:
    scripts = sorted(SCENARIOS.glob("*.exs"))
    assert scripts, "no scenarios found"
    missing = [
        f"{exs.stem}: no {suffix}"
        for exs in scripts
        for suffix in (".py", ".expected")
        if not exs.with_suffix(suffix).is_file()
    ]
    assert not missing, "\n".join(missing)
    strays = [py.name for py in SCENARIOS.glob("*.py") if not py.with_suffix(".exs").is_file()]
    assert not strays, f"ports without an Elixir scenario: {strays}"


def test_recordings_end_with_done() -> None:
    bad = [
        exp.name
        for exp in sorted(SCENARIOS.glob("*.expected"))
        if exp.read_text().splitlines()[-1:] != ["done"]
    ]
    assert not bad, f"recordings whose BEAM run did not finish: {bad}"


def test_rendering_matches_beam() -> None:
    """The Python renderer prints the fixture terms exactly as the BEAM's inspect does."""
    fixture = HERE / "support" / "render_cases.py"
    _compare(fixture.with_suffix(".expected"), run_port(fixture, None), fixture.name)
