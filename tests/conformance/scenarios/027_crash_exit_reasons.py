"""027 crash_exit_reasons: port of 027_crash_exit_reasons.exs (the rule is stated there).

Mappings (Python has no throw and no Erlang errors):
  * ``exit(:my_reason)``  -> ``raise beampy.Exit("my_reason")``
  * ``throw(:oops)``      -> ``raise Throw("oops")`` (port-local; renders {{:nocatch, :oops}, ...})
  * ``raise "boom"``      -> ``raise RuntimeError("boom")``
  * ``1 / zero``          -> ZeroDivisionError (renders {:badarith, :stacktrace})
  * returning a value     -> returning a value (reason "normal")
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Throw, Trace


async def reason_of(body: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    _, mref = beampy.spawn_monitor(body)
    return (await beampy.receive(DownMessage(mref, ANY, ANY))).reason


async def exits() -> None:
    raise beampy.Exit("my_reason")


async def throws() -> None:
    raise Throw("oops")


async def raises() -> None:
    raise RuntimeError("boom")


async def returns() -> str:
    return "value"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("exit", await reason_of(exits))
    T.p("throw", await reason_of(throws))
    T.p("raise", await reason_of(raises))
    zero = len(())  # a divisor no linter folds into a constant

    async def divides() -> float:
        return 1 / zero

    T.p("badarith", await reason_of(divides))
    T.p("return", await reason_of(returns))
    T.done()
