"""uvloop peer: the asyncio workload on uvloop's event loop."""

from benchmarks.workloads.asyncio.task_await_many import cli

if __name__ == "__main__":
    cli("uvloop")
