"""The benchmark runner works end to end on beampy at smoke sizes.

This checks the protocol, not speed (speed goals live in benchmarks/ and are
measured side by side with the BEAM, never in tests): every beampy workload
(and the ping-pong written with receive patterns) runs in a fresh process,
prints JSON lines with the keys the tables need, and reports a clean stop of
every spawned process. The GenServer workloads' request/reply in the Python
peers, and their Elixir scripts (where elixir is installed), run at a tiny size
and pass their own checks. The BEAM's io_fanout with ``:httpc`` is wired in as io_fanout only.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import run as bench_run

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"bench", "impl", "n", "seconds", "per_op_us", "peak_rss_mb"}
# the OTP layer's workloads (results/genserver.md)
GENSERVER_BENCHES = {
    "genserver_call",
    "genserver_call_queued",
    "genserver_cast",
    "agent_update",
    "genserver_call_hosted",
}
# the supervisors and Task (results/supervisor.md and task.md; also test_otp_smoke.py)
OTP_BENCHES = {
    "sup_restart",
    "sup_start_stop",
    "dynsup_start_stop",
    "task_async_await",
    "task_await_many",
    "async_stream",
    "async_stream_unordered",
    "io_fanout",
}


def test_quick_run_of_every_beampy_workload(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--quick",
            "--impl",
            "beampy,beampy_patterns",
            "--no-install",
            "--no-docs",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the runner passes every measurement through as one JSON line on its stdout
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    beampy_lines = [m for m in lines if m.get("impl") == "beampy"]
    benches = {m["bench"] for m in beampy_lines}
    assert benches == {
        "spawn",
        "ping_pong",
        "hosted_server",
        "ring",
        "fan_out",
        "selective_receive",
        "fairness",
        *GENSERVER_BENCHES,
        *OTP_BENCHES,
    }
    for m in beampy_lines:
        assert m.keys() >= REQUIRED, m
        assert m["seconds"] > 0
    # the ping-pong that receives by pattern runs beside the plain one
    by_pattern = [m for m in lines if m.get("impl") == "beampy_patterns"]
    assert [m["bench"] for m in by_pattern] == ["ping_pong"]
    assert by_pattern[0].keys() >= REQUIRED
    # the server that awaited trio once was on a host, and is timed beside the plain one
    hosted = {m["metric"]: m for m in beampy_lines if m["bench"] == "hosted_server"}
    assert hosted.keys() == {"plain", "touched_trio"}
    assert hosted["touched_trio"]["hosted_after_trio"] is True
    stops = [m for m in beampy_lines if m["bench"] == "spawn" and m.get("metric") == "stop"]
    assert stops
    assert all(m["all_stopped"] is True for m in stops)
    # the OTP workloads check their own counts (a failed check exits non-zero); their metrics
    metrics = {(m["bench"], m["metric"]) for m in beampy_lines if m["bench"] in GENSERVER_BENCHES}
    assert metrics == {
        ("genserver_call", "call"),
        ("genserver_call_queued", "empty"),
        ("genserver_call_queued", "queued"),
        ("genserver_cast", "cast"),
        ("agent_update", "update"),
        ("agent_update", "get"),
        ("genserver_call_hosted", "plain"),
        ("genserver_call_hosted", "touched_trio"),
    }
    queued = [m for m in beampy_lines if m["bench"] == "genserver_call_queued"]
    assert {m["queued"] for m in queued} == {0, 1_000}
    assert all(m["n"] == 2_000 for m in queued)
    gs_hosted = {m["metric"]: m for m in beampy_lines if m["bench"] == "genserver_call_hosted"}
    assert gs_hosted["touched_trio"]["hosted_after_trio"] is True


# genserver_call's request/reply in the Python peers, each with the package it needs
PEERS = {
    "trio_actor": "trio",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
    "pykka": "pykka",
    "thespian": "thespian",
}


@pytest.mark.parametrize("impl", sorted(PEERS))
def test_genserver_call_peer_answers_every_request(impl: str) -> None:
    if importlib.util.find_spec(PEERS[impl]) is None:
        pytest.skip(f"{PEERS[impl]} is not installed (benchmarks/requirements.txt)")
    module = f"benchmarks.workloads.{impl}.genserver_call"
    proc = subprocess.run(
        [sys.executable, "-m", module, "--n", "50"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the script checks its own count (the last reply is n) and exits non-zero if it is wrong
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [m] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert m.keys() >= REQUIRED
    assert (m["bench"], m["impl"], m["metric"], m["n"]) == ("genserver_call", impl, "call", 50)


@pytest.mark.skipif(shutil.which("elixir") is None, reason="elixir is not installed")
@pytest.mark.parametrize("bench", sorted(GENSERVER_BENCHES))
def test_genserver_workload_on_the_beam(bench: str) -> None:
    proc = subprocess.run(
        ["elixir", f"benchmarks/beam/{bench}.exs", "--impl", "beam", "--n", "50", "--queued", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert lines
    assert all(m.keys() >= REQUIRED and m["bench"] == bench for m in lines)


def test_httpc_rows_are_the_beam_io_fanout_with_its_flags() -> None:
    """beam_s1_httpc and beam_httpc: io_fanout.exs at the gen_tcp rows' sizes, by --impl."""
    httpc = {"beam_s1_httpc": "beam_s1", "beam_httpc": "beam"}
    cases = [c for c in bench_run.CASES if c.impl in httpc]
    assert {c.bench for c in cases} == {"io_fanout"}
    for impl, gen_tcp in httpc.items():
        sizes = [(c.full, c.quick) for c in cases if c.impl == impl]
        assert sizes == [
            (c.full, c.quick)
            for c in bench_run.CASES
            if c.bench == "io_fanout" and c.impl == gen_tcp
        ]
        assert bench_run.BEAM_IMPLS[impl] == bench_run.BEAM_IMPLS[gen_tcp]
    for c in cases:
        cmd = bench_run.command(c, {"n": 10, "procs": 2})
        flags = ["--erl", "+S 1:1"] if c.impl == "beam_s1_httpc" else []
        script = str(ROOT / "benchmarks" / "beam" / "io_fanout.exs")
        assert cmd == ["elixir", *flags, script, f"--impl={c.impl}", "--n=10", "--procs=2"]


@pytest.mark.parametrize(
    ("argv", "rewrites_docs"),
    [
        (["fairness", "--impl", "beampy"], False),
        (["fairness"], False),
        (["--impl", "beampy"], False),
        ([], True),
        (["--no-docs"], False),
    ],
)
def test_only_a_full_run_rewrites_the_benchmarks_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], rewrites_docs: bool
) -> None:
    # a subset rewrote docs/benchmarks.md with its own machine in the page's machine table
    # (and dropped what was not in the page's text); nothing is measured or written here
    written: list[tuple[str, bool]] = []
    monkeypatch.setattr(bench_run, "run_cases", lambda *args: ([], []))
    machine = {"date": "now", "load average at start": "0 0 0"}
    monkeypatch.setattr(bench_run, "machine_info", lambda impls: machine)
    monkeypatch.setattr(
        bench_run,
        "write_results",
        lambda out, name, data, machine, docs: written.append((name, docs)),
    )
    monkeypatch.setattr(bench_run, "REPO", tmp_path)
    monkeypatch.setattr(bench_run, "RAW", tmp_path / "raw")
    assert bench_run.main([*argv, "--runs", "1", "--no-install"]) == 0
    assert ("process_layer", rewrites_docs) in written
    assert all(not docs for name, docs in written if name != "process_layer")
