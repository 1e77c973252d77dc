"""The cheapest actor that plain trio allows: one trio task per actor, a deque for a mailbox.

``send`` appends and, when the owner is parked, reschedules it with
``trio.lowlevel.reschedule``; ``receive`` parks with ``wait_task_rescheduled`` only when the deque
is empty. No locks, no channels, no memory channel's cancellation bookkeeping: this is the floor
for "every process is a trio task" (see DESIGN.md).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from typing import Any

import trio
from trio.lowlevel import Abort, Task, current_task, reschedule, wait_task_rescheduled

IMPL = "trio_actor"


class Mailbox:
    """A single-reader mailbox: any task may ``send``; only its owner task may ``receive``."""

    __slots__ = ("_q", "_task")

    def __init__(self) -> None:
        self._q: deque[Any] = deque()
        self._task: Task | None = None

    def send(self, msg: Any) -> None:
        self._q.append(msg)
        task = self._task
        if task is not None:
            self._task = None
            reschedule(task)

    async def receive(self) -> Any:
        """The oldest message; parks only when the mailbox is empty (no checkpoint otherwise)."""
        q = self._q
        if not q:
            await self._park()
        return q.popleft()

    async def receive_match(self, pred: Callable[[Any], bool]) -> Any:
        """The oldest message for which ``pred`` is true, leaving the others queued in order.

        A plain scan (messages already looked at are not looked at again while waiting), with no
        trick to skip what was queued before the awaited reference was made.
        """
        q = self._q
        start = 0
        while True:
            for i, msg in enumerate(itertools.islice(q, start, None), start):
                if pred(msg):
                    del q[i]
                    return msg
            start = len(q)
            await self._park()

    async def _park(self) -> None:
        self._task = current_task()
        await wait_task_rescheduled(self._abort)

    def _abort(self, _raise_cancel: Any) -> Abort:
        self._task = None
        return Abort.SUCCEEDED


class Counter:
    """A mutable int shared by the actors of one run (started / still alive)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


async def wait_until(pred: Callable[[], bool]) -> None:
    """Yield to the other tasks until ``pred()`` holds."""
    while not pred():
        await trio.sleep(0)
