"""Cascading deadlines (docs/seeds.md, "Cascading deadlines").

One deadline for a chain of steps: each step gets what is left of it (at most
15 s), so the whole chain ends in time however the time is spent. In beampy the
clock is trio's (``trio.current_time()``, which a MockClock drives in tests).
The same chain under trio's own ``move_on_at`` works inside a process too,
around plain trio I/O or around ``Task.await_``.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import structlog
import trio
import trio.testing

import beampy
from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

BUDGET = 0.5  # the seeds give the chain 60 s; the slow endpoint takes 30 s
SOURCES = {"dns": "/fast/dns", "whois": "/fast/whois", "certs": "/slow/certs"}


async def query_source(port: int, source: str) -> str:
    return (await localhttp.get(port, SOURCES[source])).body


async def with_timeout(port: int, source: str, timeout: float) -> tuple[str, Any]:
    task = Task.async_(query_source, port, source)
    match await Task.yield_(task, timeout) or await Task.shutdown(task):
        case ("ok", answer):
            return ("ok", answer)
        case _:
            return ("error", "timeout")


async def query_with_deadline(port: int, source: str, deadline: float) -> tuple[str, Any]:
    remaining = deadline - trio.current_time()
    if remaining <= 0:
        return ("error", "deadline_exceeded")
    return await with_timeout(port, source, min(remaining, 15.0))


async def investigate(port: int, sources: list[str], budget: float) -> tuple[str, Any]:
    """The seeds' ``with`` chain: the first error ends it, else every answer."""
    deadline = trio.current_time() + budget
    answers = {}
    for source in sources:
        match await query_with_deadline(port, source, deadline):
            case ("ok", answer):
                answers[source] = answer
            case error:
                return error
    return ("ok", answers)


async def investigate_move_on_at(port: int, sources: list[str], budget: float) -> dict[str, str]:
    """The same with trio's deadline, around plain trio I/O in this very process."""
    answers = {}
    with trio.move_on_at(trio.current_time() + budget):
        for source in sources:
            answers[source] = await query_source(port, source)
    return answers


async def investigate_tasks_move_on_at(
    port: int, sources: list[str], budget: float
) -> tuple[dict[str, str], Any]:
    """And around ``Task.await_``: the wait is cancelled, the task is not; shut it down."""
    answers: dict[str, str] = {}
    task = None
    with trio.move_on_at(trio.current_time() + budget):
        for source in sources:
            task = Task.async_(query_source, port, source)
            answers[source] = await Task.await_(task, math.inf)
            task = None
    cut_off = None if task is None else (task.mfa[1], await Task.shutdown(task, "brutal_kill"))
    return answers, cut_off


async def main(port: int) -> None:
    print("chain:", await investigate(port, ["dns", "whois"], BUDGET))
    print("chain with a slow step:", await investigate(port, ["dns", "certs", "whois"], BUDGET))
    print("chain with no time left:", await investigate(port, ["dns"], 0.0))
    print("move_on_at:", await investigate_move_on_at(port, ["dns", "certs", "whois"], BUDGET))
    answers, cut_off = await investigate_tasks_move_on_at(port, ["dns", "certs"], BUDGET)
    print("move_on_at around await_:", answers, "cut off:", cut_off)


# -- the cascade itself, on trio's MockClock: each step is given what is left ------------


async def step(name: str, seconds: float) -> str:
    """A step that takes ``seconds`` (beampy.sleep stands in for its I/O)."""
    await beampy.sleep(seconds)
    return f"{name}: ok"


async def cascade() -> None:
    """Budget 10 s, at most 5 s a step: steps of 3, 3.5, 5 and 1 s."""
    deadline = trio.current_time() + 10.0
    for name, seconds in (("dns", 3.0), ("whois", 3.5), ("certs", 5.0), ("asn", 1.0)):
        remaining = deadline - trio.current_time()
        if remaining <= 0:
            print(f"    {name}: deadline_exceeded, not started")
            continue
        given = min(remaining, 5.0)
        task = Task.async_(step, name, seconds)
        outcome = await Task.yield_(task, given) or await Task.shutdown(task)
        took = seconds if outcome is not None else given
        print(f"    {name}: given {given:g} s, {'ok' if outcome else 'timed out'} after {took:g} s")


if __name__ == "__main__":
    localhttp.run(main)
    print("the cascade (10 s budget, 5 s cap; mock time):")
    beampy.run(cascade, clock=trio.testing.MockClock(autojump_threshold=0))

# Output:
# chain: ('ok', {'dns': 'dns: ok', 'whois': 'whois: ok'})
# chain with a slow step: ('error', 'timeout')
# chain with no time left: ('error', 'deadline_exceeded')
# move_on_at: {'dns': 'dns: ok'}
# move_on_at around await_: {'dns': 'dns: ok'} cut off: ('query_source', None)
# the cascade (10 s budget, 5 s cap; mock time):
#     dns: given 5 s, ok after 3 s
#     whois: given 5 s, ok after 3.5 s
#     certs: given 3.5 s, timed out after 3.5 s
#     asn: deadline_exceeded, not started
