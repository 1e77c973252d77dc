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

``tree(sup)`` and ``format_tree(...)`` draw a running supervision tree (not Elixir
functions; docs/supervisor.md, "A picture of a running tree").
"""

from ._otp._child import SpecError as SpecError
from ._otp._supervisor import Supervisor as Supervisor
from ._otp._tree import TreeNode as TreeNode
from ._otp._tree import format_tree as format_tree
from ._otp._tree import tree as tree

__all__ = ["SpecError", "Supervisor", "TreeNode", "format_tree", "tree"]
