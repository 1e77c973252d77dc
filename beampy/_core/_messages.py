"""The messages the process layer itself sends.

Erlang's tagged tuples become small frozen dataclasses that work with
``match`` and with receive patterns:

* ``{'DOWN', Ref, process, Pid, Reason}`` -> :class:`DownMessage`
* ``{'EXIT', Pid, Reason}`` -> :class:`ExitMessage`
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


@dataclass(frozen=True, slots=True)
class ExitMessage:
    """What a process that traps exits receives instead of dying.

    ``pid`` is the sender of the exit signal (the linked process that exited,
    or the caller of :func:`beampy.exit`) and ``reason`` the exit reason.
    """

    pid: Any
    reason: Any
