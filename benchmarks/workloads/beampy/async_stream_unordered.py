"""async_stream_unordered: async_stream.py with ``ordered=False`` (results as tasks finish)."""

from benchmarks.workloads.beampy.async_stream import cli

if __name__ == "__main__":
    cli(ordered=False)
