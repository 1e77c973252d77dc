"""The floor of a receive by pattern: the smallest ping-pong with selective receive in CPython.

Not beampy: a run queue, a mailbox per process, a waiter's matcher tested by the sender,
native coroutines stepped with ``send``, one global "current process". None of what beampy
must also do (reductions, a context per process, trio hosting, exits, links, timers,
states). Two programs, each the benchmark's ping-pong (``benchmarks/workloads/beampy`` and
``beampy_patterns``): *plain* receives any message and ``match``es it; *patterns* receives
``(("ping", ANY), "stop")`` and ``"pong"``, the receive doing the least a receive of freshly
built pattern objects can do: recognise the two shapes with identity and type tests and bind
a matcher for the sender to call.

What it shows (docs/benchmarks.md, "Why a receive by pattern still costs"): even here a
patterned round trip runs about 1.75 times the bytecodes of a plain one, so the 1.2 of
issue 6 is not a question of beampy's overheads.

    python -m benchmarks.floor_patterns [--n N] [--runs R] [--count]

prints per round trip the time (minimum and median of R runs) of each program and, with
``--count``, the bytecodes each runs (counted with ``sys.settrace``; independent of load).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import types
from collections import Counter, deque
from collections.abc import Callable, Coroutine, Generator
from types import FrameType
from typing import Any

ANY = object()


class Proc:
    __slots__ = ("mq", "coro", "wait")

    def __init__(self) -> None:
        self.mq: deque[Any] = deque()
        self.coro: Coroutine[Any, Any, None] | None = None
        self.wait: Any = None  # None: not waiting; True: any message; else a matcher


runq: deque[tuple[Proc, Any]] = deque()
current: Proc | None = None


def send(p: Proc, msg: Any) -> None:
    w = p.wait
    if w is not None and (w is True or w(msg)):
        p.wait = None
        runq.append((p, msg))
    else:
        p.mq.append(msg)


@types.coroutine
def receive_any() -> Generator[None, Any, Any]:
    p: Any = current
    if p.mq:
        return p.mq.popleft()
    p.wait = True
    return (yield)


def _literal(pattern: Any, msg: Any) -> bool:
    return bool(msg == pattern)


def _tag_or_literal(patterns: tuple[Any, Any], msg: Any) -> bool:
    if type(msg) is tuple and len(msg) == 2 and msg[0] == patterns[0][0]:
        return True
    return bool(msg == patterns[1])


@types.coroutine
def receive(*patterns: Any) -> Generator[None, Any, Any]:
    """Only the two shapes the program uses: ``"literal"`` and ``(("tag", ANY), "literal")``."""
    p: Any = current
    c = patterns[0]
    matcher: Callable[[Any], bool]
    if len(patterns) == 1 and type(c) is str:
        matcher = types.MethodType(_literal, c)
    elif (
        len(patterns) == 2
        and type(c) is tuple
        and len(c) == 2
        and c[1] is ANY
        and type(patterns[1]) is str
    ):
        matcher = types.MethodType(_tag_or_literal, patterns)
    else:
        raise TypeError(f"the floor knows two pattern shapes only, not {patterns!r}")
    mq = p.mq
    if mq:
        for i, msg in enumerate(mq):
            if matcher(msg):
                del mq[i]
                return msg
    p.wait = matcher
    return (yield)


def spawn(fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Proc:
    p = Proc()
    p.coro = fn(p, *args)
    runq.append((p, None))
    return p


def run() -> None:
    global current
    step = types.CoroutineType.send
    while runq:
        p, v = runq.popleft()
        current = p
        try:  # noqa: SIM105 - contextlib.suppress costs a context manager per step
            step(p.coro, v)  # type: ignore[arg-type]
        except StopIteration:
            pass


async def pong_plain(me: Proc) -> None:
    while True:
        match await receive_any():
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping_plain(me: Proc, pong: Proc, n: int, out: list[int]) -> None:
    pongs = 0
    for _ in range(n):
        send(pong, ("ping", me))
        match await receive_any():
            case "pong":
                pongs += 1
    out.append(pongs)
    send(pong, "stop")


async def pong_patterns(me: Proc) -> None:
    while True:
        match await receive(("ping", ANY), "stop"):
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping_patterns(me: Proc, pong: Proc, n: int, out: list[int]) -> None:
    for _ in range(n):
        send(pong, ("ping", me))
        await receive("pong")
    out.append(n)
    send(pong, "stop")


PROGRAMS = {"plain": (pong_plain, ping_plain), "patterns": (pong_patterns, ping_patterns)}


def round_trips(program: str, n: int) -> float:
    """Runs ``n`` round trips of ``program``; seconds per round trip."""
    pong_fn, ping_fn = PROGRAMS[program]
    out: list[int] = []
    pong = spawn(pong_fn)
    spawn(ping_fn, pong, n, out)
    t0 = time.perf_counter_ns()
    run()
    t1 = time.perf_counter_ns()
    if out != [n]:
        raise AssertionError(f"{program}: {out} replies for {n} round trips")
    return (t1 - t0) / n / 1e9


def bytecodes_per_op(run: Callable[[int], object], n: int = 1000) -> float:
    """Bytecodes per operation of ``run(k)``, which does k operations (the difference of
    n and 2n, so that setting up and tearing down cancel out); counted with
    ``sys.settrace``, so the count does not depend on the machine or its load."""

    def count(k: int) -> int:
        total = Counter[str]()

        def local(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "opcode":
                total["op"] += 1
            return local

        def tracer(frame: FrameType, event: str, arg: Any) -> Any:
            frame.f_trace_opcodes = True
            return local

        sys.settrace(tracer)
        try:
            run(k)
        finally:
            sys.settrace(None)
        return total["op"]

    return (count(2 * n) - count(n)) / n


def bytecodes(program: str, n: int = 1000) -> float:
    """Bytecodes per round trip of ``program``."""
    return bytecodes_per_op(lambda k: round_trips(program, k), n)


def summary(bench: str, n: int, seconds: list[float], **fields: Any) -> dict[str, Any]:
    """The JSON row of a floor: ``fields``, then the minimum and median µs per operation
    of the runs (``seconds``: seconds per operation, one per run)."""
    ts = sorted(seconds)
    return {
        "bench": bench,
        **fields,
        "n": n,
        "runs": len(ts),
        "min_us": round(ts[0] * 1e6, 4),
        "median_us": round(ts[len(ts) // 2] * 1e6, 4),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=300_000, help="round trips per run")
    ap.add_argument("--runs", type=int, default=7, help="runs of each program (interleaved)")
    ap.add_argument("--count", action="store_true", help="also count bytecodes per round trip")
    opts = ap.parse_args(argv)
    gc.disable()  # as the numbers beside it: no cyclic garbage is made
    times: dict[str, list[float]] = {p: [] for p in PROGRAMS}
    for _ in range(opts.runs):
        for program in PROGRAMS:
            times[program].append(round_trips(program, opts.n))
    for program, ts in times.items():
        row = summary("floor_patterns", opts.n, ts, program=program)
        if opts.count:
            row["bytecodes"] = bytecodes(program)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
