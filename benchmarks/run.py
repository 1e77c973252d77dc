#!/usr/bin/env python3
"""Run beampy's benchmark suite side by side with the BEAM and the Python actor libraries.

    benchmarks/run.py [BENCH ...] [--impl X[,Y]] [--runs 5] [--quick]

Every (workload, implementation, size) runs ``--runs`` times, each in a fresh OS process
(``python -m benchmarks.workloads.<impl>.<bench>`` or ``elixir benchmarks/beam/<bench>.exs``),
which prints one JSON line per measurement. The runner echoes those lines to stdout, keeps them
in ``benchmarks/results/raw/``, and writes medians with min and max, the machine, and the
beampy targets to ``benchmarks/results/<name>.md`` and ``.json`` and (full runs) a summary to
``docs/benchmarks.md``. Runs of a subset are merged into the existing results file: the rows
of the (workload, implementation) pairs just run are replaced, the others kept.

Missing pieces are installed on demand: Elixir with apt-get, the Python peers with pip from
``benchmarks/requirements.txt`` into the running interpreter's environment.

To add a workload (the Savina ones, say): write ``benchmarks/workloads/<impl>/<bench>.py`` and
``benchmarks/beam/<bench>.exs`` printing the same JSON lines, then add its sizes to ``CASES``.
The OTP workloads (``genserver_*``, ``agent_update``) go to ``results/genserver.md``, the others
to ``results/process_layer.md`` (``_report.SUITE``); only the latter rewrites docs/benchmarks.md,
which keeps the sections marked ``<!-- kept: NAME -->`` that were written by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import _report  # noqa: E402  (run as a script: the repo root goes first)

BENCH_DIR = REPO / "benchmarks"
RESULTS = BENCH_DIR / "results"
RAW = RESULTS / "raw"
DOCS = REPO / "docs" / "benchmarks.md"
REQUIREMENTS = BENCH_DIR / "requirements.txt"
CONSTRAINTS = REPO / ".ci" / "constraints.txt"

# each BEAM implementation's emulator flags; every one runs benchmarks/beam/<bench>.exs with
# --impl=<it>: the *_httpc ones are io_fanout with Erlang's :httpc instead of :gen_tcp
BEAM_IMPLS = {"beam_s1": "+S 1:1", "beam": "", "beam_s1_httpc": "+S 1:1", "beam_httpc": ""}
PEER_MODULES = {  # what each Python implementation imports beyond the standard library
    "beampy": ["beampy"],
    "beampy_patterns": ["beampy"],
    "trio_actor": ["trio"],
    "asyncio": [],
    "uvloop": ["uvloop"],
    "gevent": ["gevent"],
    "pykka": ["pykka"],
    "thespian": ["thespian"],
    "trio": ["trio"],
    "aiometer": ["aiometer", "httpx"],
    "aiohttp": ["aiohttp", "uvloop"],
    "httpx": ["httpx"],
}
IMPLS = _report.IMPL_ORDER
BENCHES = _report.BENCH_ORDER

Args = dict[str, int]


@dataclass(frozen=True)
class Case:
    """One (workload, implementation, size): run ``--runs`` times in fresh processes."""

    bench: str
    impl: str
    full: Args
    quick: Args | None = None  # the --quick size; None: not run with --quick
    big_memory: bool = False  # pre-touch memory before each run (see _pretouch)

    def args(self, quick: bool) -> Args:
        if quick:
            assert self.quick is not None, "a case without a quick size is not run with --quick"
            return self.quick
        return self.full


def _cases() -> list[Case]:
    fast = ["beampy", "beam_s1", "beam"]
    tasks = ["trio_actor", "asyncio", "uvloop", "gevent", "thespian"]
    cases: list[Case] = []

    def add(
        bench: str, impls: Sequence[str], full: Args, quick: Args | None, big: bool = False
    ) -> None:
        cases.extend(Case(bench, impl, full, quick, big) for impl in impls)

    q_spawn = {"n": 2_000, "samples": 500}
    add("spawn", fast, {"n": 100_000}, q_spawn)
    add("spawn", fast, {"n": 1_000_000}, None, big=True)
    add("spawn", tasks, {"n": 100_000}, q_spawn)
    add("spawn", ["pykka"], {"n": 10_000, "samples": 1_000}, {"n": 200, "samples": 100})

    # beampy_patterns: the same ping-pong receiving by pattern, run beside the plain one
    add(
        "ping_pong",
        ["beampy", "beampy_patterns", "beam_s1", "beam"],
        {"n": 1_000_000},
        {"n": 2_000},
    )
    add("ping_pong", tasks, {"n": 100_000}, {"n": 2_000})

    # beampy only (a server that awaited trio once, beside one that never did); the BEAM does
    # the plain server, for reference
    add("hosted_server", fast, {"n": 1_000_000}, {"n": 2_000})
    add("ping_pong", ["pykka"], {"n": 10_000}, {"n": 500})

    add("ring", fast, {"n": 1_000_000, "procs": 10_000}, {"n": 2_000, "procs": 100})
    add("ring", tasks, {"n": 100_000, "procs": 10_000}, {"n": 2_000, "procs": 100})
    add("ring", ["pykka"], {"n": 10_000, "procs": 10_000}, {"n": 500, "procs": 100})

    add("fan_out", fast, {"n": 1_000_000}, {"n": 10_000})
    add("fan_out", ["trio_actor", "asyncio", "uvloop", "gevent"], {"n": 1_000_000}, {"n": 10_000})
    add("fan_out", ["pykka", "thespian"], {"n": 100_000}, {"n": 2_000})

    add("selective_receive", fast, {"n": 100_000, "queued": 10_000}, {"n": 200, "queued": 1_000})
    add(
        "selective_receive",
        ["trio_actor"],
        {"n": 1_000, "queued": 10_000},
        {"n": 50, "queued": 1_000},
    )

    add("fairness", ["beampy"], {"n": 300}, {"n": 10})

    # the OTP layer (results/genserver.md): request/reply peers on genserver_call only
    q_gs = {"n": 2_000}
    add("genserver_call", fast, {"n": 200_000}, q_gs)
    add("genserver_call", ["trio_actor", "asyncio", "uvloop"], {"n": 200_000}, q_gs)
    add("genserver_call", ["pykka", "thespian"], {"n": 20_000}, {"n": 200})
    add(
        "genserver_call_queued",
        fast,
        {"n": 200_000, "queued": 10_000},
        {"n": 2_000, "queued": 1_000},
    )
    add("genserver_cast", fast, {"n": 200_000}, q_gs)
    add("agent_update", fast, {"n": 200_000}, q_gs)
    add("genserver_call_hosted", fast, {"n": 200_000}, q_gs)

    # the supervisors (results/supervisor.md)
    add("sup_restart", fast, {"n": 10_000}, {"n": 200})
    add("sup_start_stop", fast, {"n": 10_000}, {"n": 200})
    add("dynsup_start_stop", fast, {"n": 100_000}, {"n": 200})

    # Task (results/task.md); the peers: asyncio/uvloop tasks, a trio nursery, aiometer
    q_task = {"n": 500}
    add("task_async_await", [*fast, "asyncio", "uvloop"], {"n": 100_000}, q_task)
    add("task_await_many", [*fast, "trio", "asyncio", "uvloop"], {"n": 10_000}, q_task)
    streams = [*fast, "trio", "asyncio", "uvloop", "aiometer"]
    add("async_stream", streams, {"n": 100_000}, q_task)
    add("async_stream_unordered", streams, {"n": 100_000}, q_task)
    # a local HTTP server in its own process, 10 ms per answer; httpx (alone on trio, and
    # under aiometer.amap on asyncio) at 100 only (its pool costs milliseconds of CPU per
    # request at 1,000: minutes per run); the BEAM with :gen_tcp (beam_s1, beam) and with
    # :httpc (keep-alive, a session per slot)
    q_io = {"n": 200, "procs": 20}
    io = [*fast, "beam_s1_httpc", "beam_httpc", "trio", "aiohttp"]
    add("io_fanout", [*io, "httpx", "aiometer"], {"n": 10_000, "procs": 100}, q_io)
    add("io_fanout", io, {"n": 20_000, "procs": 1_000}, None)
    return cases


CASES = _cases()


# ---------------------------------------------------------------------------------------------
# installing what is missing


def _log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def ensure_elixir() -> bool:
    """Install Elixir (and so Erlang/OTP) from Debian's packages if ``elixir`` is missing."""
    if shutil.which("elixir"):
        return True
    _log("elixir not found: installing it with apt-get (Debian's erlang + elixir packages)")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "elixir"]):
        if subprocess.run(sudo + cmd, env=env, check=False).returncode != 0:
            _log(f"  failed: {' '.join(sudo + cmd)}")
            return False
    return shutil.which("elixir") is not None


def ensure_python_peers(impls: Sequence[str]) -> set[str]:
    """pip-install ``requirements.txt`` if a selected peer's package is missing.

    Returns the implementations that still cannot be imported.
    """

    def missing() -> set[str]:
        return {
            impl
            for impl in impls
            for mod in PEER_MODULES.get(impl, [])
            if importlib.util.find_spec(mod) is None
        }

    todo = missing() - {"beampy", "beampy_patterns"}
    if todo:
        _log(f"installing the Python peers for {sorted(todo)} from {REQUIREMENTS.name}")
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
        if CONSTRAINTS.exists():
            cmd += ["-c", str(CONSTRAINTS)]
        if subprocess.run(cmd, check=False).returncode != 0:
            _log("  pip install failed")
        importlib.invalidate_caches()
    return missing()


# ---------------------------------------------------------------------------------------------
# the machine


def _run_text(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


# AMD's families by microarchitecture (family numbers in decimal, as /proc/cpuinfo prints them);
# Intel's family 6 spans many generations and needs the model, so it is not named here.
AMD_FAMILIES = {23: "17h: Zen, Zen+, Zen 2", 25: "19h: Zen 3, Zen 4", 26: "1Ah: Zen 5"}


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields in /proc/cpuinfo."""
    fields: dict[str, str] = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            if not line.strip():
                break
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    return fields


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def cpu_info() -> dict[str, str]:
    """The CPU model, family/model/stepping, clock and hypervisor, as far as the guest sees them."""
    ci = _cpuinfo()
    lscpu = {}
    for line in _run_text(["lscpu"]).splitlines():
        key, _, value = line.partition(":")
        lscpu[key.strip()] = value.strip()
    out = {"cpu": ci.get("model name", lscpu.get("Model name", "unknown"))}
    family = ci.get("cpu family", lscpu.get("CPU family", ""))
    if family:
        fms = f"{family} / {ci.get('model', '?')} / {ci.get('stepping', '?')}"
        vendor = ci.get("vendor_id", "")
        if vendor == "AuthenticAMD" and family.isdigit() and int(family) in AMD_FAMILIES:
            fms += f" (AMD family {AMD_FAMILIES[int(family)]})"
        elif vendor:
            fms += f" ({vendor})"
        out["cpu family / model / stepping"] = fms
    freq = "/sys/devices/system/cpu/cpu0/cpufreq/"
    cur, top = _read(freq + "scaling_cur_freq"), _read(freq + "cpuinfo_max_freq")
    if cur.isdigit():
        clock = f"{int(cur) / 1000:.0f} MHz (cpufreq, at start)"
        if top.isdigit():
            clock += f", max {int(top) / 1000:.0f} MHz"
    elif "cpu MHz" in ci:
        # without cpufreq (a VM guest, say) this is the rate the kernel calibrated at boot
        clock = (
            f"{float(ci['cpu MHz']):.0f} MHz (`cpu MHz` in /proc/cpuinfo; no cpufreq: "
            "the rate calibrated at boot, not a live or boost clock)"
        )
    else:
        clock = "unknown"
    out["cpu clock"] = clock
    if lscpu.get("Hypervisor vendor"):
        out["hypervisor"] = lscpu["Hypervisor vendor"]
    return out


def machine_info(impls: Sequence[str]) -> dict[str, Any]:
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **cpu_info(),
        "cores": os.cpu_count(),
        "memory": f"{mem_kb / 2**20:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
    }
    commit = _run_text(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if commit:
        # others may be editing beampy/ while this runs: say so when it differs from the commit
        dirty = _run_text(["git", "-C", str(REPO), "status", "--porcelain", "--", "beampy"])
        info["repo commit"] = commit + (" + uncommitted changes in beampy/" if dirty else "")
    if any(i in BEAM_IMPLS for i in impls) and shutil.which("elixir"):
        out = _run_text(
            [
                "elixir",
                "-e",
                "IO.puts(System.version()); IO.puts(System.otp_release()); "
                "IO.puts(:erlang.system_info(:version)); "
                "IO.puts(:erlang.system_info(:emu_flavor))",
            ]
        ).splitlines()
        if len(out) >= 4:
            info["Elixir"] = out[0]
            info["Erlang/OTP"] = f"{out[1]} (erts {out[2]}, emulator {out[3]})"
    versions = {}
    peers = ("pykka", "thespian", "aiometer", "anyio", "aiohttp", "httpx")
    for dist in ("trio", "uvloop", "gevent", "greenlet", *peers):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    info["Python packages"] = versions
    return info


# ---------------------------------------------------------------------------------------------
# running


def command(case: Case, args: Args) -> list[str]:
    argv = [f"--{k}={v}" for k, v in args.items()]
    if case.impl in BEAM_IMPLS:
        flags = BEAM_IMPLS[case.impl]
        if case.bench == "spawn":
            flags = f"{flags} +P 4000000".strip()
        erl = ["--erl", flags] if flags else []
        script = str(BENCH_DIR / "beam" / f"{case.bench}.exs")
        return ["elixir", *erl, script, f"--impl={case.impl}", *argv]
    return [sys.executable, "-m", f"benchmarks.workloads.{case.impl}.{case.bench}", *argv]


def _pretouch(gib: int = 6) -> None:
    """Touch ``gib`` GiB of fresh memory in a throwaway process.

    On a VM the first touch of a guest page the host has not backed yet costs several times a
    normal page fault (measured here: BEAM's first 1,000,000-process spawn took 4-7 s, later ones
    1.5 s). Doing it once before a big-memory run takes that artefact out of both sides.
    """
    subprocess.run(
        [sys.executable, "-c", f"b = b'\\x01' * ({gib} << 30)"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def machine_busy(window: float = 0.5) -> float:
    """Fraction of the machine's CPU time (all cores) in use during the next ``window`` s."""
    b0, t0 = _cpu_times()
    time.sleep(window)
    b1, t1 = _cpu_times()
    return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0


def wait_for_quiet(max_wait: float, threshold: float = 0.25) -> float:
    """Wait (up to ``max_wait`` s) until other work uses under ``threshold`` of the CPUs.

    The machine may be shared; a run that starts while something else keeps a core busy
    measures that something as well. Returns the busy fraction seen just before the run.
    """
    deadline = time.monotonic() + max_wait
    busy = machine_busy()
    while busy > threshold and time.monotonic() < deadline:
        time.sleep(2.0)
        busy = machine_busy()
    return busy


@dataclass
class Outcome:
    records: list[dict[str, Any]]
    error: str | None
    wall: float


def run_once(case: Case, args: Args, timeout: float) -> Outcome:
    cmd = command(case, args)
    env = dict(os.environ, PYTHONHASHSEED="0")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return Outcome([], f"timed out after {timeout:.0f} s", time.perf_counter() - t0)
    wall = time.perf_counter() - t0
    records = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                records.append(json.loads(line))
    error = None
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or [""])[-1]
        error = f"exit {proc.returncode}: {tail}"
    elif not records:
        error = "printed no measurement"
    return Outcome(records, error, wall)


def run_cases(
    cases: list[Case], runs: int, quick: bool, timeout: float, raw_path: Path, max_wait: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run every case ``runs`` times; the runs of one workload are interleaved across
    implementations (run 1 of each, then run 2 of each...) so that a transient load on the
    machine does not land on one implementation only."""
    records: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    total = len(cases) * runs
    # waiting for a quiet machine is worth a while, not an unbounded while: on a machine that
    # stays busy, stop waiting after 10 minutes in all
    wait_budget = 600.0
    done = 0
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    by_bench: dict[str, list[Case]] = {}
    for c in cases:
        by_bench.setdefault(c.bench, []).append(c)
    with raw_path.open("a") as raw:
        for bench_cases in by_bench.values():
            for run in range(1, runs + 1):
                for case in bench_cases:
                    args = case.args(quick)
                    if case.big_memory and not quick:
                        _pretouch()
                    done += 1
                    busy = None
                    if max_wait > 0:
                        t_wait = time.monotonic()
                        busy = wait_for_quiet(min(max_wait, wait_budget))
                        wait_budget = max(0.0, wait_budget - (time.monotonic() - t_wait))
                    load = round(os.getloadavg()[0], 2)
                    out = run_once(case, args, timeout)
                    for rec in out.records:
                        rec["run"] = run
                        rec["date"] = date
                        rec["load1"] = load  # 1-minute load average just before the run
                        if busy is not None:  # CPU in use by anything, 0.5 s before the run
                            rec["busy_before"] = round(busy, 3)
                        line = json.dumps(rec)
                        print(line, flush=True)
                        raw.write(line + "\n")
                        records.append(rec)
                    summary = ", ".join(
                        f"{r['metric']} {r['per_op_us']:.3g} µs" for r in out.records
                    )
                    status = f"FAILED ({out.error})" if out.error else summary
                    _log(
                        f"[{done}/{total}] {case.bench} {case.impl} {args} "
                        f"run {run}/{runs}: {status} ({out.wall:.1f} s)"
                    )
                    if out.error:
                        failures.append(
                            {
                                "bench": case.bench,
                                "impl": case.impl,
                                "args": args,
                                "run": run,
                                "error": out.error,
                            }
                        )
    return records, failures


# ---------------------------------------------------------------------------------------------
# results files


def merge(
    path: Path, cases: list[Case], records: list[dict[str, Any]], failures: list[dict[str, Any]]
) -> dict[str, Any]:
    """The results file's data with this run's (workload, implementation) pairs replaced."""
    ran = {(c.bench, c.impl) for c in cases}
    old: dict[str, Any] = {}
    if path.exists():
        old = json.loads(path.read_text())

    def kept(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if (r["bench"], r["impl"]) not in ran]

    return {
        "records": kept(old.get("records", [])) + records,
        "failures": kept(old.get("failures", [])) + failures,
        "history": old.get("history", []),
        "machine": old.get("machine", {}),
    }


METHOD = """\
## Method

How every number below was produced; read this before the numbers.

- **Fresh process per run.** Every (workload, implementation, size) runs 5 times, each time in
  a new OS process: a new Python interpreter (`python -m benchmarks.workloads.<impl>.<bench>`)
  or a new BEAM (`elixir benchmarks/beam/<bench>.exs`). Tables give the **median of the 5 runs**
  with the minimum and maximum. The runs of one workload are interleaved across
  implementations (run 1 of each, then run 2 of each, ...), so a passing load on the machine
  does not fall on one implementation only.
- **What is timed.** Wall-clock time inside the workload process, around the timed region
  only: `time.perf_counter_ns` in Python, `:erlang.monotonic_time(:nanosecond)` on the BEAM.
  Interpreter or VM start-up, imports, compilation and the setup of each workload (spawning the
  ping-pong pair or the ring, filling the mailbox) are outside it. `per op` = time / count.
  - `spawn`: from before the first spawn until all N processes have run up to their receive
    (each bumps a shared counter first; the driver yields until the counter reads N). `stop`:
    from sending the first of N `stop` messages until all N have exited (BEAM: the process count
    is back to where it was; Python: a counter each process decrements as it ends), then
    checked outside the timing (`is_alive` of every pid, `beampy.list()`, the process count,
    nursery/greenlet/thread state) and reported as *all stopped*.
  - `ping_pong`: a driver sends `("go", N)` to `ping`, which does N round trips
    (`("ping", self())` → `"pong"`) with `pong` and then tells the driver; time per round trip.
    beampy builds the `("ping", self())` afresh each round trip, as the Elixir does, and counts
    the replies that are `"pong"` (checked after the timing). `beampy_patterns` is the same
    program with every receive written as a pattern, as the Elixir `receive` clauses are:
    `receive(("ping", ANY), "stop")` in `pong`, `receive("pong")` in `ping`.
  - `hosted_server` (beampy; the BEAM runs the plain server for reference): the `pong` server
    twice in one run, `plain` never touching trio and `touched_trio` awaiting `trio.sleep(0)`
    once at start (it leaves the run queue for a trio task of its own and comes back at its
    first `receive`). After an untimed round trip to each, a client does N round trips to each
    in segments of N/2, in the order plain, touched, touched, plain; time per round trip, and
    `ratio_to_plain` within the run.
  - `ring`: 10,000 processes in a ring; the driver injects an integer token H, each process
    passes `k - 1` to its successor, the one that gets 0 tells the driver; time per hop.
  - `fan_out`: the driver tells the sender N; the sender sends N messages to the receiver, which
    counts them and reports the count to the driver; time per message.
  - `selective_receive`: a requester does N times `ref = make_ref(); send(echo, (ref, self()));
    receive (ref, _)` against an echo process: first with its mailbox otherwise empty, then
    (a new requester) with 10,000 unrelated messages queued in front of every reply.
  - `fairness` (beampy only): a hosted process (`spawn(..., hosted=True)`) awaits
    `trio.sleep(0.01)` N times and records how much longer than 10 ms each took; first alone
    (`idle`), then while two light processes ping-pong flat out (`loaded`). The same for a
    worker thread of `trio.to_thread.run_sync` doing `time.sleep(0.01)` N times (`thread_idle`,
    `thread_loaded`): after each sleep it needs the GIL back from the busy scheduler. p50/p99
    are over the N sleeps of a run, then the median over the runs.
- **Memory.** `bytes/process` is the growth of the resident set (`/proc/self/statm`) from before
  the first spawn to when all N wait in receive, divided by N; it includes the driver's list of
  N pids (or mailboxes, tasks, greenlets, actor refs). Python also reports `tracemalloc` bytes per
  process over a separate sample of 10,000 (1,000 for pykka), measured after the timed part.
  The BEAM also reports the growth of `:erlang.memory(:processes)` / N and
  `Process.info(pid, :memory)` of one idle process. `peak RSS` is the process's high-water mark
  (`ru_maxrss`, or `VmHWM` for the BEAM).
- **Same program everywhere.** The same roles, messages and counts in every implementation;
  beampy and the peers receive any message and `match` on it, as the Elixir code matches in
  `receive` (`beampy_patterns`, for `ping_pong` only, selects by pattern instead). The Elixir
  workloads keep their hot code in compiled `defmodule` functions (OTP's JIT runs them) and run
  under `elixir --erl "+S 1:1"` (one scheduler, as beampy has one thread) and with default
  schedulers (one per core); the spawn workload adds `+P 4000000`.
- **Python peers.** `trio_actor`: a trio task per actor with the cheapest mailbox trio allows
  (a deque, `wait_task_rescheduled`/`reschedule`; its selective receive scans the deque).
  `asyncio` and `uvloop`: a task and an `asyncio.Queue` per actor. `gevent`: a greenlet and a
  `gevent.queue.Queue`. `pykka`: `ThreadingActor`, an OS thread per actor. `thespian`: the
  single-threaded `simpleSystemBase`. Slow or thread-bound peers run smaller sizes (the tables
  give every size); per-op times are compared across sizes.
- **Python's garbage collector** stays at its defaults in every Python peer. beampy runs as it
  does for any user: while more than 700 processes are alive its runtime raises the collector's
  young-generation threshold with their number and puts it back at the end (docs/differences.md,
  "Garbage collection"); before that (results older than 2026-12-01) spawning many processes was
  mostly the collector walking them.
- **Logging.** Elixir's Logger drops OTP's supervisor reports by default
  (`handle_sasl_reports: false`), so the Elixir workloads print none; the beampy workloads drop
  the same reports with a structlog processor (`benchmarks/workloads/beampy/_util.py`), so that
  both sides do the same work. Rendered by structlog's default console renderer, a
  `supervisor_child_terminated` report costs a restart about 50 µs more. structlog is
  configured once with `cache_logger_on_first_use=True`, as its docs advise for production
  (from 2026-12-03): without it structlog's lazy logger re-assembles itself for every report,
  about 3 µs of a restart.
- **Memory pre-touch.** Before each 1,000,000-process spawn run the runner writes 6 GiB in a
  throwaway process: on this VM the first touch of guest memory the host has not backed yet
  costs several times an ordinary page fault, which would otherwise land on whichever run comes
  first.
- **The machine** is a 2-core VM that other work may share. Before each run the runner waits
  (up to 15 s, 10 minutes in all) until less than 25 % of the CPU time is in use, and records
  what it saw (`busy_before`) and the 1-minute load average (`load1`) with every measurement.
"""

NOTES = """\
## Reading the numbers

- **Noise.** The VM's two cores are shared with other work, and medians move by 10-30 %
  between full runs (BEAM `ping_pong` measured 0.47 µs per round trip on a quiet machine and
  0.67 µs as the median of a busier full run). Every record carries `busy_before`, the share of
  CPU time in use just before its run, and the 1-minute load average `load1` (which pykka's
  thousands of threads inflate). A ratio within about 10 % of its limit is not settled by one
  full run.
- **Spawning in Python was mostly garbage collection.** N live processes are several times N
  objects tracked by Python's cyclic collector, and each full collection walks all of them; with
  CPython's young generation of 700 allocations nearly every one of them lives long enough to
  be walked again and again. Diagnostic runs of the beampy `spawn` workload (beampy at 987ff64)
  with `gc.disable()` spawned 100,000 processes at 1.7 µs each instead of 7.3 µs with the default
  collector, and 1,000,000 at 1.6 µs instead of 12.5 µs. Since 9f9ffff the runtime raises the
  young generation's threshold with the number of live processes while it runs
  (docs/differences.md, "Garbage collection"): the run of 2026-12-01 spawned 100,000 at 3.5 µs
  and 1,000,000 at 5.6 µs (11.1 and 11.5 µs in the run before). An idle process took 1,472
  bytes of RSS growth against 1,354 in the run before; where the 118 bytes go was not measured
  (the larger young generation, collected less often, is one candidate).
- **`fan_out` and a receive that never parks.** The `trio_actor` and `gevent` receivers take a
  message from a non-empty deque/queue without yielding, so a burst is drained in a tight loop.
  On the BEAM one scheduler (`+S 1:1`) is faster here than two: with two, sender and receiver
  sit on different schedulers and wake each other across cores.
- **Selective receive.** `trio_actor`'s scan walks the whole queue for every reply, so its cost
  grows with the queue; the BEAM (and beampy, by the numbers) does not pay for messages queued
  before the reference was made.
- **thespian's `simpleSystemBase`** keeps pending sends in a list and pops from its front, so a
  burst of N sends costs O(N²) in total; its `fan_out` per message grows with N.
- **fairness** varies from run to run more than between the runs' medians suggest: in the
  run of 2026-11-30 a run's p50 extra delay was 0.45-0.82 ms under load and 0.22-0.39 ms idle,
  so compare p99 and the `idle` floor too. The idle floor rose with the rewritten process layer
  (same-day p50: 0.10-0.13 ms at 8988bbc, 0.23-0.35 ms at 05fd0c3, 3 runs each; not
  investigated further). The long-schedule watchdog thread, which looked at a busy runtime every
  millisecond then, is part of the loaded delay and not of the idle floor: with its thread stubbed
  out (a diagnostic, 3 runs each) the loaded mean extra delay was 0.41-0.42 ms instead of
  0.56-0.64 ms, the ping-pong beside it 2-4 % faster, and the idle floor unchanged.
- **The BEAM's `ring`** moves more between runs than its other workloads (0.256-0.419 µs per
  hop within the full run of 2026-11-30, whose median, 0.321 µs, had two runs on a busy
  machine); `ring` was rerun on its own right after (0.264 µs, four of five runs at
  0.26-0.27), and the table gives the rerun.
- **pykka** runs an OS thread per actor: `spawn` of 10,000 actors starts 10,000 threads, and its
  `ring` passes the token through 10,000 threads.
"""

CHANGES = """\
## Since the previous figures

### 2026-12-01: another machine, and cheaper short-lived processes

The tables on this page come from the run of 2026-12-01 02:41 UTC (beampy at 67ceba2), on **another
machine** than every run before it: an Intel Xeon (family 6, model 167) at 2.0 GHz under KVM, where
the runs up to 2026-12-01 00:06 were on an AMD EPYC (Zen 5) at 2.6 GHz. Both beampy and the BEAM are
slower on it, by factors that differ from one workload to the next (`ping_pong`: beampy 1.92 µs
against 1.05 there, the BEAM `+S 1:1` 0.949 against 0.49; `genserver_call`: 14.4 against 3.83, and
2.95 against 1.02): times do not carry over between the two machines, and a ratio measured in one
run is the only comparison this page makes. The machine table below is this run's; the Savina
section keeps the run of 2026-11-30 23:50 on the AMD machine, with its own machine table, and
summarises a full Savina run on this machine (2026-12-01 05:29, at e09d365).

What changed in beampy since the run of 2026-12-01 00:06 (936ad92 to c6f7059: the run above
is at 67ceba2, and c6f7059 adds the fixes of a review of these changes), counted in
machine instructions under callgrind (valgrind), which give the same count whatever else the
machine does: instructions per operation, from two runs of each workload at two sizes, with the
cyclic collector off and the long-schedule watchdog looking 5 times a second instead of 1,000
(both add instructions that depend on time, not on the work):

| instructions per operation | 936ad92 | c6f7059 | change |
|---|---|---|---|
| FJ Create (Savina #4), per worker created, run and ended | 49,974 | 43,910 | -12.1 % |
| task_async_await, per `Task.async_` + `Task.await_` | 144,317 | 133,018 | -7.8 % |
| dynsup_start_stop, per child started and stopped | 345,879 | 323,409 | -6.5 % |
| genserver_call, per call | 60,312 | 60,210 | -0.2 % |
| ping_pong, per round trip | 21,337 | 21,328 | 0 % |
| ping_pong by pattern, per round trip | 31,252 | 31,332 | +0.3 % |
| io_fanout at max_concurrency 1,000, per request (1) | 1,008,875 | 1,002,628 | -0.6 % |

(1) The client's own instructions; the kernel's are not counted.

A side run of Savina's FJ Create on this machine (12 iterations, fresh processes, right after
the full run; its figures are in no table but this paragraph): beampy at c6f7059 238 ms, at
936ad92 268 ms, the BEAM `+S 1:1` 44.2 ms: 5.39x the BEAM (6.72x in the Savina table below,
on the AMD machine; target ≤ 6). The full Savina run on this machine, two hours later and on a
busier host, measured 7.36x (365 against 49.6 ms).

**Noise.** This machine is shared, and the runs of 2026-12-01 02:41 UTC spread much more than the
earlier ones: beampy's `ping_pong` 1.83-3.46 µs over its 5 runs, `genserver_call` 8.10-15.1 µs, the
BEAM's `genserver_call` 1.88-3.10 µs, although no run started while more than 25 % of this VM's CPU
was in use (what the runner can see; time the host gives to other VMs it cannot). A median of 5 such
runs moves by a third from one run of the suite to the next: compare ratios of minimums as well, and
the instruction counts above, which do not move. Two of this run's verdicts differ from the AMD
run's on that account, not on the code's: a call behind 10,000 queued messages, 1.40x the call
without (the median of its per-run ratios: 1.15; met at 1.05 there), and the patterned ping-pong,
2.46x the plain one (the ratio of the minimums: 1.73; 1.47x in instructions; 1.70x there).

- **The first message of a process** went through a caught `AttributeError`: an idle process
  shares one empty mailbox (an empty tuple), and every append tried `mq.append` and caught the
  error. Catching is free in Python 3.11 when nothing is raised, but a raised `AttributeError`
  formats its message: about 4,000 instructions, paid by every process that gets a message
  before it waits for one (every FJ Create worker, every GenServer at its first call). Now
  an identity test.
- **A process makes no bound method.** Each step is `Context.run(ctx, send, coro, value)` with
  the coroutine type's `send`, unbound, instead of a bound `ctx.run` and `coro.send` made at
  every spawn (about 650 instructions each, and their deallocation).
- **`info(pid, item)`** reads the item through one lookup instead of a scan of the item names
  and a dict built per call; proc_lib reads the parent's `registered_name` at every spawn.
- **`math.inf` as a timeout** took the full validation (every `start_link`'s default, and
  a DynamicSupervisor's calls), and `GenServer.call(pid, ..., math.inf)` the name lookup.
- **proc_lib's acknowledgement**, `receive(("ack", pid, ANY), DownMessage(ref, ANY, ANY))` at
  every start, is one of the quick receive shapes: no cache key is built per start.
- Tried and taken back: a child spec's default `modules` found when first read instead of at
  every `start_child` (about 115 bytecodes a start). Found lazily, it ran user code (a
  metaclass's `__subclasscheck__`) inside the supervisor, where an error killed it; 67ceba2, the
  commit of the run, still has it; c6f7059 does not.

Why a receive by pattern still costs about 1.5 times a plain one (target ≤ 1.2, missed): the
bytecodes the interpreter runs, counted per round trip with a tracer
(`sys.settrace` with `f_trace_opcodes`), are 474 for the plain ping-pong and 767 for the
patterned one. `receive()` runs 39 bytecodes when it waits; `receive("pong")` 110, and
`receive(("ping", ANY), "stop")` 166: recognising the shape, binding the compiled matcher to
the patterns and testing the mailbox is 70 to 130 bytecodes, several times the plain receive
itself; and the sender then calls the matcher (a Python call, 11 bytecodes for `"pong"` and 34
for the two clauses) where a plain receive takes the message as it is. Each of these is already
a straight line of identity tests; getting under 1.2 would need the receive to recognise a
pattern in a handful of bytecodes and the sender to test it without a call, which CPython
3.11 offers no way to write.

**The floor** ([`benchmarks/floor_patterns.py`](../benchmarks/floor_patterns.py), added
2026-12-02) settles it. It is the smallest ping-pong with selective receive that CPython can
run: a run queue, a deque per process, the waiter's matcher called by the sender, coroutines
stepped with `send`, and nothing else (no reductions, no context per process, no trio, no
exits, links, timers or states). Its patterned receive knows only the program's two shapes
and recognises them with identity and type tests. Counted with the same tracer, its plain
round trip is 165 bytecodes and its patterned one 294: **1.78 times**, with none of beampy's
work around them. beampy is now 480 and 759 (1.58). A ratio of 1.2 would leave beampy 96
bytecodes for two patterned receives and the sender's two tests, fewer than the floor's 129.
Timed in one interleaved run on the AMD EPYC machine (2026-12-02 01:46 UTC, 5 rounds of
`elixir --erl "+S 1:1" benchmarks/beam/ping_pong.exs`, the two beampy ping-pongs and
`python -m benchmarks.floor_patterns --runs 1`, one after the other), minimum [median] µs per round
trip: BEAM 0.614 [0.975]; floor plain 1.34 [1.38], floor patterned 2.15 [2.94]; beampy plain
3.45 [3.81], beampy patterned 3.99 [5.79]. The host was busy that day (beampy's plain
ping-pong took 1.05 µs on the same CPU model on 2026-11-30), so the ratios are what to read:
the floor's patterned round trip is **3.5 times the BEAM** by minimums (3.0 by medians), where
the target for beampy is 2, and 1.60 times the floor's own plain one (2.1 by medians). The
target of 2 times the BEAM is missed by a program that does less than any actor runtime must;
the 1.2 against the plain receive is missed by it too, in bytecodes and in time. (beampy's own
ratio moves with the noise: 1.16 by minimums and 1.52 by medians in that run.)

### 2026-11-30: the rewritten process layer

The figures before the run of 2026-11-30 (beampy at eef0b69 for `ping_pong` and `ring`, 8988bbc
for `spawn`, 57a33a3 for the rest, all measured 2026-11-24) predate the rewritten process layer
(eba1146 and after: one state machine, the calling process found through a context variable of
its own context and its RUNNING state, one step function for the scheduler and the hosts,
hand-back of hosted processes to the run queue, receive patterns compiled once per shape,
blocking operations as native coroutines). The run of 2026-11-30 is at 05fd0c3. BEAM is
`+S 1:1`; ratio is beampy / BEAM.

| µs per op | beampy 11-24 | beampy 11-30 | BEAM 11-24 | BEAM 11-30 | ratio 11-24 | ratio 11-30 |
|---|---|---|---|---|---|---|
| ping_pong | 0.763 | 1.10 | 0.487 | 0.507 | 1.57 | 2.17 |
| ping_pong, receive by pattern | — | 2.60 | — | 0.507 | — | 5.13 |
| hosted_server, plain | — | 1.11 | — | 0.519 | — | 2.14 |
| hosted_server, touched trio once | — | 1.10 | — | 0.519 (plain) | — | 2.12 |
| ring | 0.391 | 0.581 | 0.241 | 0.264 | 1.62 | 2.20 |
| fan_out | 0.255 | 0.322 | 0.0579 | 0.0629 | 4.41 | 5.11 |
| spawn, N=100,000 | 6.66 | 11.1 | 1.28 | 1.51 | 5.19 | 7.32 |
| spawn, N=1,000,000 | 8.17 | 11.5 | 1.76 | 2.05 | 4.64 | 5.63 |
| stop, N=1,000,000 | 0.873 | 1.32 | 0.766 | 0.802 | 1.14 | 1.65 |
| selective_receive, empty | 2.16 | 2.15 | 0.547 | 0.584 | 3.95 | 3.68 |
| selective_receive, 10,000 queued | 2.18 | 2.16 | 0.672 | 0.709 | 3.24 | 3.04 |
| bytes per idle process (N=1,000,000) | 1,204 | 1,354 | 2,741 | 2,741 | 0.44 | 0.49 |

Three things changed between the two columns, and same-day measurements separate them:

- **The machine.** On 2026-11-30 the BEAM and the Python peers were slower than on 2026-11-24
  (BEAM `+S 1:1`: `ping_pong` +4 %, `fan_out` +9 %, `ring` +10 %, `spawn` +16-18 %; trio
  task per actor `ping_pong` +11 %, asyncio +10 %), and beampy at 8988bbc running the old
  `ping_pong` program measured 0.836 µs per round trip (median of 5) against 0.763 then. The
  earlier runs did not record the CPU family or clock, so whether the VM moved to another host
  cannot be told; the machine table records them from now on. Ratios to the BEAM carry over
  between days better than times do.
- **The `ping_pong` program** (371088b): a fresh `("ping", self())` per round trip and the
  reply checked, as the Elixir does. It adds about 0.1 µs per round trip to either beampy
  (8988bbc: 0.836 → 0.938 µs; 05fd0c3: 1.039 → 1.122 µs; medians of 5, same day).
- **The rewritten process layer.** beampy at 8988bbc against 05fd0c3, the current workloads,
  5 runs each, alternating, on the same day (a side run outside the runner, right after the
  full run; its figures are in no table but this one):

| workload, µs per op (median of 5) | 8988bbc | 05fd0c3 | 05fd0c3 / 8988bbc |
|---|---|---|---|
| ping_pong | 0.914 | 1.100 | 1.20 |
| ping_pong, receive by pattern | 4.763 | 2.539 | 0.53 |
| hosted_server, plain | 0.925 | 1.088 | 1.18 |
| hosted_server, touched trio once | 13.163 | 1.084 | 0.08 |
| hosted_server, touched / plain in the same run | 14.2 | 0.99 | |
| ring | 0.425 | 0.538 | 1.27 |
| fan_out | 0.279 | 0.321 | 1.15 |
| selective_receive, empty | 2.346 | 2.109 | 0.90 |
| selective_receive, 10,000 queued | 2.383 | 2.147 | 0.90 |
| spawn, N=100,000 | 7.871 | 9.801 | 1.25 |
| stop, N=100,000 | 0.992 | 1.149 | 1.16 |

What got faster, and why:

- **A server that touched trio once** now costs what a server that never did costs (0.99x,
  target ≤ 1.1x): it goes back to the run queue at its first `receive` (the hand-back).
  At 8988bbc it stayed on its host carrier for good, and every round trip to it crossed trio:
  13.2 µs, 14x the plain server.
- **Receive by pattern** halved (4.76 → 2.54 µs per round trip): each receive shape is compiled
  once and its values bound per receive, instead of the patterns being interpreted.
- **Selective receive** is 10 % faster: the tagged `(ref, ANY)` receive is a compiled pattern
  too.

What got slower, and why (per-call figures from a diagnostic loop of 1,000,000 calls inside a
process, 3 runs each, same day):

- **Finding the calling process.** Every beampy call reads the process from its own context
  variable and checks that it is RUNNING (which is what makes a call from a foreign thread or a
  killed process fail before it changes anything): `send` 42-48 → 72-74 ns, `self()` 21-25 →
  28-31 ns. A ping-pong round trip makes two sends and one `self()`: about 65 ns of its 186 ns
  increase; `fan_out` (+42 ns per message) is mostly this.
- **The step.** The rest of the round trip's increase, about 120 ns over its two waits, is in
  the path that parks a process, wakes it and steps it: the one step function the scheduler and
  the hosts now share is a Python call per step (the old scheduler had its step written out in
  its loop), with the state transitions of the state machine, and the blocking operations are
  native coroutines. These were not measured apart. `ring` is one step per hop, so it pays this
  on every hop (+27 %).
- **Spawning** binds the new process in its own context (`ctx.run(proc_var.set, p)`): timed
  alone, that is about 150 ns and 168 bytes per context (the context's variable map gets a node
  of its own). An idle process grew by 150 bytes (1,204 → 1,354) and a spawn by about 1.9 µs
  (+25 %); the rest of that was not measured apart (the collector walking the extra objects,
  see the garbage collection note above, is the likely share).
- **Receive by pattern** was still 2.37x the plain receive (target ≤ 1.2x) and 5.13x the BEAM
  (target ≤ 2x) at 05fd0c3; see
  [the patterned receive and the call path](#the-patterned-receive-and-the-call-path-2026-11-30)
  for what changed since (1.70x and 3.63x in the run of 2026-12-01). A profile of the patterned
  ping-pong at 05fd0c3 showed why: every receive still calls
  `compile_receive`, which builds the shape key and binds a matcher (370 ns a call for the two
  clauses `("ping", ANY), "stop"` and 160 ns for `"pong"`, timed alone with `timeit`, call
  overhead included), then scans the mailbox (a miss); and every send to a process waiting on
  a pattern goes through the general `deliver` path, which tests the pattern, where a send to a
  process waiting on any message is inlined.
- **The long-schedule watchdog** thread cost the ping-pong about 2 % (1.094 against 1.072 µs
  with the thread stubbed out, medians of 3) while it looked every millisecond; since
  2026-12-02 it looks a quarter of its threshold apart (25 ms at the default 100 ms).
"""

HOW_TO_RUN = """\
## Running it

```sh
make bench                                  # everything, 5 runs each (about 25 minutes)
make bench BENCH="ping_pong ring"           # some workloads
.venv/bin/python benchmarks/run.py ring --impl beampy,beam_s1 --runs 3
.venv/bin/python benchmarks/run.py --quick  # smoke run: small sizes, 1 run, results in
                                            # benchmarks/results/raw/quick/
```

The runner installs what is missing (Elixir with apt-get, the peers from
`benchmarks/requirements.txt` with pip), echoes every measurement as a JSON line, keeps them in
`benchmarks/results/raw/`, and rewrites `benchmarks/results/<name>.md`/`.json` and this page.
A partial run replaces only the rows it measured.
"""


def render(name: str, data: dict[str, Any], machine: dict[str, Any]) -> tuple[str, str]:
    """(results/<name>.md, docs/benchmarks.md) for the merged data."""
    if "repo commit" in machine:
        note = " (of the latest run; each run's is under 'Runs' in the results)"
        machine = {**machine, "repo commit": machine["repo commit"] + note}
    rows = _report.summarize(data["records"])
    targets = _report.evaluate_targets(rows)
    history = "\n".join(
        f"- {h['date']} at {h.get('commit', '?')}: {', '.join(h['benches'])} x "
        f"{', '.join(h['impls'])}, {h['runs']} run(s) each, load average {h['load']}"
        for h in data["history"]
    )
    results_md = f"""# Benchmark results: {name}

Method: [docs/benchmarks.md](../../docs/benchmarks.md#method): a fresh process per run, the median
of the runs with min and max (the `runs` column says how many). Every measurement is in
`{name}.json` beside this file.

## Machine

{_report.machine_table(machine)}

## Targets

{_report.targets_table(targets)}

## Results

`runs on a busy machine`: runs that started while more than 25 % of the CPU time was in use
(by anything) after the runner's bounded wait for a quiet machine; `?`: not recorded.

{_report.results_tables(rows, detailed=True)}
## Not measured

{_report.not_measured_section(name)}

## Failed runs

{_report.failures_section(data["failures"])}

## Runs, oldest first

A later run replaces the rows of the (workload, implementation) pairs it measured.

{history}
"""
    docs_md = f"""# Benchmarks

beampy's message passing measured side by side with the real BEAM (Elixir) and with the Python
actor libraries, on the same machine, by `benchmarks/run.py`. Full tables with min and max:
[benchmarks/results/{name}.md](../benchmarks/results/{name}.md).

{METHOD}
{HOW_TO_RUN}
{NOTES}
{CHANGES}
## Machine

{_report.machine_table(machine)}

## Targets

{_report.targets_table(targets)}

## Results

Medians of 5 runs, per operation, with min and max; `x beampy` divides by beampy's median.

{_report.results_tables(rows, detailed=False)}
## Not measured, and why

{_report.not_measured_section(name)}

## Failed runs

{_report.failures_section(data["failures"])}
"""
    return results_md, docs_md


KEPT = re.compile(r"^<!-- kept: (\S+) -->\n.*?^<!-- /kept: \1 -->\n", re.M | re.S)


def kept_sections(old_docs: str) -> str:
    """The sections of docs/benchmarks.md the runner does not write, to carry over.

    A section between ``<!-- kept: NAME -->`` and ``<!-- /kept: NAME -->`` lines (the
    GenServer figures, say, whose tables come from another results file) is written by hand
    and appended as it is to the page the runner renders.
    """
    return "".join("\n" + m.group(0) for m in KEPT.finditer(old_docs))


def write_results(
    out_dir: Path, name: str, data: dict[str, Any], machine: dict[str, Any], docs: bool
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = _report.summarize(data["records"])
    targets = _report.evaluate_targets(rows)
    results_md, docs_md = render(name, data, machine)
    payload = {
        "name": name,
        "machine": machine,
        "history": data["history"],
        "summary": rows,
        "targets": [
            {
                "name": t.name,
                "value": t.value,
                "limit": t.limit,
                "op": t.op,
                "measured": t.shown,
                "met": t.met,
                "verdict": t.verdict(),
            }
            for t in targets
        ],
        "failures": data["failures"],
        "records": data["records"],
    }
    (out_dir / f"{name}.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    (out_dir / f"{name}.md").write_text(results_md)
    _log(f"wrote {out_dir / name}.md and .json")
    if docs:
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(docs_md + kept_sections(DOCS.read_text() if DOCS.exists() else ""))
        _log(f"wrote {DOCS.relative_to(REPO)}")


# ---------------------------------------------------------------------------------------------
# main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Run beampy's benchmarks beside the BEAM and the Python peers.",
        epilog=f"workloads: {', '.join(BENCHES)}; implementations: {', '.join(IMPLS)}",
    )
    p.add_argument("benches", nargs="*", metavar="BENCH", help="workloads (default: all)")
    p.add_argument(
        "--impl", action="append", default=[], help="implementations, comma-separated or repeated"
    )
    p.add_argument("--runs", type=int, help="runs per case (default 5; 1 with --quick)")
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    p.add_argument(
        "--name",
        help="results file name (default: each workload's suite, process_layer or genserver; "
        "quick: quick)",
    )
    p.add_argument("--out", type=Path, help="results directory (default benchmarks/results)")
    p.add_argument("--fresh", action="store_true", help="do not merge with existing results")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per run (default 600)")
    p.add_argument(
        "--max-wait",
        type=float,
        default=15.0,
        help="before each run, wait up to this many seconds for the machine to be quiet "
        "(under 25%% CPU in use); 0: don't (the default with --quick)",
    )
    p.add_argument("--no-install", action="store_true", help="install nothing; skip what's missing")
    p.add_argument(
        "--no-docs",
        action="store_true",
        help="leave docs/benchmarks.md alone (a run of a subset always does)",
    )
    p.add_argument("--render-only", action="store_true", help="re-render the existing results")
    p.add_argument("--list", action="store_true", help="print the cases and exit")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    benches = opts.benches or BENCHES
    impls = [i for spec in opts.impl for i in spec.split(",") if i] or IMPLS
    for what, chosen, known in (("workload", benches, BENCHES), ("implementation", impls, IMPLS)):
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            _log(f"unknown {what}(s): {', '.join(unknown)}; known: {', '.join(known)}")
            return 2
    quick = opts.quick
    runs = opts.runs or (1 if quick else 5)
    name = opts.name or ("quick" if quick else "process_layer")
    out_dir = opts.out or (RAW / "quick" if quick else RESULTS)
    # only a full run rewrites docs/benchmarks.md: a subset would put its own machine in
    # the page's machine table, beside figures another run measured
    full = not opts.benches and not opts.impl
    docs = full and not quick and not opts.no_docs and opts.out is None
    cases = [
        c
        for c in CASES
        if c.bench in benches and c.impl in impls and (c.quick is not None or not quick)
    ]

    if opts.list:
        for c in cases:
            print(
                f"{c.bench:18} {c.impl:13} {c.args(quick)}  {' '.join(command(c, c.args(quick)))}"
            )
        return 0

    results_json = out_dir / f"{name}.json"
    if opts.render_only:
        if not results_json.exists():
            _log(f"no results to render: {results_json}")
            return 2
        old = json.loads(results_json.read_text())
        write_results(out_dir, name, old, old["machine"], docs and name == "process_layer")
        return 0

    if not cases:
        _log("nothing to run: no case matches the selection")
        return 2
    chosen_impls = sorted({c.impl for c in cases}, key=IMPLS.index)
    skipped: list[str] = []
    if any(c.impl in BEAM_IMPLS for c in cases) and not (
        shutil.which("elixir") or (not opts.no_install and ensure_elixir())
    ):
        skipped += [i for i in BEAM_IMPLS if i in chosen_impls]
    py_impls = [i for i in chosen_impls if i in PEER_MODULES]
    if opts.no_install:
        skipped += [
            i for i in py_impls for m in PEER_MODULES[i] if importlib.util.find_spec(m) is None
        ]
    else:
        skipped += sorted(ensure_python_peers(py_impls))
    if skipped:
        _log(f"skipping (not installed): {', '.join(sorted(set(skipped)))}")
        cases = [c for c in cases if c.impl not in skipped]
        chosen_impls = [i for i in chosen_impls if i not in skipped]
    if not cases:
        return 1

    # each suite's workloads go to its own results file (one file when --name or --quick)
    groups: dict[str, list[Case]] = {}
    for c in cases:
        suite = name if opts.name or quick else _report.SUITE.get(c.bench, "process_layer")
        groups.setdefault(suite, []).append(c)
    machine = machine_info(chosen_impls)
    RAW.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    raw_path = RAW / f"{'+'.join(groups)}-{stamp}.jsonl"
    _log(f"{len(cases)} cases x {runs} runs; raw measurements in {raw_path.relative_to(REPO)}")
    t0 = time.perf_counter()
    max_wait = 0.0 if quick else opts.max_wait
    records, failures = run_cases(cases, runs, quick, opts.timeout, raw_path, max_wait)
    _log(f"done in {time.perf_counter() - t0:.0f} s")

    for suite, suite_cases in groups.items():
        ran = {c.bench for c in suite_cases}
        suite_records = [r for r in records if r["bench"] in ran]
        suite_failures = [f for f in failures if f["bench"] in ran]
        data: dict[str, Any] = (
            {"records": suite_records, "failures": suite_failures, "history": []}
            if opts.fresh
            else merge(out_dir / f"{suite}.json", suite_cases, suite_records, suite_failures)
        )
        # a partial run keeps what the earlier runs found out (the OTP version, say)
        earlier = data.pop("machine", {})
        suite_machine = {**machine, **{k: v for k, v in earlier.items() if k not in machine}}
        data["history"].append(
            {
                "date": machine["date"],
                "benches": sorted(ran, key=BENCHES.index),
                "impls": sorted({c.impl for c in suite_cases}, key=IMPLS.index),
                "runs": runs,
                "quick": quick,
                "load": machine["load average at start"],
                "commit": machine.get("repo commit", "?"),
            }
        )
        write_results(out_dir, suite, data, suite_machine, docs and suite == "process_layer")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
