"""uvloop peer: the asyncio workload on uvloop's event loop."""

from benchmarks.workloads.asyncio.task_async_await import cli

if __name__ == "__main__":
    cli("uvloop")
