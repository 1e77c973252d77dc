"""genserver_cast: N ``GenServer.cast`` to a counter server, then one call; time per cast.

The server's ``handle_cast("inc", n)`` returns ``NoReply(n + 1)``; ``handle_call("get")``
returns the count. A client process times N casts followed by one ``call(srv, "get")``: the
call's reply comes after every cast was handled, so the time counts all of them; it checks the
count is N. benchmarks/beam/genserver_cast.exs is the same program in Elixir.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, GenServer, Pid, receive, send, spawn
from beampy.gen_server import NoReply
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL
from benchmarks.workloads.beampy.genserver_call import Counter


class CastCounter(Counter):
    def handle_cast(self, request: Any, n: Any) -> Any:
        match request:
            case "inc":
                return NoReply(n + 1)


async def client(srv: Pid, n: int, driver: Pid) -> None:
    cast = GenServer.cast
    t0 = now_ns()
    for _ in range(n):
        cast(srv, "inc")
    count = await GenServer.call(srv, "get")
    t1 = now_ns()
    send(driver, ("done", t1 - t0, count))


async def main(n: int) -> None:
    _, srv = await GenServer.start_link(CastCounter, 0)
    check(await GenServer.call(srv, "get") == 0, "the counter did not start at 0")
    spawn(client, srv, n, beampy.self())
    _, ns, count = await receive(("done", ANY, ANY))
    emit("genserver_cast", IMPL, "cast", n, ns / 1e9)
    check(count == n, f"the server counted {count} casts, not {n}")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
