"""Task: run a function in its own process and collect its result (Elixir's ``Task``).

``Task`` is also available as ``beampy.Task``.  docs/task.md is the guide.

Example::

    from beampy.task import Task

    task = Task.async_(fetch, "https://example.com")
    page = await Task.await_(task)                 # 5 s, then the caller exits

    async with Task.async_stream(urls, fetch, max_concurrency=10,
                                 on_timeout="kill_task", ordered=False) as results:
        async for result in results:               # ("ok", page) | ("exit", reason)
            ...
"""

from ._otp._task import AsyncStream as AsyncStream
from ._otp._task import Task as Task

__all__ = ["AsyncStream", "Task"]
