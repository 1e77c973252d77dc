"""003 receive_after: port of 003_receive_after.exs (the rule is stated there).

``receive ... after T`` is ``receive(..., timeout=T)`` raising ReceiveTimeout; ``after 0`` is
``timeout=0``. Elixir's milliseconds are seconds here (50 ms -> 0.05).
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def send_later(to: beampy.Pid) -> None:
    await beampy.sleep(0.03)
    beampy.send(to, "late_but_in_time")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    # nothing queued, nothing coming: the 50 ms timeout fires
    try:
        m = await beampy.receive(timeout=0.05)
    except beampy.ReceiveTimeout:
        T.say("timeout_50")
    else:
        T.p("unexpected", m)

    # empty mailbox, after 0: immediate timeout
    try:
        m = await beampy.receive(timeout=0)
    except beampy.ReceiveTimeout:
        T.say("timeout_0")
    else:
        T.p("unexpected", m)

    # a queued message is found by an `after 0` poll
    beampy.send(beampy.self(), "queued")
    try:
        m = await beampy.receive(timeout=0)
    except beampy.ReceiveTimeout:
        T.say("timeout_0_unexpected")
    else:
        T.p("recv_0", m)

    # a message arriving 30 ms into a 2 s wait is received
    beampy.spawn(send_later, beampy.self())
    try:
        m = await beampy.receive(timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("timeout_unexpected")
    else:
        T.p("recv", m)

    # a queued message that does not match does not stop the timeout
    beampy.send(beampy.self(), "other")
    try:
        await beampy.receive("wanted", timeout=0.05)
    except beampy.ReceiveTimeout:
        T.say("timeout_nonmatching")
    else:
        T.say("unexpected")

    try:
        m = await beampy.receive(timeout=0)
    except beampy.ReceiveTimeout:
        T.say("no_leftover")
    else:
        T.p("leftover", m)
    T.done()
