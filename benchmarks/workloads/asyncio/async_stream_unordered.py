"""async_stream_unordered: async_stream.py with the results appended as they finish."""

from benchmarks.workloads.asyncio.async_stream import cli

if __name__ == "__main__":
    cli("asyncio", ordered=False)
