"""The floor of a Task pair: the smallest ``Task.async`` + ``Task.await`` in CPython.

Not beampy: a run queue, a deque per process, native coroutines stepped with ``send``, one
global "current process", and of a Task only what the pair must do on any runtime that has
processes (what Elixir's ``Task.async`` and ``Task.await`` do on the BEAM, counted from their
code in Elixir 1.14):

* ``async``: a new process with its mailbox; a link both ways; a monitor both ways whose
  reference tags the reply; the task's dictionary (``$ancestors``, ``$initial_call``,
  ``$callers``; proc_lib and Task.Supervised put these on the BEAM);
* the task: calls the function, sends ``(ref, result)`` to its owner (the sender tests the
  waiting owner's matcher), ends; its end removes its link and its monitor;
* ``await``: checks the owner, receives the reply or the task's DOWN with a timeout (a timer
  in a heap, cancelled by the reply), turns the monitor off.

None of what beampy must also do: reductions, a context per process, trio hosting, exit
reasons and signals other than ``normal``, trap_exit, names, aliases, timers that fire,
process states, errors with their reports. ``--no-dict`` also drops the dictionary.

What it shows (docs/benchmarks.md, "The floor of a Task pair"): this program already takes
most of what issue 9's target of 2 times the BEAM allows a pair.

    python -m benchmarks.floor_task [--n N] [--runs R] [--count] [--no-dict]

prints per pair the time (minimum and median of R runs) and, with ``--count``, the bytecodes
(counted with ``sys.settrace``; independent of load).
"""

from __future__ import annotations

import argparse
import gc
import heapq
import itertools
import json
import time
import types
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import Any

from benchmarks.floor_patterns import bytecodes_per_op, summary

_seq = itertools.count(1)


class Ref:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = next(_seq)


class Down:
    __slots__ = ("ref", "reason")

    def __init__(self, ref: Ref, reason: Any) -> None:
        self.ref = ref
        self.reason = reason


class Proc:
    __slots__ = ("mq", "coro", "wait", "timer", "links", "monitors", "monitored_by", "dictionary")

    def __init__(self) -> None:
        self.mq: deque[Any] = deque()
        self.coro: Coroutine[Any, Any, None] | None = None
        self.wait: Callable[[Any], bool] | None = None
        self.timer: list[Any] | None = None
        self.links: set[Proc] | None = None
        self.monitors: dict[Ref, Proc] | None = None
        self.monitored_by: dict[Ref, Proc] | None = None
        self.dictionary: dict[str, Any] | None = None


runq: deque[tuple[Proc, Any]] = deque()
timers: list[list[Any]] = []  # [deadline, seq, proc or None when cancelled]
current: Proc | None = None
with_dictionary = True


def send(p: Proc, msg: Any) -> None:
    w = p.wait
    if w is not None and w(msg):
        p.wait = None
        t = p.timer
        if t is not None:
            t[2] = None
            p.timer = None
        runq.append((p, msg))
    else:
        p.mq.append(msg)


def _reply_or_down(ref: Ref, msg: Any) -> bool:
    if type(msg) is tuple:
        return len(msg) == 2 and msg[0] is ref
    return type(msg) is Down and msg.ref is ref


@types.coroutine
def receive_reply(p: Proc, ref: Ref, timeout: float) -> Generator[None, Any, Any]:
    """The owner's ``receive {^ref, _} | {:DOWN, ^ref, ...} after timeout``."""
    matcher = types.MethodType(_reply_or_down, ref)
    mq = p.mq
    for i, msg in enumerate(mq):
        if matcher(msg):
            del mq[i]
            return msg
    p.wait = matcher
    t = [time.monotonic() + timeout, next(_seq), p]
    heapq.heappush(timers, t)
    p.timer = t
    return (yield)


def end(p: Proc, reason: Any) -> None:
    """A process's end: its links and monitors go; a monitor still on gets its DOWN."""
    if p.links:
        for q in p.links:
            if q.links is not None:
                q.links.discard(p)  # a normal exit: nothing else for a linked process
    if p.monitored_by:
        for ref, q in p.monitored_by.items():
            if q.monitors is not None:
                q.monitors.pop(ref, None)
            send(q, Down(ref, reason))


def run() -> None:
    global current
    step = types.CoroutineType.send
    while runq:
        p, v = runq.popleft()
        current = p
        try:
            step(p.coro, v)  # type: ignore[arg-type]
        except StopIteration:
            end(p, "normal")


class Task:
    __slots__ = ("ref", "pid", "owner")

    def __init__(self, ref: Ref, pid: Proc, owner: Proc) -> None:
        self.ref = ref
        self.pid = pid
        self.owner = owner


async def _task_body(
    me: Proc, owner: Proc, ref: Ref, fn: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    send(owner, (ref, fn(*args)))


def task_async(fn: Callable[..., Any], *args: Any) -> Task:
    owner: Any = current
    p = Proc()
    # the link, both ways
    p.links = {owner}
    if owner.links is None:
        owner.links = {p}
    else:
        owner.links.add(p)
    # the monitor, both ways; its reference tags the reply
    ref = Ref()
    if owner.monitors is None:
        owner.monitors = {ref: p}
    else:
        owner.monitors[ref] = p
    p.monitored_by = {ref: owner}
    if with_dictionary:
        d = owner.dictionary
        p.dictionary = {
            "$ancestors": [owner, *d.get("$ancestors", ())] if d else [owner],
            "$initial_call": (fn.__module__, fn.__qualname__, len(args)),
            "$callers": [owner, *d.get("$callers", ())] if d else [owner],
        }
    p.coro = _task_body(p, owner, ref, fn, args)
    runq.append((p, None))
    return Task(ref, p, owner)


async def task_await(task: Task, timeout: float = 5.0) -> Any:
    owner: Any = current
    if task.owner is not owner:
        raise RuntimeError("await_(): not the task's owner")
    ref = task.ref
    msg = await receive_reply(owner, ref, timeout)
    if type(msg) is tuple:
        monitors = owner.monitors
        t = monitors.pop(ref, None) if monitors is not None else None  # demonitor, flush
        if t is not None:
            if t.monitored_by is not None:
                t.monitored_by.pop(ref, None)
        else:  # it fired (the task ended before its owner ran): its DOWN goes
            mq = owner.mq
            for i, m in enumerate(mq):
                if type(m) is Down and m.ref is ref:
                    del mq[i]
                    break
        return msg[1]
    raise RuntimeError(("exit", msg.reason))


def double(i: int) -> int:
    return 2 * i


async def _driver(me: Proc, n: int, out: list[int]) -> None:
    total = 0
    for i in range(n):
        total += await task_await(task_async(double, i))
    out.append(total)


def pairs(n: int) -> float:
    """Runs ``n`` async + await pairs, one after the other; seconds per pair."""
    out: list[int] = []
    p = Proc()
    p.coro = _driver(p, n, out)
    runq.append((p, None))
    t0 = time.perf_counter_ns()
    run()
    t1 = time.perf_counter_ns()
    timers.clear()  # every timer was cancelled; none was due
    if out != [n * (n - 1)]:
        raise AssertionError(f"the replies sum to {out}, not {n * (n - 1)}")
    if p.links or p.monitors or p.mq:
        raise AssertionError("a link, a monitor or a message outlived its task")
    return (t1 - t0) / n / 1e9


def bytecodes(n: int = 1000) -> float:
    """Bytecodes per pair."""
    return bytecodes_per_op(pairs, n)


def main(argv: list[str] | None = None) -> None:
    global with_dictionary
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="pairs per run")
    ap.add_argument("--runs", type=int, default=5, help="runs")
    ap.add_argument("--count", action="store_true", help="also count bytecodes per pair")
    ap.add_argument("--no-dict", action="store_true", help="no process dictionary")
    opts = ap.parse_args(argv)
    with_dictionary = not opts.no_dict
    times = []
    for _ in range(opts.runs):
        gc.collect()
        times.append(pairs(opts.n))
    row = summary("floor_task", opts.n, times, dictionary=with_dictionary)
    if opts.count:
        row["bytecodes"] = bytecodes()
    print(json.dumps(row))


if __name__ == "__main__":
    main()
