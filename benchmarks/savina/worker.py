"""Run one Savina workload in one implementation for a number of iterations, in this process.

    python -m benchmarks.savina.worker --impl beampy --bench chameneos --size smoke --iters 12

Each iteration runs a fresh actor system (a new ``beampy.run``, ``trio.run``, event loop or
actor system), is timed inside its driver (clock started before anything is spawned, stopped on
the final result) and is checked against the workload's checksum. One JSON line per iteration
goes to stdout, nothing else; the Savina-style text line goes to stderr. A wrong checksum ends
the process with status 3 and ``CHECKSUM FAILED`` on stderr.

``--budget S`` stops starting new iterations once the iterations so far took S seconds in all
(at least ``--min-iters`` still run): the runner gives it to the slow Python peers so the whole
suite fits a bounded time. The JSON lines say how many iterations ran.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import peak_rss_mb
from benchmarks.savina import spec

# implementation -> module with ``run(bench, params) -> (elapsed_ns, result)``
SUITES = {
    "beampy": "benchmarks.savina.beampy_suite",
    "trio_actor": "benchmarks.savina.coro_suite",
    "asyncio": "benchmarks.savina.coro_suite",
    "uvloop": "benchmarks.savina.coro_suite",
    "gevent": "benchmarks.savina.gevent_suite",
    "pykka": "benchmarks.savina.callback_suite",
    "thespian": "benchmarks.savina.callback_suite",
}

Runner = Callable[[str, spec.Params], tuple[int, Any]]


def load(impl: str) -> Runner:
    module = importlib.import_module(SUITES[impl])
    runner: Runner = module.runner(impl)
    return runner


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--impl", required=True, choices=sorted(SUITES))
    p.add_argument("--bench", required=True, help="a workload, several comma-separated, or all")
    p.add_argument("--size", default="smoke", choices=spec.SIZE_NAMES)
    p.add_argument("--iters", type=int, default=spec.ITERATIONS)
    p.add_argument("--budget", type=float, default=0.0, help="seconds; 0: no budget")
    p.add_argument("--min-iters", type=int, default=3)
    args = p.parse_args(argv)
    benches = spec.BENCHES if args.bench == "all" else args.bench.split(",")
    unknown = set(benches) - set(spec.BENCHES)
    if unknown:
        p.error(f"unknown workload(s) {sorted(unknown)}; known: {', '.join(spec.BENCHES)}")
    run = load(args.impl)
    for bench in benches:
        status = run_bench(run, args.impl, bench, args)
        if status:
            return status
    return 0


def run_bench(run: Runner, impl: str, bench: str, args: argparse.Namespace) -> int:
    params = spec.params(bench, args.size)
    spent = 0.0
    for i in range(1, args.iters + 1):
        gc.collect()  # untimed, between iterations, as the spec recommends
        t0 = time.perf_counter()
        elapsed_ns, result = run(bench, params)
        spent += time.perf_counter() - t0
        ok = spec.verify(bench, args.size, result)
        ms = elapsed_ns / 1e6
        record = {
            "suite": "savina",
            "bench": bench,
            "impl": impl,
            "size": args.size,
            "params": params,
            "iter": i,
            "ms": round(ms, 4),
            "check": list(result) if isinstance(result, tuple) else result,
            "ok": ok,
            "peak_rss_mb": round(peak_rss_mb(), 3),
        }
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()
        sys.stderr.write(
            f"bench={bench} params={spec.describe(params)} ms={ms:.3f} check={result}\n"
        )
        if not ok:
            want = spec.expected(bench, args.size)
            sys.stderr.write(
                f"CHECKSUM FAILED: {impl} {bench} ({args.size}) iteration {i}: "
                f"got {result!r}, expected {want!r}\n"
            )
            return 3
        if args.budget and spent >= args.budget and i >= args.min_iters:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
