"""The messages the process layer itself sends.

Erlang's tagged tuples become small frozen dataclasses that work with
``match`` and with receive patterns:

* ``{'DOWN', Ref, process, Pid, Reason}`` -> :class:`DownMessage`
* ``{'EXIT', Pid, Reason}`` -> :class:`ExitMessage`
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True, slots=True)
class DownMessage:
    """What a monitoring process receives when the monitored process exits.

    ``ref`` is the monitor reference, ``pid`` the monitored object (a
    :class:`~beampy.Pid`, or ``(name, node)`` when a registered name was
    monitored) and ``reason`` its exit reason (``"noproc"`` if it was already
    gone).

    Example::

        ref = beampy.monitor(pid)
        match await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY)):
            case beampy.DownMessage(reason=reason):
                print("it exited with", reason)
    """

    ref: Any
    pid: Any
    reason: Any

    def __init__(self, ref: Any, pid: Any, reason: Any) -> None:
        # (the slots' own setters: a frozen dataclass's generated __init__ goes
        # through object.__setattr__, twice the cost; every call makes one)
        _down_ref(self, ref)
        _down_pid(self, pid)
        _down_reason(self, reason)


@dataclass(frozen=True, slots=True)
class ExitMessage:
    """What a process that traps exits receives instead of dying.

    ``pid`` is the sender of the exit signal (the linked process that exited,
    or the caller of :func:`beampy.exit`) and ``reason`` the exit reason.
    """

    pid: Any
    reason: Any

    def __init__(self, pid: Any, reason: Any) -> None:
        _exit_pid(self, pid)
        _exit_reason(self, reason)


def _setter(cls: type, name: str) -> Any:
    """The setter of a slot of a frozen dataclass (which refuses ``setattr``)."""
    return vars(cls)[name].__set__


_down_ref: Final = _setter(DownMessage, "ref")
_down_pid: Final = _setter(DownMessage, "pid")
_down_reason: Final = _setter(DownMessage, "reason")
_exit_pid: Final = _setter(ExitMessage, "pid")
_exit_reason: Final = _setter(ExitMessage, "reason")
