"""thespian peer: ``simpleSystemBase``, thespian's single-threaded, in-process actor system.

Actors are callback objects (``receiveMessage``); every ``tell``/``ask`` from outside runs the
system's delivery loop in the caller's thread until no message is pending (or, for ``ask``, until
the reply arrives).
"""

from __future__ import annotations

from typing import Any

from thespian.actors import ActorSystem  # type: ignore[import-untyped]

IMPL = "thespian"


def actor_system() -> Any:
    """A fresh simpleSystemBase actor system, with thespian's own logging setup turned off."""
    return ActorSystem("simpleSystemBase", logDefs=False)


def is_gone(asys: Any, addr: Any) -> bool:
    """True when the actor at ``addr`` no longer exists in the system (reads thespian internals)."""
    ref = asys._systemBase.actorRegistry.get(addr.actorAddressString)
    return ref is None or ref.instance is None
