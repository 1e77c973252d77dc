"""Shared helpers for the Python workload scripts: argument parsing, clocks, memory, JSON out.

Every workload script is run by ``benchmarks/run.py`` in a fresh interpreter, from the repository
root, as ``python -m benchmarks.workloads.<impl>.<bench> --n N [...]``. It prints one JSON object
per measurement on its own line to stdout (nothing else goes to stdout) with at least:

    bench, impl, metric, n, ops, seconds, per_op_us, peak_rss_mb

``metric`` names what was timed when one run measures several things (``spawn`` and ``stop``,
``empty`` and ``queued``, ...); ``ops`` is the count ``per_op_us`` divides by. Extra keys are
free-form numbers, strings or booleans.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import sys
import time
from collections.abc import Sequence
from typing import Any

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

now_ns = time.perf_counter_ns
"""The clock every Python workload uses for its timed region."""


def rss_bytes() -> int:
    """Current resident set size of this process, from ``/proc/self/statm``."""
    with open("/proc/self/statm", "rb") as f:
        return int(f.read().split()[1]) * PAGE_SIZE


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle() -> None:
    """Collect garbage outside the timed region so one phase's leftovers don't bill the next."""
    gc.collect()


def emit(
    bench: str,
    impl: str,
    metric: str,
    n: int,
    seconds: float,
    ops: int | None = None,
    **extra: Any,
) -> None:
    """Print one measurement as a JSON line.

    Args:
        bench: workload name (``ping_pong``, ``ring``, ...).
        impl: implementation name (``beampy``, ``asyncio``, ...).
        metric: what was timed inside this workload run.
        n: the workload's size parameter (processes, round trips, messages...).
        seconds: wall-clock time of the timed region.
        ops: what ``per_op_us`` divides by (defaults to ``n``).
        **extra: further keys for the record.
    """
    count = n if ops is None else ops
    record: dict[str, Any] = {
        "bench": bench,
        "impl": impl,
        "metric": metric,
        "n": n,
        "ops": count,
        "seconds": round(seconds, 9),
        "per_op_us": round(seconds / count * 1e6, 6) if count else None,
        "peak_rss_mb": round(peak_rss_mb(), 3),
    }
    record.update(extra)
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of already sorted values."""
    if not sorted_values:
        raise ValueError("percentile of no values")
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the options every workload understands.

    ``--n`` is the size; ``--procs`` (ring size), ``--queued`` (selective receive) and
    ``--samples`` (fairness) are read by the workloads that need them and ignored otherwise.
    """
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--n", type=int, required=True, help="workload size")
    p.add_argument("--procs", type=int, default=10_000, help="ring: processes in the ring")
    p.add_argument("--queued", type=int, default=10_000, help="selective_receive: queue length")
    p.add_argument("--samples", type=int, default=10_000, help="spawn: tracemalloc sample size")
    return p


def check(condition: bool, message: str) -> None:
    """Fail the run loudly (non-zero exit) when a workload's own result check fails."""
    if not condition:
        sys.stderr.write(f"CHECK FAILED: {message}\n")
        sys.exit(3)


def emit_spawn(
    impl: str,
    n: int,
    ns: tuple[int, int, int, int],
    rss_delta: int,
    tracemalloc_delta: int,
    sample: int,
    stopped: bool,
    what: str,
) -> None:
    """Report the two measurements of the ``spawn`` workload, then check the stop.

    Args:
        impl: implementation name.
        n: processes spawned.
        ns: ``perf_counter_ns`` readings: spawn start, all waiting, stop start, all stopped.
        rss_delta: resident-set growth over the spawn, in bytes.
        tracemalloc_delta: traced bytes over ``sample`` spawns.
        sample: size of the tracemalloc sample.
        stopped: every process was seen to end.
        what: what was left alive, for the failure message ("tasks", "greenlets", ...).
    """
    t0, t1, t2, t3 = ns
    emit(
        "spawn",
        impl,
        "spawn",
        n,
        (t1 - t0) / 1e9,
        bytes_per_proc=round(rss_delta / n, 1),
        tracemalloc_bytes_per_proc=round(tracemalloc_delta / sample, 1),
        tracemalloc_sample=sample,
    )
    emit("spawn", impl, "stop", n, (t3 - t2) / 1e9, all_stopped=stopped)
    check(stopped, f"{what} after stop")
