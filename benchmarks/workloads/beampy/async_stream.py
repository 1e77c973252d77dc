"""async_stream: ``Task.async_stream`` of a trivial function over N items, 100 at a time.

``await Task.async_stream(range(N), double, max_concurrency=100).to_list()`` in the driver
process (``double(i)`` is a plain function returning ``2 * i``): one task per item, at most 100
running, results in input order. Timed from the call to the list; per item. Checked: the list
is ``[("ok", 2 * i) for i in range(N)]`` and no task is left. async_stream_unordered.py runs
it with ``ordered=False`` (checked on the sorted results).
benchmarks/beam/async_stream.exs is the same program in Elixir (``Task.async_stream(0..N-1,
&double/1, max_concurrency: 100) |> Enum.to_list()``).
"""

from __future__ import annotations

import beampy
from beampy import Task
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL

MAX_CONCURRENCY = 100


def double(i: int) -> int:
    return 2 * i


async def main(n: int, ordered: bool) -> None:
    bench = "async_stream" if ordered else "async_stream_unordered"
    base = len(beampy.list())
    t0 = now_ns()
    results = await Task.async_stream(
        range(n), double, max_concurrency=MAX_CONCURRENCY, ordered=ordered
    ).to_list()
    t1 = now_ns()
    emit(bench, IMPL, "item", n, (t1 - t0) / 1e9, max_concurrency=MAX_CONCURRENCY)
    expected = [("ok", 2 * i) for i in range(n)]
    check((results if ordered else sorted(results)) == expected, "wrong results")
    check(len(beampy.list()) == base, "tasks left after the stream")


def cli(ordered: bool) -> None:
    beampy.run(main, parser(__doc__ or "").parse_args().n, ordered)


if __name__ == "__main__":
    cli(ordered=True)
