"""The floor of a supervisor: the smallest restart and ``start_child`` in CPython.

Not beampy: a run queue, a deque per process, native coroutines stepped with ``send``, one
global "current process", and of OTP only what the two operations of issue 8 must do on any
runtime that has processes (what OTP 25's supervisor, proc_lib, gen and gen_server and Elixir
1.14's DynamicSupervisor do on the BEAM for them):

``restart`` (benchmarks/workloads/beampy/sup_restart.py): the driver kills the worker (an
exit signal ``"kill"``: the worker's coroutine is closed); the worker's end removes its link
and, the supervisor trapping exits, sends it an EXIT message; the supervisor's receive loop
takes it, finds the child by its pid, builds the "child terminated" report (a dict with the
child's offender dict, its logger metadata, and the domain filter that drops ``[otp, sasl]``
as Elixir's Logger does by default, and beampy's workload: built, never formatted), records the
restart in its sliding window (the intensity and period check), and starts the new child the
way ``proc_lib:start_link`` + ``gen_server`` do: a new process, a link both ways, its
dictionary (``$ancestors``, ``$initial_call``); the child runs the user's ``init`` (which sends
``("started", pid)`` to the driver), acknowledges its starter and enters its receive loop; the
starter waits for the acknowledgement or the child's EXIT (infinity: no timer), records the
new pid; the driver receives ``("started", pid)`` by pattern.

``dynsup_start`` (benchmarks/workloads/beampy/dynsup_start_stop.py): the driver builds the
child spec and makes the gen call (a monitor both ways, the request tagged with its reference,
the receive of the reply or the DOWN, ``infinity`` as DynamicSupervisor's calls: no timer, or a
5 s timer with ``--call-timer``; the demonitor with flush); the supervisor's loop takes the
request, checks ``max_children``, starts the child with the same proc_lib + gen_server
handshake, keeps it in its children dict and replies ``("ok", pid)``. The stop of the N
children is timed apart (``stop``: the stop request; for each child a monitor, an unlink and
an exit signal ``"shutdown"``, a shutdown timer; the DOWNs taken; the supervisor ends).

None of what beampy must also do: reductions, a context per process, trio hosting, names
and aliases, timers that fire, process states, typed checks of every argument, error paths
that the two workloads never take (a child whose init fails, a restart that fails, the
intensity reached and a dynamic child restarted are only sketched or absent), system
messages, and the report's rendering (dropped before it, as on both sides).

What it shows (measured 2026-12-03 on the 2-vCPU AMD EPYC machine, interleaved with the BEAM
at ``+S 1:1`` and beampy's workloads): a restart here is 760 bytecodes and about 0.35-0.4
times the BEAM's first 1,000 restarts (beampy: 3,473), so issue 8's 2x leaves room; a
start_child is 728 bytecodes and already 1.2-1.4 times the BEAM's (beampy: 3,502; with
CPython's default young generation, about 2 times), so the 2x target leaves beampy about
half the floor's time again for everything it does beyond it.

    python -m benchmarks.floor_supervisor restart|dynsup_start [--n N] [--runs R] [--count]
        [--call-timer]

prints per operation the time (minimum and median of R runs) and, with ``--count``, the
bytecodes (counted with ``sys.settrace``; independent of load). Each run checks its counts
and that no process, link, monitor or message is left.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import itertools
import json
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from types import FrameType
from typing import Any

from benchmarks.floor_patterns import bytecodes_per_op, summary

_seq = itertools.count(1)


class Ref:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = next(_seq)


class Down:
    """``{'DOWN', Ref, process, Pid, Reason}``."""

    __slots__ = ("ref", "pid", "reason")

    def __init__(self, ref: Ref, pid: Proc, reason: Any) -> None:
        self.ref = ref
        self.pid = pid
        self.reason = reason


class Exit:
    """``{'EXIT', Pid, Reason}``: an exit signal turned into a message (trap_exit)."""

    __slots__ = ("pid", "reason")

    def __init__(self, pid: Proc, reason: Any) -> None:
        self.pid = pid
        self.reason = reason


class Ack:
    """proc_lib's ``{ack, Pid, Return}``."""

    __slots__ = ("pid", "ret")

    def __init__(self, pid: Proc, ret: Any) -> None:
        self.pid = pid
        self.ret = ret


class Stop:
    """A stop request (``proc_lib:stop``'s terminate, without the system-message protocol)."""

    __slots__ = ("pid", "ref")

    def __init__(self, pid: Proc, ref: Ref) -> None:
        self.pid = pid
        self.ref = ref


class Proc:
    __slots__ = (
        "mq",
        "coro",
        "wait",
        "timer",
        "links",
        "monitors",
        "monitored_by",
        "dictionary",
        "trap_exit",
    )

    def __init__(self) -> None:
        self.mq: deque[Any] = deque()
        self.coro: Coroutine[Any, Any, None] | None = None  # None: not alive
        self.wait: Any = None  # None: not waiting; True: any message; else a matcher
        self.timer: list[Any] | None = None
        self.links: set[Proc] | None = None
        self.monitors: dict[Ref, Proc] | None = None
        self.monitored_by: dict[Ref, Proc] | None = None
        self.dictionary: dict[str, Any] | None = None
        self.trap_exit = False


runq: deque[tuple[Proc, Any]] = deque()
timers: list[list[Any]] = []  # [deadline, seq, proc or None when cancelled]
current: Any = None
alive = 0  # the process table's size


# == the runtime ===========================================================================


def send(p: Proc, msg: Any) -> None:
    w = p.wait
    if w is not None and (w is True or w(msg)):
        p.wait = None
        t = p.timer
        if t is not None:
            t[2] = None
            p.timer = None
        runq.append((p, msg))
    else:
        p.mq.append(msg)


@types.coroutine
def receive_any(p: Proc) -> Generator[None, Any, Any]:
    if p.mq:
        return p.mq.popleft()
    p.wait = True
    return (yield)


@types.coroutine
def receive(p: Proc, matcher: Callable[[Any], bool]) -> Generator[None, Any, Any]:
    """A selective receive without a timeout."""
    mq = p.mq
    for i, msg in enumerate(mq):
        if matcher(msg):
            del mq[i]
            return msg
    p.wait = matcher
    return (yield)


def _reply_or_down(ref: Ref, msg: Any) -> bool:
    if type(msg) is tuple:
        return len(msg) == 2 and msg[0] is ref
    return type(msg) is Down and msg.ref is ref


@types.coroutine
def receive_reply(p: Proc, ref: Ref, timeout: float | None) -> Generator[None, Any, Any]:
    """gen's ``receive {Ref, Reply} | {'DOWN', Ref, ...} after Timeout``."""
    matcher = types.MethodType(_reply_or_down, ref)
    mq = p.mq
    for i, msg in enumerate(mq):
        if matcher(msg):
            del mq[i]
            return msg
    p.wait = matcher
    if timeout is not None:
        t = [time.monotonic() + timeout, next(_seq), p]
        heapq.heappush(timers, t)
        p.timer = t
    return (yield)


def _spawn(fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Proc:
    global alive
    p = Proc()
    p.coro = fn(p, *args)
    alive += 1
    runq.append((p, None))
    return p


def link(a: Proc, b: Proc) -> None:
    if a.links is None:
        a.links = {b}
    else:
        a.links.add(b)
    if b.links is None:
        b.links = {a}
    else:
        b.links.add(a)


def unlink(a: Proc, b: Proc) -> None:
    if a.links is not None:
        a.links.discard(b)
    if b.links is not None:
        b.links.discard(a)


def monitor(me: Proc, target: Proc) -> Ref:
    ref = Ref()
    if target.coro is None:
        send(me, Down(ref, target, "noproc"))
        return ref
    if me.monitors is None:
        me.monitors = {ref: target}
    else:
        me.monitors[ref] = target
    if target.monitored_by is None:
        target.monitored_by = {ref: me}
    else:
        target.monitored_by[ref] = me
    return ref


def demonitor_flush(me: Proc, ref: Ref) -> None:
    monitors = me.monitors
    t = monitors.pop(ref, None) if monitors is not None else None
    if t is not None:
        if t.monitored_by is not None:
            t.monitored_by.pop(ref, None)
    else:  # it fired: its DOWN goes
        mq = me.mq
        for i, m in enumerate(mq):
            if type(m) is Down and m.ref is ref:
                del mq[i]
                break


def exit_signal(target: Proc, reason: Any) -> None:
    """``exit(Pid, Reason)``: acted on at once (the target is not running)."""
    if target.coro is None:
        return
    if reason == "kill":
        die(target, "killed")
    elif target.trap_exit:
        send(target, Exit(current, reason))
    elif reason != "normal":
        die(target, reason)


def die(p: Proc, reason: Any) -> None:
    """An exit signal ends ``p``: its coroutine is closed where it waits."""
    coro = p.coro
    p.wait = None
    t = p.timer
    if t is not None:
        t[2] = None
        p.timer = None
    if p is not current and coro is not None:
        coro.close()
    end(p, reason)


def end(p: Proc, reason: Any) -> None:
    """A process's end: its links and monitors go; linked processes get the signal."""
    global alive
    p.coro = None
    alive -= 1
    mine = p.monitors
    if mine:
        p.monitors = None
        for ref, t in mine.items():
            if t.monitored_by is not None:
                t.monitored_by.pop(ref, None)
    links = p.links
    if links:
        p.links = None
        for q in links:
            q.links.discard(p)  # type: ignore[union-attr]
            if q.trap_exit:
                send(q, Exit(p, reason))
            elif reason != "normal":
                die(q, reason)
    mb = p.monitored_by
    if mb:
        p.monitored_by = None
        for ref, q in mb.items():
            if q.monitors is not None:
                q.monitors.pop(ref, None)
            send(q, Down(ref, p, reason))


def run() -> None:
    global current
    step = types.CoroutineType.send
    while runq:
        p, v = runq.popleft()
        coro = p.coro
        if coro is None:  # killed after it was made runnable
            continue
        current = p
        try:
            step(coro, v)  # type: ignore[arg-type]
        except StopIteration:
            end(p, "normal")


# == proc_lib, gen, gen_server =============================================================


def _ack_or_exit(pid: Proc, msg: Any) -> bool:
    t = type(msg)
    return (t is Ack or t is Exit) and msg.pid is pid


async def proc_lib_start_link(fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Any:
    """``proc_lib:start_link``: spawn, link, the child's dictionary, then wait for its ack or
    its EXIT (infinity)."""
    global alive
    parent: Any = current
    p = Proc()
    link(p, parent)
    d = parent.dictionary
    p.dictionary = {
        "$ancestors": [parent, *d["$ancestors"]] if d else [parent],
        "$initial_call": (args[0], "init", 1),
    }
    p.coro = fn(p, parent, *args)
    alive += 1
    runq.append((p, None))
    msg = await receive(parent, types.MethodType(_ack_or_exit, p))
    if type(msg) is Ack:
        return msg.ret
    return ("error", msg.reason)


async def _gen_server_init_it(me: Proc, parent: Proc, module: Any, arg: Any) -> None:
    r = module.init(arg)
    if type(r) is not tuple or r[0] != "ok":
        send(parent, Ack(me, ("error", r)))
        return
    send(parent, Ack(me, ("ok", me)))  # proc_lib:init_ack
    state = r[1]
    while True:  # gen_server's loop
        msg = await receive_any(me)
        if type(msg) is tuple and len(msg) == 3 and msg[0] == "$gen_call":
            frm, tag = msg[1]
            r = module.handle_call(msg[2], msg[1], state)
            send(frm, (tag, r[1]))
            state = r[2]
        elif type(msg) is Exit and msg.pid is parent:
            die(me, msg.reason)
            return
        elif type(msg) is Stop:
            return
        else:
            state = module.handle_info(msg, state)[1]


def gen_server_start_link(module: Any, arg: Any) -> Coroutine[Any, Any, Any]:
    return proc_lib_start_link(_gen_server_init_it, module, arg)


async def gen_call(server: Proc, request: Any, timeout: float | None = None) -> Any:
    """gen's call: a monitor whose reference tags the request, the reply or the DOWN."""
    me: Any = current
    ref = monitor(me, server)
    send(server, ("$gen_call", (me, ref), request))
    msg = await receive_reply(me, ref, timeout)
    if type(msg) is tuple:
        demonitor_flush(me, ref)
        return msg[1]
    raise RuntimeError(("exit", msg.reason))


def _down_of(ref: Ref, msg: Any) -> bool:
    return type(msg) is Down and msg.ref is ref


async def gen_stop(server: Proc) -> None:
    me: Any = current
    ref = monitor(me, server)
    send(server, Stop(me, ref))
    await receive(me, types.MethodType(_down_of, ref))


# == supervisors ===========================================================================

OTP_SASL = ("otp", "sasl")
ERROR = 3
primary_level = 7  # all: Elixir's Logger lets every level through to its handler


def log_report(level: int, report: dict[str, Any], domain: tuple[str, ...]) -> None:
    """``?LOG_ERROR(Report, #{domain => [otp, sasl]})``: the level check, the event with its
    default metadata, the primary filter that drops ``[otp, sasl]`` (Elixir's Logger without
    ``handle_sasl_reports``). Nothing is formatted."""
    if level > primary_level:
        return
    event = {
        "level": level,
        "msg": report,
        "meta": {"domain": domain, "pid": current, "time": time.time_ns() // 1000},
    }
    if event["meta"]["domain"][:2] == OTP_SASL:  # type: ignore[index]
        return
    raise AssertionError("a supervisor report was not dropped")


class Child:
    __slots__ = ("id", "pid", "start", "restart", "shutdown", "type")

    def __init__(self, cid: Any, start: tuple[Any, ...], restart: str) -> None:
        self.id = cid
        self.pid: Proc | None = None
        self.start = start  # (function, *args)
        self.restart = restart
        self.shutdown = 5000
        self.type = "worker"


def report_child(sup: Proc, child: Child, reason: Any, context: str) -> None:
    log_report(
        ERROR,
        {
            "label": ("supervisor", context),
            "report": {
                "supervisor": sup,
                "errorContext": context,
                "reason": reason,
                "offender": {
                    "pid": child.pid,
                    "id": child.id,
                    "mfargs": child.start,
                    "restart_type": child.restart,
                    "significant": False,
                    "shutdown": child.shutdown,
                    "child_type": child.type,
                },
            },
        },
        OTP_SASL,
    )


def _down_any(msg: Any) -> bool:
    return type(msg) is Down


async def terminate_children(me: Proc, pids: list[Proc]) -> None:
    """Each child: a monitor, an unlink, ``exit(Pid, shutdown)``; a shutdown timer; the DOWNs."""
    waiting: dict[Ref, Proc] = {}
    for pid in pids:
        ref = monitor(me, pid)
        unlink(me, pid)
        waiting[ref] = pid
        exit_signal(pid, "shutdown")
    t = [time.monotonic() + 5.0, next(_seq), me]  # the shutdown timer (brutal_kill at 5 s)
    heapq.heappush(timers, t)
    while waiting:
        down = await receive(me, _down_any)
        if waiting.pop(down.ref, None) is not None and down.reason != "shutdown":
            raise AssertionError(f"a child ended with {down.reason!r}")
    t[2] = None


def add_restart(window: deque[float], intensity: int, period: float) -> bool:
    """OTP's ``add_restart``: False when the intensity is exceeded in the sliding window."""
    now = time.monotonic()
    threshold = now - period
    while window and window[0] < threshold:
        window.popleft()
    window.append(now)
    return len(window) <= intensity


async def _supervisor(
    me: Proc, parent: Proc, children: list[Child], intensity: int, period: float
) -> None:
    """A one_for_one ``Supervisor`` with static children."""
    me.trap_exit = True
    by_pid: dict[Proc, Child] = {}
    for child in children:
        r = await child.start[0](*child.start[1:])
        if r[0] != "ok":
            raise AssertionError(f"a child did not start: {r!r}")
        child.pid = r[1]
        by_pid[r[1]] = child
    send(parent, Ack(me, ("ok", me)))
    window: deque[float] = deque()
    while True:
        msg = await receive_any(me)
        if type(msg) is Exit:
            if msg.pid is parent:
                await terminate_children(me, [c.pid for c in reversed(children) if c.pid])
                die(me, msg.reason)
                return
            child = by_pid.pop(msg.pid, None)  # type: ignore[arg-type]
            if child is None:
                continue  # type: ignore[unreachable]
            # do_restart: a permanent child is always restarted
            report_child(me, child, msg.reason, "child_terminated")
            child.pid = None
            if not add_restart(window, intensity, period):
                report_child(me, child, "reached_max_restart_intensity", "shutdown")
                await terminate_children(me, [c.pid for c in reversed(children) if c.pid])
                die(me, "shutdown")
                return
            r = await child.start[0](*child.start[1:])
            if r[0] != "ok":
                raise AssertionError(f"a restart failed: {r!r}")  # not written: try_again
            child.pid = r[1]
            by_pid[r[1]] = child
        elif type(msg) is tuple and len(msg) == 3 and msg[0] == "$gen_call":
            frm, tag = msg[1]
            if msg[2] == "which_children":
                send(frm, (tag, [(c.id, c.pid, c.type, [c.start[1]]) for c in children]))
        elif type(msg) is Stop:
            await terminate_children(me, [c.pid for c in reversed(children) if c.pid])
            return


async def _dynamic_supervisor(me: Proc, parent: Proc, max_children: float) -> None:
    """A one_for_one ``DynamicSupervisor``."""
    me.trap_exit = True
    send(parent, Ack(me, ("ok", me)))
    children: dict[Proc, tuple[Any, ...]] = {}
    while True:
        msg = await receive_any(me)
        if type(msg) is tuple and len(msg) == 3 and msg[0] == "$gen_call":
            frm, tag = msg[1]
            req = msg[2]
            if req[0] == "start_child":
                if len(children) >= max_children:
                    send(frm, (tag, ("error", "max_children")))
                    continue
                spec = req[1]
                r = await spec[0](*spec[1])
                if r[0] == "ok":
                    children[r[1]] = spec
                send(frm, (tag, r))
            elif req == "count_children":
                n = len(children)
                send(frm, (tag, {"specs": n, "active": n, "supervisors": 0, "workers": n}))
        elif type(msg) is Exit:
            if msg.pid is parent:
                await terminate_children(me, list(children))
                die(me, msg.reason)
                return
            children.pop(msg.pid, None)  # a child's restart: not written (never taken)
        elif type(msg) is Stop:
            await terminate_children(me, list(children))
            return


def supervisor_start_link(
    children: list[Child], intensity: int, period: float
) -> Coroutine[Any, Any, Any]:
    return proc_lib_start_link(_supervisor, children, intensity, period)


def dynamic_supervisor_start_link(max_children: float = float("inf")) -> Coroutine[Any, Any, Any]:
    return proc_lib_start_link(_dynamic_supervisor, max_children)


call_timeout: float | None = None  # DynamicSupervisor's calls: infinity


def start_child(sup: Proc, module: Any, arg: Any) -> Coroutine[Any, Any, Any]:
    """``DynamicSupervisor.start_child(sup, {module, arg})``: its spec, then the call."""
    spec = (gen_server_start_link, (module, arg), "permanent", 5000, "worker")
    return gen_call(sup, ("start_child", spec), call_timeout)


# == the workloads =========================================================================


class RestartWorker:
    """sup_restart's GenServer worker: its init sends ``("started", pid)`` to the driver."""

    @staticmethod
    def init(driver: Proc) -> Any:
        send(driver, ("started", current))
        return ("ok", driver)


class DynWorker:
    """dynsup_start_stop's GenServer worker: a trivial init."""

    @staticmethod
    def init(arg: Any) -> Any:
        return ("ok", arg)


def _started(msg: Any) -> bool:
    return type(msg) is tuple and len(msg) == 2 and msg[0] == "started"


async def _restart_driver(me: Proc, n: int, out: list[Any]) -> None:
    worker = Child(RestartWorker, (gen_server_start_link, RestartWorker, me), "permanent")
    _, sup = await supervisor_start_link([worker], 1_000_000, 5.0)
    _, pid = await receive(me, _started)
    seen = {pid}
    c0 = opclock[0]
    t0 = time.perf_counter_ns()
    for _ in range(n):
        exit_signal(pid, "kill")
        _, pid = await receive(me, _started)
        seen.add(pid)
    t1 = time.perf_counter_ns()
    c1 = opclock[0]
    if len(seen) != n + 1:
        raise AssertionError(f"{len(seen) - 1} distinct restarted pids, not {n}")
    [(_, child, _, _)] = await gen_call(sup, "which_children")
    if child is not pid or pid.coro is None:
        raise AssertionError("the supervisor's child is not the last one")
    await gen_stop(sup)
    out.append(((t1 - t0) / 1e9, c1 - c0))


async def _dynsup_driver(me: Proc, n: int, out: list[Any]) -> None:
    global alive
    base = alive
    _, sup = await dynamic_supervisor_start_link()
    pids = []
    c0 = opclock[0]
    t0 = time.perf_counter_ns()
    for i in range(n):
        ok, pid = await start_child(sup, DynWorker, i)
        pids.append(pid)
    t1 = time.perf_counter_ns()
    c1 = opclock[0]
    if ok != "ok" or len(set(pids)) != n:
        raise AssertionError("a start_child did not answer ('ok', pid)")
    counts = await gen_call(sup, "count_children")
    if counts != {"specs": n, "active": n, "supervisors": 0, "workers": n}:
        raise AssertionError(f"{counts}")
    if alive != base + n + 1:
        raise AssertionError("not N + 1 new processes")
    c2 = opclock[0]
    t2 = time.perf_counter_ns()
    await gen_stop(sup)
    t3 = time.perf_counter_ns()
    c3 = opclock[0]
    if any(p.coro is not None for p in pids) or alive != base:
        raise AssertionError("children alive after the stop")
    out.append(((t1 - t0) / 1e9, (t3 - t2) / 1e9, c1 - c0, c3 - c2))


gc_mode = "adapt"


def _young_threshold(live: int) -> int:
    """beampy's rule (beampy/_core/_gc.py): the next power of two above the live processes,
    between CPython's default (700) and 65,536."""
    return max(700, min(65536, 1 << live.bit_length()))


def _run_driver(driver: Callable[..., Coroutine[Any, Any, None]], n: int) -> Any:
    """Runs ``driver`` to its end. The cyclic collector: ``gc_mode`` ``adapt`` sizes the young
    generation to the most processes alive at once, as beampy does (set once here, its
    least cost), ``default`` leaves CPython's; the floor makes no cyclic garbage."""
    out: list[Any] = []
    saved = gc.get_threshold()
    if gc_mode == "adapt":
        peak = n + 3 if driver is _dynsup_driver else 4
        gc.set_threshold(_young_threshold(peak), saved[1], saved[2])
    d = _spawn(driver, n, out)
    try:
        run()
    finally:
        gc.set_threshold(*saved)
    if alive != 0 or runq:
        raise AssertionError(f"{alive} processes left")
    if [t for t in timers if t[2] is not None]:
        raise AssertionError("a timer was left on")
    timers.clear()  # every timer was cancelled; none was due
    if d.links or d.monitors or d.monitored_by or d.mq or len(out) != 1:
        raise AssertionError("a link, a monitor or a message was left, or no result")
    return out[0]


def restarts(n: int) -> float:
    """Runs ``n`` restarts of a killed child; seconds per restart."""
    return float(_run_driver(_restart_driver, n)[0]) / n


def dynsup_starts(n: int) -> tuple[float, float]:
    """Starts ``n`` children one start_child call at a time, then stops them; seconds per
    child for each phase."""
    start, stop, _, _ = _run_driver(_dynsup_driver, n)
    return start / n, stop / n


opclock = [0]  # bytecodes run so far, while bytecodes() traces; read by the drivers


def _traced(driver: Callable[..., Coroutine[Any, Any, None]], k: int) -> Any:
    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            opclock[0] += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        return local

    sys.settrace(tracer)
    try:
        return _run_driver(driver, k)
    finally:
        sys.settrace(None)


def bytecodes(workload: str, n: int = 1000) -> list[float]:
    """Bytecodes per operation in each timed region of ``workload`` (restart: the restarts;
    dynsup_start: the starts, the stop), counted with ``sys.settrace`` as
    floor_patterns.bytecodes_per_op counts (the difference of 2n and n operations), but
    only between the driver's clock readings."""
    driver = _restart_driver if workload == "restart" else _dynsup_driver
    small = _traced(driver, n)
    big = _traced(driver, 2 * n)
    regions = (1,) if workload == "restart" else (2, 3)
    return [(big[i] - small[i]) / n for i in regions]


def whole_run_bytecodes(workload: str, n: int = 1000) -> float:
    """Bytecodes per operation of a whole run (set-up, checks and stop included)."""
    fn = restarts if workload == "restart" else dynsup_starts
    return bytecodes_per_op(fn, n)


def main(argv: list[str] | None = None) -> None:
    global call_timeout, gc_mode
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("workload", choices=("restart", "dynsup_start"))
    ap.add_argument("--n", type=int, default=None, help="operations per run (1,000 / 10,000)")
    ap.add_argument("--runs", type=int, default=5, help="runs")
    ap.add_argument("--count", action="store_true", help="also count bytecodes per operation")
    ap.add_argument(
        "--call-timer", action="store_true", help="dynsup_start: a 5 s timer on each call"
    )
    ap.add_argument(
        "--gc",
        choices=("adapt", "default"),
        default="adapt",
        help="the young generation: sized to the live processes as beampy's, or CPython's 700",
    )
    opts = ap.parse_args(argv)
    if opts.call_timer:
        call_timeout = 5.0
    gc_mode = opts.gc
    n = opts.n or (1000 if opts.workload == "restart" else 10_000)
    if opts.workload == "restart":
        times = []
        for _ in range(opts.runs):
            gc.collect()
            times.append(restarts(n))
        row = summary("floor_supervisor", n, times, workload="restart", gc=gc_mode)
        if opts.count:
            row["bytecodes"] = bytecodes("restart")[0]
        print(json.dumps(row))
        return
    starts, stops = [], []
    for _ in range(opts.runs):
        gc.collect()
        start, stop = dynsup_starts(n)
        starts.append(start)
        stops.append(stop)
    counts = bytecodes("dynsup_start") if opts.count else None
    for metric, ts in (("start", starts), ("stop", stops)):
        row = summary(
            "floor_supervisor",
            n,
            ts,
            workload="dynsup_start",
            metric=metric,
            call_timer=opts.call_timer,
            gc=gc_mode,
        )
        if counts is not None:
            row["bytecodes"] = counts[0 if metric == "start" else 1]
        print(json.dumps(row))


if __name__ == "__main__":
    main()
