"""Gotcha 1: ordered vs unordered (docs/seeds.md, "The three gotchas").

With ``ordered=True`` (the default) results come in input order, so every answer
behind a slow item waits for it; with ``ordered=False`` they come as they finish.
Same work, same total time: what changes is when each result reaches you. Here
the first adapter is the slow one, killed at the timeout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import trio

from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

TIMEOUT = 0.5
PATHS = ["/slow/crt.sh", "/fast/shodan", "/fast/whois", "/fast/dns"]


async def fetch(path: str, port: int) -> str:
    return (await localhttp.get(port, path)).body.split(":")[0]


async def run(port: int, ordered: bool) -> list[tuple[str, Any, bool]]:
    """Each result, and whether it arrived before the slow item's timeout passed."""
    start = trio.current_time()
    stream = Task.async_stream(
        PATHS,
        fetch,
        port,
        max_concurrency=10,
        timeout=TIMEOUT,
        on_timeout="kill_task",
        ordered=ordered,
    )
    return [(kind, value, trio.current_time() - start < TIMEOUT) async for kind, value in stream]


async def main(port: int) -> None:
    both = [Task.async_(run, port, True), Task.async_(run, port, False)]  # side by side
    for ordered, results in zip((True, False), await Task.await_many(both), strict=True):
        if not ordered:  # the three fast answers finish in any order: sort them to print
            results = sorted(results, key=lambda r: (not r[2], r[1]))
        print(f"ordered={ordered}:")
        for kind, value, early in results:
            print(f"   {kind:4} {value!r:10} {'at once' if early else 'after the timeout'}")


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# ordered=True:
#    exit 'timeout'  after the timeout
#    ok   'shodan'   after the timeout
#    ok   'whois'    after the timeout
#    ok   'dns'      after the timeout
# ordered=False:
#    ok   'dns'      at once
#    ok   'shodan'   at once
#    ok   'whois'    at once
#    exit 'timeout'  after the timeout
