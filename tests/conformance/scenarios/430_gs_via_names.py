"""430 gs_via_names: port of 430_gs_via_names.exs (the rule is stated there).

The via registry is an object with register_name, unregister_name, whereis_name and send,
here backed by the local registry as the Elixir module is; it subclasses the trace's ``Mod``
only so that the trace prints it as the module ``ViaReg``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Mod, Trace


class ViaReg(Mod):
    def register_name(self, key: str, pid: beampy.Pid) -> bool:
        try:
            beampy.register(pid, "via_" + key)
        except ValueError:
            return False
        return True

    def unregister_name(self, key: str) -> None:
        beampy.unregister("via_" + key)

    def whereis_name(self, key: str) -> beampy.Pid | None:
        return beampy.whereis("via_" + key)

    def send(self, key: str, msg: Any) -> None:
        pid = self.whereis_name(key)
        if pid is None:
            raise beampy.Exit(("badarg", (key, msg)))
        beampy.send(pid, msg)


class Kv(GenServer):
    def init(self, state: Any) -> Ok:
        return Ok(state)

    def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
        return Reply(state, state)

    def handle_cast(self, request: Any, state: Any) -> NoReply:
        _, x = request
        return NoReply(x)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    via = ("via", ViaReg("ViaReg"), "k")
    _, pid = await GenServer.start_link(Kv, "empty", name=via)
    T.name(pid, "server")
    T.p("whereis", GenServer.whereis(via))
    T.p("registered_as", beampy.whereis("via_k"))
    T.p("call", await GenServer.call(via, "get"))
    T.p("cast", GenServer.cast(via, ("put", "full")))
    T.p("call_after_cast", await GenServer.call(via, "get"))
    T.p("second_start", await GenServer.start(Kv, "other", name=via))
    T.p("stop", await GenServer.stop(via))
    T.p("whereis_after", GenServer.whereis(via))
    try:
        await GenServer.call(via, "get")
    except beampy.Exit as e:
        T.p("call_after_stop", e.reason)
    T.done()
