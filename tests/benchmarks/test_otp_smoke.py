"""The supervisor and Task workloads run and pass their own checks at a tiny size.

Correctness only, not speed (the targets are measured side by side with the BEAM by
benchmarks/run.py, never in tests): each beampy script, each Python peer whose package is
installed, and each Elixir script (where ``elixir`` is on PATH; io_fanout's also with Erlang's
``:httpc`` in place of ``:gen_tcp``) runs once in a fresh process, prints its JSON lines, and
exits 0 (a wrong result exits non-zero).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"bench", "impl", "metric", "n", "seconds", "per_op_us", "peak_rss_mb"}

# bench: (n, the metrics it reports)
BENCHES = {
    "sup_restart": (30, {"first_1000", "batch", "all"}),
    "sup_start_stop": (30, {"start", "stop"}),
    "dynsup_start_stop": (30, {"start", "stop"}),
    "task_async_await": (50, {"pair"}),
    "task_await_many": (50, {"task"}),
    "async_stream": (300, {"item"}),
    "async_stream_unordered": (300, {"item"}),
    "io_fanout": (100, {"wall", "cpu"}),
}
# (impl, bench) of the Python peers, each with the package it needs
PEERS: dict[tuple[str, str], str] = {
    **{(impl, "task_async_await"): impl for impl in ("asyncio", "uvloop")},
    **{(impl, "task_await_many"): impl for impl in ("asyncio", "uvloop", "trio")},
    **{
        (impl, bench): impl
        for impl in ("asyncio", "uvloop", "trio", "aiometer")
        for bench in ("async_stream", "async_stream_unordered")
    },
    ("trio", "io_fanout"): "trio",
    ("aiohttp", "io_fanout"): "aiohttp",
    ("httpx", "io_fanout"): "httpx",
    ("aiometer", "io_fanout"): "aiometer",
}


def _args(bench: str) -> list[str]:
    """--n (and for io_fanout a max_concurrency of 10) at the smoke size."""
    return ["--n", str(BENCHES[bench][0]), *(["--procs", "10"] if bench == "io_fanout" else [])]


def _check(proc: subprocess.CompletedProcess[str], bench: str, impl: str) -> None:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(m.keys() >= REQUIRED for m in lines), lines
    assert {(m["bench"], m["impl"]) for m in lines} == {(bench, impl)}
    assert {m["metric"] for m in lines} == BENCHES[bench][1]
    assert all(m.get("all_stopped", True) is True for m in lines)


@pytest.mark.parametrize("bench", sorted(BENCHES))
def test_beampy_workload(bench: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            f"benchmarks.workloads.beampy.{bench}",
            *_args(bench),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    _check(proc, bench, "beampy")


@pytest.mark.parametrize(("impl", "bench"), sorted(PEERS))
def test_python_peer(impl: str, bench: str) -> None:
    if importlib.util.find_spec(PEERS[impl, bench]) is None:
        pytest.skip(f"{PEERS[impl, bench]} is not installed (benchmarks/requirements.txt)")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            f"benchmarks.workloads.{impl}.{bench}",
            *_args(bench),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    _check(proc, bench, impl)


#: the Elixir scripts run where `elixir` is on PATH (CI installs no Erlang: they are skipped there)
needs_elixir = pytest.mark.skipif(
    shutil.which("elixir") is None,
    reason="elixir is not on PATH (apt-get install -y elixir; CI installs no Erlang)",
)


@needs_elixir
@pytest.mark.parametrize("bench", sorted(BENCHES))
def test_beam_workload(bench: str) -> None:
    proc = subprocess.run(
        ["elixir", f"benchmarks/beam/{bench}.exs", "--impl", "beam", *_args(bench)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    _check(proc, bench, "beam")


# io_fanout.exs with Erlang's :httpc (keep-alive) in place of :gen_tcp, chosen by --impl: each
# implementation key benchmarks/run.py runs it as, with that key's emulator flags
BEAM_HTTPC = {"beam_httpc": [], "beam_s1_httpc": ["--erl", "+S 1:1"]}


@needs_elixir
@pytest.mark.parametrize("impl", sorted(BEAM_HTTPC))
def test_beam_io_fanout_with_httpc(impl: str) -> None:
    proc = subprocess.run(
        [
            "elixir",
            *BEAM_HTTPC[impl],
            "benchmarks/beam/io_fanout.exs",
            "--impl",
            impl,
            *_args("io_fanout"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the script also checks that the requests went over kept-alive httpc connections
    _check(proc, "io_fanout", impl)
