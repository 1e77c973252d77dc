"""Where a Savina workload's time goes in beampy: cProfile, and the share of the cyclic GC.

    python -m benchmarks.savina.profile fib [--size default] [--top 25]

Runs one iteration untimed (warm-up), then one under ``cProfile`` and prints the functions with
the most own time; then times three iterations with the collector at its defaults against
three with ``gc.disable()`` (the collector's share of the wall time). Figures from this script
are what docs/benchmarks.md quotes for the workloads that show a weakness of the runtime; they
are diagnostics, not benchmark results (cProfile slows every Python call down).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics

from benchmarks.savina import beampy_suite, spec


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("bench", choices=spec.BENCHES)
    p.add_argument("--size", default="default", choices=spec.SIZE_NAMES)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--no-gc-share", action="store_true")
    args = p.parse_args()
    params = spec.params(args.bench, args.size)

    beampy_suite.run(args.bench, params)  # warm-up
    gc.collect()
    prof = cProfile.Profile()
    prof.enable()
    ns, result = beampy_suite.run(args.bench, params)
    prof.disable()
    assert spec.verify(args.bench, args.size, result), result
    print(f"{args.bench} ({args.size}) under cProfile: {ns / 1e6:.0f} ms")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(args.top)

    if args.no_gc_share:
        return
    times: dict[str, list[float]] = {"gc on": [], "gc off": []}
    for _ in range(3):
        for label in times:
            gc.collect()
            if label == "gc off":
                gc.disable()
            try:
                ns, result = beampy_suite.run(args.bench, params)
            finally:
                gc.enable()
            times[label].append(ns / 1e6)
    on, off = (statistics.median(v) for v in times.values())
    print(
        f"{args.bench} ({args.size}): median of 3, gc on {on:.0f} ms, gc off {off:.0f} ms: "
        f"the collector is {(on - off) / on * 100:.0f} % of the time"
    )


if __name__ == "__main__":
    main()
