"""001 spawn_send_receive: port of 001_spawn_send_receive.exs (the rule is stated there).

spawn starts a process, send delivers to its mailbox, and the child answers the pid that came
inside the message.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def echo_once() -> None:
    match await beampy.receive(("ping", ANY, ANY)):
        case ("ping", reply_to, payload):
            beampy.send(reply_to, ("echo", beampy.self(), payload))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    child = T.name(beampy.spawn(echo_once), "child")
    beampy.send(child, ("ping", beampy.self(), "hello"))
    try:
        T.p("recv", await beampy.receive(timeout=2.0))
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    T.done()
