"""The Savina actor benchmark suite (twelve workloads) in beampy, Elixir and the Python peers.

``python -m benchmarks.savina.run`` (``make bench SUITE=savina``) runs it; see
``benchmarks/savina/README.md``.
"""
