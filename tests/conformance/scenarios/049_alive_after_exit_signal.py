"""049 alive_after_exit_signal: port of 049_alive_after_exit_signal.exs (rule stated there).

A process's own earlier signals are handled before its later ``is_alive``/``info`` look.
"""

from __future__ import annotations

import math

import beampy
from tests.conformance.support.trace import Trace, process_info


async def sleep_forever() -> None:
    await beampy.sleep(math.inf)


async def trapping_sleeper(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    await beampy.sleep(math.inf)


async def wait_never() -> None:
    await beampy.receive("never")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    p = beampy.spawn(sleep_forever)
    beampy.exit(p, "kill")
    T.p("killed_alive", beampy.is_alive(p))

    q = beampy.spawn(sleep_forever)
    beampy.exit(q, "custom")
    T.p("custom_alive", beampy.is_alive(q))

    r = beampy.spawn(sleep_forever)
    beampy.exit(r, "normal")
    T.p("normal_alive", beampy.is_alive(r))
    beampy.exit(r, "kill")

    t = beampy.spawn(trapping_sleeper, beampy.self())
    await beampy.receive("ready")
    beampy.exit(t, "custom")
    T.p("trapper_alive", beampy.is_alive(t))
    beampy.exit(t, "kill")

    s = beampy.spawn(wait_never)
    beampy.send(s, "hello")
    T.p("queue_len", process_info(s, "message_queue_len"))
    beampy.exit(s, "kill")
    T.done()
