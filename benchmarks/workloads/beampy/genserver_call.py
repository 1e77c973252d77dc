"""genserver_call: N ``GenServer.call`` round trips to a counter server; time per call.

The server is a ``GenServer`` whose ``handle_call("inc", from_, n)`` returns ``Reply(n + 1,
n + 1)`` (and ``"get"`` returns ``Reply(n, n)``). A client process does the N calls with the
default 5 s timeout, as Elixir's ``GenServer.call/2`` does, and times itself (from its first
call to its last reply); it checks that the last reply is N. One untimed call first (the server
is then in its loop). benchmarks/beam/genserver_call.exs is the same program in Elixir.

The client and the server are shared with the other ``genserver_*`` workloads.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, GenServer, Pid, receive, send, spawn
from beampy.gen_server import Ok, Reply
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


class Counter(GenServer):
    def init(self, n: Any) -> Any:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: Any) -> Any:
        match request:
            case "inc":
                return Reply(n + 1, n + 1)
            case "get":
                return Reply(n, n)


async def calls(srv: Pid, n: int) -> Any:
    """n calls of "inc"; the last reply."""
    call = GenServer.call
    last = None
    for _ in range(n):
        last = await call(srv, "inc")
    return last


async def client(driver: Pid, queued: int = 0) -> None:
    """Does ("go", srv, n) requests, each n calls, timed here; ``queued`` junk messages first.

    The junk messages stay in this process's mailbox for its whole life: it only ever takes
    ``("go", ...)`` and ``"stop"`` out of it.
    """
    me = beampy.self()
    for i in range(queued):
        send(me, ("junk", i))
    send(driver, ("ready", me))
    while True:
        match await receive(("go", ANY, ANY), "stop"):
            case ("go", srv, n):
                t0 = now_ns()
                last = await calls(srv, n)
                t1 = now_ns()
                send(driver, ("done", me, t1 - t0, last))
            case "stop":
                return


async def start_client(queued: int = 0) -> Pid:
    pid = spawn(client, beampy.self(), queued)
    await receive(("ready", pid))
    return pid


async def segment(cli: Pid, srv: Pid, n: int) -> tuple[int, Any]:
    """(nanoseconds, last reply) of n calls from ``cli`` to ``srv``."""
    send(cli, ("go", srv, n))
    _, _, ns, last = await receive(("done", cli, ANY, ANY))
    return ns, last


async def main(n: int) -> None:
    _, srv = await GenServer.start_link(Counter, 0)
    check(await GenServer.call(srv, "get") == 0, "the counter did not start at 0")
    cli = await start_client()
    ns, last = await segment(cli, srv, n)
    send(cli, "stop")
    emit("genserver_call", IMPL, "call", n, ns / 1e9)
    check(last == n, f"the last reply was {last!r}, not {n}")
    check(await GenServer.call(srv, "get") == n, "the counter is not n")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
