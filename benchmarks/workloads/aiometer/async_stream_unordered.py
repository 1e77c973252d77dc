"""async_stream_unordered: async_stream.py with aiometer.amap (results as they finish)."""

from benchmarks.workloads.aiometer.async_stream import cli

if __name__ == "__main__":
    cli(ordered=False)
