"""422 sys_get_status: port of 422_sys_get_status.exs (the rule is stated there).

Erlang's charlists in the status (the header, the data keys) are ``str`` in beampy; the
Elixir side turns them into binaries, so the port shows them as ``bytes``. Elixir's
``format_status/1`` map is a dict with the same keys.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Secret(GenServer):
    def init(self, arg: tuple[beampy.Pid, dict[str, bytes]]) -> Ok:
        return Ok(arg)

    def format_status(self, status: dict[str, Any]) -> dict[str, Any]:
        main, s = status["state"]
        beampy.send(main, ("ev", ("format_status_keys", sorted(status))))
        return {**status, "state": ("hidden", len(s))}


class Plain(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)


def strings(pairs: list[tuple[str, Any]]) -> list[tuple[bytes, Any]]:
    return [(k.encode(), v) for k, v in pairs]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    state = {"user": b"joe", "password": b"secret"}
    _, pid = await GenServer.start_link(Secret, (me, state), name="conf422")
    T.name(pid, "server")
    status, spid, mod, [_pdict, sys_state, parent, debug, misc] = await sys.get_status(pid, 1.0)
    T.p("shape", (status, spid, mod))
    T.p("sys_state", sys_state)
    T.p("parent", parent)
    T.p("debug", debug)
    [(_, header), (_, data), (_, state_data)] = misc
    T.p("header", header.encode())
    T.p("data", strings(data))
    T.p("state_data", strings(state_data))
    await T.ev()
    main_, s = await sys.get_state(pid, 1.0)
    assert main_ == me
    T.p("get_state", s)

    _, other = await GenServer.start(Plain, 7)
    T.name(other, "other")
    _, _, _, [_, _, parent2, _, misc2] = await sys.get_status(other, 1.0)
    T.p("unlinked_parent", parent2)
    [_, _, (_, state_data2)] = misc2
    T.p("unlinked_state_data", strings(state_data2))
    T.done()
