"""The twelve Savina workloads for gevent: a greenlet per actor, a ``gevent.queue.Queue`` each.

The same program as ``coro_suite`` (and so as ``beampy_suite``), written without ``await``:
``mb.send(msg)`` is the queue's ``put_nowait``, ``mb.receive()`` its blocking ``get`` (which
switches to the hub only when the queue is empty), and the selective receive of Bank
Transaction and Concurrent Dictionary moves the messages it passes over to a save list that the
actor's plain receive reads first. Each iteration ends only when every greenlet has returned.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import gevent  # type: ignore[import-untyped]
import gevent.queue  # type: ignore[import-untyped]

from benchmarks._common import now_ns
from benchmarks.savina import spec
from benchmarks.savina.spec import Params, complement, fj_work, next_random, trap_area

Result = tuple[int, Any]


class Box(Protocol):
    """What the workloads need of a mailbox."""

    def send(self, msg: Any) -> None: ...

    def receive(self) -> Any: ...

    def receive_match(self, pred: Callable[[Any], bool]) -> Any: ...


class QueueMailbox(gevent.queue.Queue):  # type: ignore[misc]
    """A ``gevent.queue.Queue`` as a mailbox: ``send``/``receive`` are ``put_nowait``/``get``."""

    send = gevent.queue.Queue.put_nowait
    receive = gevent.queue.Queue.get

    def __init__(self) -> None:
        super().__init__()
        self.saved: deque[Any] = deque()

    def receive_saved(self) -> Any:
        """The plain receive of an actor that also receives selectively: saved ones first."""
        if self.saved:
            return self.saved.popleft()
        return self.get()

    def receive_match(self, pred: Callable[[Any], bool]) -> Any:
        for i, msg in enumerate(self.saved):
            if pred(msg):
                del self.saved[i]
                return msg
        while True:
            msg = self.get()
            if pred(msg):
                return msg
            self.saved.append(msg)


class Runtime:
    def __init__(self) -> None:
        self.greenlets: list[Any] = []

    def mailbox(self) -> Box:
        mb: Box = QueueMailbox()
        return mb

    def spawn(self, fn: Callable[..., None], *args: Any) -> Box:
        mb: Box = QueueMailbox()
        self.greenlets.append(gevent.spawn(fn, mb, *args))
        return mb


# ---------------------------------------------------------------------------------------------
# 1. PingPong


def pp_pong(mb: Box) -> None:
    count = 0
    while True:
        match mb.receive():
            case ("ping", frm):
                count += 1
                frm.send("pong")
            case ("stop", frm):
                frm.send(("pongs", count))
                return


def pp_ping(mb: Box, n: int, pong: Box, driver: Box) -> None:
    sent = 0
    while True:
        match mb.receive():
            case "start" | "pong":
                if sent < n:
                    sent += 1
                    pong.send(("ping", mb))
                else:
                    pong.send(("stop", mb))
            case ("pongs", count):
                driver.send(("result", count))
                return


def pingpong(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    pong = rt.spawn(pp_pong)
    ping = rt.spawn(pp_ping, p["n"], pong, me)
    ping.send("start")
    match me.receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 2. Counting


def ct_counter(mb: Box) -> None:
    count = 0
    while True:
        match mb.receive():
            case "inc":
                count += 1
            case ("get", frm):
                frm.send(("count", count))
                return


def ct_producer(mb: Box, n: int, counter: Box, driver: Box) -> None:
    for _ in range(n):
        counter.send("inc")
    counter.send(("get", mb))
    match mb.receive():
        case ("count", x):
            driver.send(("result", x))


def counting(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    counter = rt.spawn(ct_counter)
    rt.spawn(ct_producer, p["n"], counter, me)
    match me.receive():
        case ("result", x):
            pass
    return now_ns() - t0, x


# ---------------------------------------------------------------------------------------------
# 3. Fork-Join Throughput


def fjt_worker(mb: Box, n: int, driver: Box) -> None:
    for _ in range(n):
        match mb.receive():
            case "msg":
                fj_work()
    driver.send(("done", n))


def fjthrput(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    workers = [rt.spawn(fjt_worker, n, me) for _ in range(a)]
    for _ in range(n):
        for w in workers:
            w.send("msg")
    total = 0
    for _ in range(a):
        match me.receive():
            case ("done", k):
                total += k
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 4. Fork-Join Create


def fjc_worker(mb: Box, driver: Box) -> None:
    match mb.receive():
        case "go":
            fj_work()
            driver.send("done")


def fjc_creator(mb: Box, rt: Runtime, n: int, driver: Box) -> None:
    for _ in range(n):
        rt.spawn(fjc_worker, driver).send("go")


def fjcreate(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    n = p["n"]
    t0 = now_ns()
    rt.spawn(fjc_creator, rt, n, me)
    count = 0
    while count < n:
        match me.receive():
            case "done":
                count += 1
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 5. Thread Ring


def tr_node(mb: Box, i: int, size: int, driver: Box) -> None:
    match mb.receive():
        case ("next", nxt):
            pass
    while True:
        match mb.receive():
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


def threadring(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    size, rounds = p["n"], p["r"]
    t0 = now_ns()
    ring = [rt.spawn(tr_node, i, size, me) for i in range(size)]
    for i, mb in enumerate(ring):
        mb.send(("next", ring[(i + 1) % size]))
    ring[0].send(("ping", rounds))
    match me.receive():
        case ("done", h):
            pass
    return now_ns() - t0, h


# ---------------------------------------------------------------------------------------------
# 6. Chameneos


def cham_creature(mb: Box, mall: Box, colour: int) -> None:
    meetings = 0
    mall.send(("meet", colour, mb))
    while True:
        match mb.receive():
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


def cham_mall(mb: Box, rt: Runtime, creatures: int, meetings: int, driver: Box) -> None:
    for i in range(creatures):
        rt.spawn(cham_creature, mb, i % 3)
    left = meetings
    waiting: Box | None = None
    total = 0
    reported = 0
    while reported < creatures:
        match mb.receive():
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


def chameneos(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    rt.spawn(cham_mall, rt, p["c"], p["m"], me)
    match me.receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 7. Big


def big_worker(mb: Box, i: int, w: int, n: int, sink: Box) -> None:
    match mb.receive():
        case ("peers", peers):
            pass
    seed = i
    expected = -1
    sent = 0
    target_sum = 0
    while True:
        match mb.receive():
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


def big_sink(mb: Box, w: int, driver: Box) -> None:
    match mb.receive():
        case ("peers", peers):
            pass
    total = 0
    for _ in range(w):
        match mb.receive():
            case ("finished", s):
                total += s
    for peer in peers:
        peer.send("exit")
    driver.send(("result", total))


def big(rt: Runtime, p: Params) -> Result:
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
    match me.receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 8. Concurrent Dictionary (a raw request/reply server)


def dict_server(mb: Box, driver: Box) -> None:
    data = {k: k for k in range(spec.DICT_KEYS)}
    driver.send("ready")
    while True:
        match mb.receive():
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


def dict_worker(mb: Box, wid: int, m: int, write_pct: int, server: Box, driver: Box) -> None:
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
        mb.receive_match(reply_to(ref))
    driver.send(("done", reads, writes))


def dictionary(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    server = rt.spawn(dict_server, me)
    me.receive()  # "ready": the server has built its map; the clock starts now
    t0 = now_ns()
    for wid in range(p["e"]):
        rt.spawn(dict_worker, wid, p["m"], p["w"], server, me)
    reads = writes = 0
    for _ in range(p["e"]):
        match me.receive():
            case ("done", r, w):
                reads += r
                writes += w
    server.send(("sum", me))
    match me.receive():
        case ("sum", total, size):
            pass
    return now_ns() - t0, (reads, writes, size, total)


# ---------------------------------------------------------------------------------------------
# 15. Bank Transaction (selective receive)


def is_reply(ref: object) -> Callable[[Any], bool]:
    return lambda m: type(m) is tuple and len(m) == 2 and m[0] == "reply" and m[1] is ref


def bank_account(mb: Box, idx: int) -> None:
    # a QueueMailbox keeps what a selective receive passed over in `saved`: read it first
    receive = getattr(mb, "receive_saved", mb.receive)
    balance = 0
    while True:
        match receive():
            case ("credit", amount, dst, driver):
                balance -= amount
                ref = object()
                dst.send(("debit", amount, mb, ref))
                mb.receive_match(is_reply(ref))
                driver.send("reply")
            case ("debit", amount, frm, ref):
                balance += amount
                frm.send(("reply", ref))
            case ("stop", frm):
                frm.send(("balance", idx, balance))
                return


def bank_generator(mb: Box, n: int, accounts: tuple[Box, ...], driver: Box) -> None:
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


def bank(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    accounts = tuple(rt.spawn(bank_account, i) for i in range(a))
    rt.spawn(bank_generator, n, accounts, me)
    replies = 0
    while replies < n:
        match me.receive():
            case "reply":
                replies += 1
    for mb in accounts:
        mb.send(("stop", me))
    checksum = 0
    for _ in range(a):
        match me.receive():
            case ("balance", idx, bal):
                checksum += (idx + 1) * bal
    return now_ns() - t0, checksum


# ---------------------------------------------------------------------------------------------
# 18. Sieve of Eratosthenes


def sieve_filter(mb: Box, rt: Runtime, idx: int, first: int, m: int, driver: Box) -> None:
    primes = [first]
    nxt: Box | None = None
    while True:
        match mb.receive():
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


def sieve_producer(mb: Box, n: int, first: Box) -> None:
    for c in range(3, n, 2):
        first.send(("cand", c))
    first.send("exit")


def sieve(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    first = rt.spawn(sieve_filter, rt, 1, 2, p["m"], me)
    rt.spawn(sieve_producer, p["n"], first)
    match me.receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 21. Trapezoidal approximation


def trap_worker(mb: Box, driver: Box, h: float) -> None:
    match mb.receive():
        case ("work", w, start, count):
            driver.send(("area", w, trap_area(start, count, h)))


def trapezoid(rt: Runtime, p: Params) -> Result:
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
        match me.receive():
            case ("area", i, area):
                areas[i] = area
    return now_ns() - t0, sum(areas)


# ---------------------------------------------------------------------------------------------
# 29. Fibonacci


def fib_node(mb: Box, rt: Runtime, n: int, parent: Box) -> None:
    if n <= 2:
        parent.send(("fib", 1))
        return
    rt.spawn(fib_node, rt, n - 1, mb)
    rt.spawn(fib_node, rt, n - 2, mb)
    total = 0
    for _ in range(2):
        match mb.receive():
            case ("fib", x):
                total += x
    parent.send(("fib", total))


def fib(rt: Runtime, p: Params) -> Result:
    me = rt.mailbox()
    t0 = now_ns()
    rt.spawn(fib_node, rt, p["n"], me)
    match me.receive():
        case ("fib", x):
            pass
    return now_ns() - t0, x


WORKLOADS: dict[str, Callable[[Runtime, Params], Result]] = {
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


def iteration(bench: str, p: Params) -> Result:
    rt = Runtime()
    result = WORKLOADS[bench](rt, p)
    # every actor greenlet has returned (a spawned one may spawn more: loop until none is left)
    while rt.greenlets:
        greenlets, rt.greenlets = rt.greenlets, []
        gevent.joinall(greenlets, raise_error=True)
    return result


def runner(impl: str) -> Callable[[str, Params], Result]:
    assert impl == "gevent"
    return iteration
