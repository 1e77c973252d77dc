"""The twelve Savina workloads for the coroutine peers: a trio task per actor, asyncio, uvloop.

The same program as ``beampy_suite``, role for role and message for message, on an actor made
of a task and a mailbox object: the mailbox is the actor's address (``mb.send(msg)``), its
owner takes the oldest message with ``await mb.receive()``, and ``await mb.receive_match(pred)``
is the selective receive Bank Transaction and Concurrent Dictionary need.

- ``trio_actor``: one trio task per actor, the deque mailbox of
  ``benchmarks/workloads/trio_actor/_actor.py`` (parks with ``wait_task_rescheduled``; its
  selective receive scans the deque).
- ``asyncio`` / ``uvloop``: one task per actor and an ``asyncio.Queue`` per actor, ``send`` and
  ``receive`` being the queue's own ``put_nowait`` and ``get``. A queue cannot leave a message
  in place, so the selective receive moves the messages it passes over to a save list that the
  plain receive of that actor reads first (what a hand-written stash does).

Each iteration is a fresh ``trio.run`` / event loop; it ends only when every task has returned.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import trio

from benchmarks._common import now_ns
from benchmarks.savina import spec
from benchmarks.savina.spec import Params, complement, fj_work, next_random, trap_area
from benchmarks.workloads.trio_actor._actor import Mailbox as TrioMailbox

Result = tuple[int, Any]


class Box(Protocol):
    """What the workloads need of a mailbox."""

    def send(self, msg: Any) -> None: ...

    async def receive(self) -> Any: ...

    async def receive_match(self, pred: Callable[[Any], bool]) -> Any: ...


class Runtime(Protocol):
    def mailbox(self) -> Box: ...

    def spawn(self, fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Box: ...


# ---------------------------------------------------------------------------------------------
# the two runtimes


class TrioRuntime:
    def __init__(self, nursery: trio.Nursery) -> None:
        self._nursery = nursery

    def mailbox(self) -> Box:
        return TrioMailbox()

    def spawn(self, fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Box:
        mb = TrioMailbox()
        self._nursery.start_soon(fn, mb, *args)
        return mb


class QueueMailbox(asyncio.Queue[Any]):
    """An ``asyncio.Queue`` as a mailbox: ``send``/``receive`` are ``put_nowait``/``get``."""

    send = asyncio.Queue.put_nowait
    receive = asyncio.Queue.get

    def __init__(self) -> None:
        super().__init__()
        self.saved: deque[Any] = deque()

    async def receive_saved(self) -> Any:
        """The plain receive of an actor that also receives selectively: saved ones first."""
        if self.saved:
            return self.saved.popleft()
        return await self.get()

    async def receive_match(self, pred: Callable[[Any], bool]) -> Any:
        for i, msg in enumerate(self.saved):
            if pred(msg):
                del self.saved[i]
                return msg
        while True:
            msg = await self.get()
            if pred(msg):
                return msg
            self.saved.append(msg)


class AsyncioRuntime:
    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[None]] = []

    def mailbox(self) -> Box:
        return QueueMailbox()

    def spawn(self, fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Box:
        mb = QueueMailbox()
        self.tasks.append(asyncio.get_running_loop().create_task(fn(mb, *args)))
        return mb


# ---------------------------------------------------------------------------------------------
# 1. PingPong


async def pp_pong(mb: Box) -> None:
    count = 0
    while True:
        match await mb.receive():
            case ("ping", frm):
                count += 1
                frm.send("pong")
            case ("stop", frm):
                frm.send(("pongs", count))
                return


async def pp_ping(mb: Box, n: int, pong: Box, driver: Box) -> None:
    sent = 0
    while True:
        match await mb.receive():
            case "start" | "pong":
                if sent < n:
                    sent += 1
                    pong.send(("ping", mb))
                else:
                    pong.send(("stop", mb))
            case ("pongs", count):
                driver.send(("result", count))
                return


async def pingpong(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    pong = rt.spawn(pp_pong)
    ping = rt.spawn(pp_ping, p["n"], pong, me)
    ping.send("start")
    match await me.receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 2. Counting


async def ct_counter(mb: Box) -> None:
    count = 0
    while True:
        match await mb.receive():
            case "inc":
                count += 1
            case ("get", frm):
                frm.send(("count", count))
                return


async def ct_producer(mb: Box, n: int, counter: Box, driver: Box) -> None:
    for _ in range(n):
        counter.send("inc")
    counter.send(("get", mb))
    match await mb.receive():
        case ("count", x):
            driver.send(("result", x))


async def counting(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    counter = rt.spawn(ct_counter)
    rt.spawn(ct_producer, p["n"], counter, me)
    match await me.receive():
        case ("result", x):
            pass
    return now_ns() - t0, x


# ---------------------------------------------------------------------------------------------
# 3. Fork-Join Throughput


async def fjt_worker(mb: Box, n: int, driver: Box) -> None:
    for _ in range(n):
        match await mb.receive():
            case "msg":
                fj_work()
    driver.send(("done", n))


async def fjthrput(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    workers = [rt.spawn(fjt_worker, n, me) for _ in range(a)]
    for _ in range(n):
        for w in workers:
            w.send("msg")
    total = 0
    for _ in range(a):
        match await me.receive():
            case ("done", k):
                total += k
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 4. Fork-Join Create


async def fjc_worker(mb: Box, driver: Box) -> None:
    match await mb.receive():
        case "go":
            fj_work()
            driver.send("done")


async def fjc_creator(mb: Box, rt: Runtime, n: int, driver: Box) -> None:
    for _ in range(n):
        rt.spawn(fjc_worker, driver).send("go")


async def fjcreate(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    n = p["n"]
    t0 = now_ns()
    rt.spawn(fjc_creator, rt, n, me)
    count = 0
    while count < n:
        match await me.receive():
            case "done":
                count += 1
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 5. Thread Ring


async def tr_node(mb: Box, i: int, size: int, driver: Box) -> None:
    match await mb.receive():
        case ("next", nxt):
            pass
    while True:
        match await mb.receive():
            case ("ping", k):
                if k > 0:
                    nxt.send(("ping", k - 1))
                else:
                    nxt.send(("exit", size - 1, i))
                    return
            case ("exit", j, h):
                if j > 1:
                    nxt.send(("exit", j - 1, h))
                else:
                    driver.send(("done", h))
                return


async def threadring(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    size, rounds = p["n"], p["r"]
    t0 = now_ns()
    ring = [rt.spawn(tr_node, i, size, me) for i in range(size)]
    for i, mb in enumerate(ring):
        mb.send(("next", ring[(i + 1) % size]))
    ring[0].send(("ping", rounds))
    match await me.receive():
        case ("done", h):
            pass
    return now_ns() - t0, h


# ---------------------------------------------------------------------------------------------
# 6. Chameneos


async def cham_creature(mb: Box, mall: Box, colour: int) -> None:
    meetings = 0
    mall.send(("meet", colour, mb))
    while True:
        match await mb.receive():
            case ("meet", other_colour, other):
                colour = complement(colour, other_colour)
                meetings += 1
                other.send(("change", colour))
                mall.send(("meet", colour, mb))
            case ("change", new_colour):
                colour = new_colour
                meetings += 1
                mall.send(("meet", colour, mb))
            case "exit":
                mall.send(("count", meetings))
                return


async def cham_mall(mb: Box, rt: Runtime, creatures: int, meetings: int, driver: Box) -> None:
    for i in range(creatures):
        rt.spawn(cham_creature, mb, i % 3)
    left = meetings
    waiting: Box | None = None
    total = 0
    reported = 0
    while reported < creatures:
        match await mb.receive():
            case ("meet", _, frm) as msg:
                if left == 0:
                    frm.send("exit")
                elif waiting is None:
                    waiting = frm
                else:
                    waiting.send(msg)
                    waiting = None
                    left -= 1
            case ("count", k):
                total += k
                reported += 1
    driver.send(("result", total))


async def chameneos(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    rt.spawn(cham_mall, rt, p["c"], p["m"], me)
    match await me.receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 7. Big


async def big_worker(mb: Box, i: int, w: int, n: int, sink: Box) -> None:
    match await mb.receive():
        case ("peers", peers):
            pass
    seed = i
    expected = -1
    sent = 0
    target_sum = 0
    while True:
        match await mb.receive():
            case ("ping", j):
                peers[j].send(("pong", i))
            case ("pong", j):
                if j != -1 and j != expected:
                    raise AssertionError(f"worker {i}: pong from {j}, expected {expected}")
                if sent == n:
                    sink.send(("finished", target_sum))
                else:
                    seed = next_random(seed)
                    t = seed % w
                    peers[t].send(("ping", i))
                    expected = t
                    target_sum += t
                    sent += 1
            case "exit":
                return


async def big_sink(mb: Box, w: int, driver: Box) -> None:
    match await mb.receive():
        case ("peers", peers):
            pass
    total = 0
    for _ in range(w):
        match await mb.receive():
            case ("finished", s):
                total += s
    for peer in peers:
        peer.send("exit")
    driver.send(("result", total))


async def big(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    w, n = p["w"], p["n"]
    t0 = now_ns()
    sink = rt.spawn(big_sink, w, me)
    workers = tuple(rt.spawn(big_worker, i, w, n, sink) for i in range(w))
    msg = ("peers", workers)
    sink.send(msg)
    for mb in workers:
        mb.send(msg)
    for mb in workers:
        mb.send(("pong", -1))
    match await me.receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 8. Concurrent Dictionary (a raw request/reply server)


async def dict_server(mb: Box, driver: Box) -> None:
    data = {k: k for k in range(spec.DICT_KEYS)}
    driver.send("ready")
    while True:
        match await mb.receive():
            case ("read", ref, frm, k):
                frm.send((ref, data.get(k)))
            case ("write", ref, frm, k, v):
                data[k] = v
                frm.send((ref, v))
            case ("sum", frm):
                frm.send(("sum", sum(data.values()), len(data)))
                return


def reply_to(ref: object) -> Callable[[Any], bool]:
    return lambda m: type(m) is tuple and m[0] is ref


async def dict_worker(mb: Box, wid: int, m: int, write_pct: int, server: Box, driver: Box) -> None:
    seed = wid + m + write_pct
    reads = writes = 0
    for _ in range(m):
        seed = next_random(seed)
        r = seed
        seed = next_random(seed)
        k = seed % spec.DICT_KEYS
        ref = object()
        if r % 100 < write_pct:
            server.send(("write", ref, mb, k, spec.dict_value(k)))
            writes += 1
        else:
            server.send(("read", ref, mb, k))
            reads += 1
        await mb.receive_match(reply_to(ref))
    driver.send(("done", reads, writes))


async def dictionary(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    server = rt.spawn(dict_server, me)
    await me.receive()  # "ready": the server has built its map; the clock starts now
    t0 = now_ns()
    for wid in range(p["e"]):
        rt.spawn(dict_worker, wid, p["m"], p["w"], server, me)
    reads = writes = 0
    for _ in range(p["e"]):
        match await me.receive():
            case ("done", r, w):
                reads += r
                writes += w
    server.send(("sum", me))
    match await me.receive():
        case ("sum", total, size):
            pass
    return now_ns() - t0, (reads, writes, size, total)


# ---------------------------------------------------------------------------------------------
# 15. Bank Transaction (selective receive)


def is_reply(ref: object) -> Callable[[Any], bool]:
    return lambda m: type(m) is tuple and len(m) == 2 and m[0] == "reply" and m[1] is ref


async def bank_account(mb: Box, idx: int) -> None:
    # a QueueMailbox keeps what a selective receive passed over in `saved`: read it first
    receive = getattr(mb, "receive_saved", mb.receive)
    balance = 0
    while True:
        match await receive():
            case ("credit", amount, dst, driver):
                balance -= amount
                ref = object()
                dst.send(("debit", amount, mb, ref))
                await mb.receive_match(is_reply(ref))
                driver.send("reply")
            case ("debit", amount, frm, ref):
                balance += amount
                frm.send(("reply", ref))
            case ("stop", frm):
                frm.send(("balance", idx, balance))
                return


async def bank_generator(mb: Box, n: int, accounts: tuple[Box, ...], driver: Box) -> None:
    a = len(accounts)
    seed = 123456
    span = (a // 10) * 8
    for _ in range(n):
        seed = next_random(seed)
        src = seed % span
        seed = next_random(seed)
        d = seed % (a - src) or 1
        seed = next_random(seed)
        accounts[src].send(("credit", seed, accounts[src + d], driver))


async def bank(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    accounts = tuple(rt.spawn(bank_account, i) for i in range(a))
    rt.spawn(bank_generator, n, accounts, me)
    replies = 0
    while replies < n:
        match await me.receive():
            case "reply":
                replies += 1
    for mb in accounts:
        mb.send(("stop", me))
    checksum = 0
    for _ in range(a):
        match await me.receive():
            case ("balance", idx, bal):
                checksum += (idx + 1) * bal
    return now_ns() - t0, checksum


# ---------------------------------------------------------------------------------------------
# 18. Sieve of Eratosthenes


async def sieve_filter(mb: Box, rt: Runtime, idx: int, first: int, m: int, driver: Box) -> None:
    primes = [first]
    nxt: Box | None = None
    while True:
        match await mb.receive():
            case ("cand", c):
                for q in primes:
                    if c % q == 0:
                        break
                else:
                    if nxt is not None:
                        nxt.send(("cand", c))
                    elif len(primes) < m:
                        primes.append(c)
                    else:
                        nxt = rt.spawn(sieve_filter, rt, idx + 1, c, m, driver)
            case "exit":
                if nxt is not None:
                    nxt.send("exit")
                else:
                    driver.send(("result", (idx - 1) * m + len(primes)))
                return


async def sieve_producer(mb: Box, n: int, first: Box) -> None:
    for c in range(3, n, 2):
        first.send(("cand", c))
    first.send("exit")


async def sieve(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    first = rt.spawn(sieve_filter, rt, 1, 2, p["m"], me)
    rt.spawn(sieve_producer, p["n"], first)
    match await me.receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 21. Trapezoidal approximation


async def trap_worker(mb: Box, driver: Box, h: float) -> None:
    match await mb.receive():
        case ("work", w, start, count):
            driver.send(("area", w, trap_area(start, count, h)))


async def trapezoid(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    n, w = p["n"], p["w"]
    h = (spec.TRAP_RIGHT - spec.TRAP_LEFT) / n
    share = n // w
    t0 = now_ns()
    workers = [rt.spawn(trap_worker, me, h) for _ in range(w)]
    for i, mb in enumerate(workers):
        mb.send(("work", i, i * share, share))
    areas = [0.0] * w
    for _ in range(w):
        match await me.receive():
            case ("area", i, area):
                areas[i] = area
    return now_ns() - t0, sum(areas)


# ---------------------------------------------------------------------------------------------
# 29. Fibonacci


async def fib_node(mb: Box, rt: Runtime, n: int, parent: Box) -> None:
    if n <= 2:
        parent.send(("fib", 1))
        return
    rt.spawn(fib_node, rt, n - 1, mb)
    rt.spawn(fib_node, rt, n - 2, mb)
    total = 0
    for _ in range(2):
        match await mb.receive():
            case ("fib", x):
                total += x
    parent.send(("fib", total))


async def fib(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    rt.spawn(fib_node, rt, p["n"], me)
    match await me.receive():
        case ("fib", x):
            pass
    return now_ns() - t0, x


WORKLOADS: dict[str, Callable[[Runtime, Params], Coroutine[Any, Any, Result]]] = {
    "pingpong": pingpong,
    "counting": counting,
    "fjthrput": fjthrput,
    "fjcreate": fjcreate,
    "threadring": threadring,
    "chameneos": chameneos,
    "big": big,
    "dictionary": dictionary,
    "bank": bank,
    "sieve": sieve,
    "trapezoid": trapezoid,
    "fib": fib,
}


async def _trio_iteration(bench: str, p: Params) -> Result:
    async with trio.open_nursery() as nursery:
        result = await WORKLOADS[bench](TrioRuntime(nursery), p)
    return result  # every actor task has returned


async def _asyncio_iteration(bench: str, p: Params) -> Result:
    rt = AsyncioRuntime()
    result = await WORKLOADS[bench](rt, p)
    # every actor task has returned (a spawned task may spawn more: loop until none is left)
    while rt.tasks:
        tasks, rt.tasks = rt.tasks, []
        await asyncio.gather(*tasks)
    return result


def runner(impl: str) -> Callable[[str, Params], Result]:
    if impl == "trio_actor":
        return lambda bench, p: trio.run(_trio_iteration, bench, p)
    if impl == "asyncio":
        return lambda bench, p: asyncio.run(_asyncio_iteration(bench, p))
    if impl == "uvloop":
        import uvloop

        return lambda bench, p: uvloop.run(_asyncio_iteration(bench, p))
    raise ValueError(impl)
