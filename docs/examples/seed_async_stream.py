"""The async_stream recipe (docs/seeds.md, "The async_stream recipe").

"Ten at a time, five seconds each, kill on timeout, unordered": one slow adapter
becomes ``("exit", "timeout")`` in the results and everything else still comes
back. The seeds write it three ways, all here: a list of ok/error results, a
dict of the adapters that answered, and a reduce that logs what failed.

The seeds' timeouts are 5, 10 and 15 seconds; this file passes half a second
(``TIMEOUT``) so that it runs quickly. The slow endpoint takes 30 s either way.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import structlog

from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# The warnings of enrich_entities go to stderr, as an application would send them.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
log = structlog.get_logger()

TIMEOUT = 0.5


@dataclass(frozen=True)
class Adapter:
    """An OSINT source: its name and the endpoint of the local server it stands for."""

    name: str
    port: int
    path: str

    async def search(self, query: str) -> tuple[str, Any]:
        """``("ok", hits)`` or ``("error", reason)``: an adapter's errors are values."""
        try:
            response = await localhttp.get(self.port, f"{self.path}:{query}")
        except ConnectionError as e:
            return ("error", str(e))
        if response.status != 200:
            return ("error", f"HTTP {response.status}")
        return ("ok", response.body)


def adapters(port: int) -> list[Adapter]:
    return [
        Adapter("shodan", port, "/fast/shodan"),
        Adapter("virustotal", port, "/fail/virustotal"),
        Adapter("crt.sh", port, "/slow/crt.sh"),
        Adapter("whois", port, "/reset/whois"),
        Adapter("dns", port, "/delay/50/dns"),
    ]


async def search_all(
    sources: list[Adapter], query: str, timeout: float = 5.0
) -> list[tuple[str, Any]]:
    """The recipe: every result as ("ok", hits) or ("error", reason), in finishing order."""

    async def search(adapter: Adapter) -> tuple[str, Any]:
        return await adapter.search(query)

    stream = Task.async_stream(
        sources, search, max_concurrency=10, timeout=timeout, on_timeout="kill_task", ordered=False
    )
    out = []
    async with stream:
        async for result in stream:
            match result:
                case ("ok", ("ok", hits)):
                    out.append(("ok", hits))
                case ("ok", ("error", reason)):
                    out.append(("error", reason))
                case ("exit", reason):
                    out.append(("error", ("timeout_or_crash", reason)))
    return out


async def parallel_search(
    sources: list[Adapter], query: str, timeout: float = 10.0
) -> dict[str, Any]:
    """The seeds' ParallelSearch: a dict of what each adapter said, the killed ones left out."""

    async def search(adapter: Adapter) -> tuple[str, Any]:
        return (adapter.name, await adapter.search(query))

    found = {}
    async for result in Task.async_stream(
        sources, search, max_concurrency=len(sources), timeout=timeout, on_timeout="kill_task"
    ):
        match result:
            case ("ok", (name, answer)):
                found[name] = answer
            case ("exit", _reason):
                pass
    return found


async def enrich_entities(
    sources: list[Adapter], max_concurrency: int = 10, timeout: float = 15.0
) -> list[str]:
    """The seeds' enrich_entities: keep the results, log the errors and the crashes."""
    stream = Task.async_stream(
        sources,
        Adapter.search,
        "entity-42",
        max_concurrency=max_concurrency,
        timeout=timeout,
        on_timeout="kill_task",
        ordered=False,
        zip_input_on_exit=True,
    )
    enriched = []
    async with stream:
        async for result in stream:
            match result:
                case ("ok", ("ok", hits)):
                    enriched.append(hits)
                case ("ok", ("error", reason)):
                    log.warning("entity_enrichment_failed", reason=reason)
                case ("exit", (adapter, reason)):
                    log.warning("entity_enrichment_crashed", adapter=adapter.name, reason=reason)
    return enriched


async def main(port: int) -> None:
    sources = adapters(port)
    # The three shapes at once, each in a task of its own.
    results, found, enriched = await Task.await_many(
        [
            Task.async_(search_all, sources, "example.com", TIMEOUT),
            Task.async_(parallel_search, sources, "example.com", TIMEOUT),
            Task.async_(enrich_entities, sources, 10, TIMEOUT),
        ],
        10.0,
    )
    print("search_all: the killed adapter came last:", results[-1])
    for result in sorted(map(repr, results[:-1])):
        print("  ", result)
    print("parallel_search, in input order, crt.sh left out:")
    for name, answer in found.items():
        print(f"   {name:10} {answer}")
    print("enrich_entities kept:", sorted(enriched))


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# search_all: the killed adapter came last: ('error', ('timeout_or_crash', 'timeout'))
#    ('error', 'GET /reset/whois:example.com: connection reset')
#    ('error', 'HTTP 500')
#    ('ok', 'dns:example.com: ok')
#    ('ok', 'shodan:example.com: ok')
# parallel_search, in input order, crt.sh left out:
#    shodan     ('ok', 'shodan:example.com: ok')
#    virustotal ('error', 'HTTP 500')
#    whois      ('error', 'GET /reset/whois:example.com: connection reset')
#    dns        ('ok', 'dns:example.com: ok')
# enrich_entities kept: ['dns:entity-42: ok', 'shodan:entity-42: ok']
