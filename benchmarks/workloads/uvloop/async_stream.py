"""uvloop peer: the asyncio workload on uvloop's event loop."""

from benchmarks.workloads.asyncio.async_stream import cli

if __name__ == "__main__":
    cli("uvloop")
