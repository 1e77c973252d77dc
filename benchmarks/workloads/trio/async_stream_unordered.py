"""async_stream_unordered: async_stream.py with the results appended as they finish."""

from benchmarks.workloads.trio.async_stream import cli

if __name__ == "__main__":
    cli(ordered=False)
