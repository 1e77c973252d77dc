"""433 gs_continue_chain: port of 433_gs_continue_chain.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import Continue, GenServer, NoReply, Ok, Reply, Stop
from tests.conformance.support.trace import Trace

State = tuple[beampy.Pid, list[Any]]


class Chain(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        beampy.send(main, ("started", beampy.self()))
        return Ok((main, ["init"]), Continue(1))

    async def handle_continue(self, arg: Any, state: State) -> NoReply | Stop:
        main, log = state
        match arg:
            case int(n) if n < 4:
                await beampy.sleep(0.01)
                return NoReply((main, [*log, ("step", n)]), Continue(n + 1))
            case 4:
                return NoReply((main, [*log, "chain_done"]))
            case ("answer", from_):
                GenServer.reply(from_, ("answered", len(log)))
                return NoReply((main, [*log, "answered"]))
            case _:  # "quit"
                return Stop("finished", state)

    def handle_call(self, request: Any, from_: Any, state: State) -> Reply | NoReply:
        if request == "log":
            return Reply(state[1], state)
        return NoReply(state, Continue(("answer", from_)))

    def handle_cast(self, request: Any, state: State) -> NoReply:
        return NoReply(state, Continue("quit"))

    def handle_info(self, msg: Any, state: State) -> NoReply:
        main, log = state
        return NoReply((main, [*log, ("info", msg)]))

    def terminate(self, reason: Any, state: State) -> None:
        beampy.send(state[0], ("ev", ("terminate", reason)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start(Chain, beampy.self())
    T.name(pid, "server")
    beampy.send(pid, "early")
    T.p("log", await GenServer.call(pid, "log"))
    T.p("later", await GenServer.call(pid, "later"))
    T.p("log_after", await GenServer.call(pid, "log"))
    ref = beampy.monitor(pid)
    GenServer.cast(pid, "quit")
    T.p("down", (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
    await T.ev()
    T.done()
