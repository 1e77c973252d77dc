"""Task.Supervisor: a DynamicSupervisor whose children are tasks (Elixir's ``Task.Supervisor``).

``TaskSupervisor`` is also available as ``beampy.TaskSupervisor`` and as
``Task.Supervisor``.  docs/task_supervisor.md is the guide.

Example::

    from beampy import Supervisor, Task

    children = [(Task.Supervisor, {"name": "my_tasks"})]
    ok, sup = await Supervisor.start_link(children, strategy="one_for_one")

    task = await Task.Supervisor.async_nolink("my_tasks", fetch, url)
    result = await Task.yield_(task, 5.0) or await Task.shutdown(task)
"""

from ._otp._task_supervisor import TaskSupervisor as TaskSupervisor

__all__ = ["TaskSupervisor"]
