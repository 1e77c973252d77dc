"""Supervisor: Elixir's ``Supervisor``, a process that starts, restarts and stops children.

``Supervisor`` is also available as ``beampy.Supervisor``.  docs/supervisor.md is
the guide.

Example::

    from beampy import Agent, Supervisor

    children = [
        {"id": "counter", "start": (Agent.start_link, lambda: 0)},
        (Worker, "arg"),
    ]
    ok, sup = await Supervisor.start_link(children, strategy="one_for_one")
"""

from ._otp._child import SpecError as SpecError
from ._otp._supervisor import Supervisor as Supervisor

__all__ = ["SpecError", "Supervisor"]
