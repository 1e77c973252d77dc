"""beampy's benchmark suite: see ``docs/benchmarks.md`` and ``benchmarks/run.py``."""
