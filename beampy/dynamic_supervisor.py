"""DynamicSupervisor: Elixir's ``DynamicSupervisor``, children started on demand.

``DynamicSupervisor`` is also available as ``beampy.DynamicSupervisor``.
docs/dynamic_supervisor.md is the guide.

Example::

    from beampy import DynamicSupervisor

    ok, sup = await DynamicSupervisor.start_link(max_children=100)
    ok, pid = await DynamicSupervisor.start_child(sup, (Worker, "job"))
"""

from ._otp._child import SpecError as SpecError
from ._otp._dynamic_supervisor import DynamicSupervisor as DynamicSupervisor

__all__ = ["DynamicSupervisor", "SpecError"]
