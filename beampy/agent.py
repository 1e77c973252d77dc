"""Agent: state kept by a process, read and changed with functions (Elixir's ``Agent``).

``Agent`` is also available as ``beampy.Agent``.  docs/agent.md is the guide.

Example::

    from beampy.agent import Agent

    _, counter = await Agent.start_link(lambda: 0)
    await Agent.update(counter, lambda n: n + 1)   # "ok"
    await Agent.get(counter, lambda n: n)          # 1
"""

from ._otp._agent import Agent as Agent

__all__ = ["Agent"]
