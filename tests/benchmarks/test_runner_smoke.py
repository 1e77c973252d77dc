"""The benchmark runner works end to end on beampy at smoke sizes.

This checks the protocol, not speed (speed goals live in benchmarks/ and are
measured side by side with the BEAM, never in tests): every beampy workload
(and the ping-pong written with receive patterns) runs in a fresh process,
prints JSON lines with the keys the tables need, and reports a clean stop of
every spawned process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"bench", "impl", "n", "seconds", "per_op_us", "peak_rss_mb"}


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
