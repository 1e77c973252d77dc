"""Every Savina workload computes its checksum, in every implementation, at the smoke size.

A correctness check, never a timing: each implementation runs all twelve workloads once in a
fresh process (as ``make bench SUITE=savina SIZE=smoke`` does) and every iteration's checksum
must be the one ``benchmarks/savina/spec.py`` gives (from shared/benchmarks/SAVINA.md). The
Python peers are installed from PyPI on demand (pinned, ``benchmarks/requirements.txt``), as the
runner installs them; the BEAM runs when ``elixir`` is on PATH.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.savina import run as savina_run
from benchmarks.savina import spec

ROOT = Path(__file__).resolve().parents[2]
PYTHON_IMPLS = ["beampy", "trio_actor", "asyncio", "uvloop", "gevent", "pykka", "thespian"]
NEEDS = {"uvloop": "uvloop", "gevent": "gevent", "pykka": "pykka", "thespian": "thespian"}


@pytest.fixture(scope="module")
def installed_peers() -> set[str]:
    """The peers importable here, after one pinned pip install of any that were missing."""
    missing = [i for i, mod in NEEDS.items() if importlib.util.find_spec(mod) is None]
    if missing:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "-r",
                str(ROOT / "benchmarks" / "requirements.txt"),
            ],
            check=False,
            timeout=300,
            capture_output=True,
            text=True,
        )
        _PIP_SAID.append((proc.stdout + proc.stderr).strip()[-500:] or f"exit {proc.returncode}")
        importlib.invalidate_caches()
    return {i for i, mod in NEEDS.items() if importlib.util.find_spec(mod) is not None}


#: What the pinned pip install printed (its tail), so that a skip says why it could not install.
_PIP_SAID: list[str] = []


def run_lines(cmd: list[str]) -> list[dict[str, Any]]:
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def assert_all_checksums(lines: list[dict[str, Any]], impl: str) -> None:
    assert [m["bench"] for m in lines] == spec.BENCHES
    for m in lines:
        assert m["impl"] == impl
        assert m["size"] == "smoke"
        assert m["params"] == spec.params(m["bench"], "smoke")
        assert spec.verify(m["bench"], "smoke", m["check"]), (m["bench"], m["check"])
        assert m["ms"] > 0


@pytest.mark.parametrize("impl", PYTHON_IMPLS)
def test_python_implementation_checksums(impl: str, installed_peers: set[str]) -> None:
    if impl in NEEDS and impl not in installed_peers:
        pip = _PIP_SAID[-1] if _PIP_SAID else "no install was tried"
        pytest.skip(f"{NEEDS[impl]} could not be installed from PyPI here; pip said: {pip}")
    lines = run_lines(savina_run.command(impl, spec.BENCHES, "smoke", 1, 0.0))
    assert_all_checksums(lines, impl)
    assert all(m["ok"] is True for m in lines)


@pytest.mark.skipif(shutil.which("elixir") is None, reason="`elixir` is not on PATH")
@pytest.mark.parametrize("impl", ["beam_s1", "beam"])
def test_beam_checksums(impl: str) -> None:
    lines = run_lines(savina_run.command(impl, spec.BENCHES, "smoke", 1, 0.0))
    assert_all_checksums(lines, impl)


def test_a_wrong_checksum_is_caught() -> None:
    assert spec.verify("fib", "smoke", 610)
    assert not spec.verify("fib", "smoke", 611)
    assert not spec.verify("fib", "smoke", 610.0)  # an int checksum must be an int
    assert not spec.verify("dictionary", "smoke", [3572, 428, 65536, 0])
    assert spec.verify("trapezoid", "smoke", 0.2710807507351664 * (1 + 1e-12))
    assert not spec.verify("trapezoid", "smoke", 0.2710807507351664 * (1 + 1e-8))
    rec = {"bench": "bank", "size": "smoke", "check": 1}
    assert savina_run.check_record(rec) is False
    assert rec["ok"] is False


def test_runner_writes_results(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.savina.run",
            "threadring",
            "--size=smoke",
            "--impl=beampy",
            "--iters=2",
            "--no-install",
            "--no-plots",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    assert [m["iter"] for m in lines] == [1, 2]
    data = json.loads((tmp_path / "savina-smoke.json").read_text())
    assert data["summary"]["threadring"]["beampy"]["iters"] == 2
    assert "cpu" in data["machine"]
    assert "Thread Ring (#5)" in (tmp_path / "savina-smoke.md").read_text()
