"""The twelve Savina workloads for the callback actor libraries: pykka and thespian.

Both call a method per message instead of letting an actor block in ``receive``, so every role
is a small state machine, written once here against a three-call interface (``tell``,
``spawn``, ``finish``) that each library implements:

- ``pykka``: ``ThreadingActor``, an OS thread and a ``queue.Queue`` inbox per actor; ``tell`` is
  ``ActorRef.tell``, ``spawn`` is ``start``.
- ``thespian``: ``simpleSystemBase``, thespian's single-threaded in-process system; ``tell`` is
  ``Actor.send``, ``spawn`` is ``createActor`` followed by a set-up message (thespian actors take
  no constructor arguments).

The roles and messages are those of ``beampy_suite``. The one receive that must leave other
messages queued (a Bank Transaction account waiting for its ``("reply", ref)``) keeps what
arrives meanwhile in a stash and handles it, in order, once the reply came: what Savina's Akka
version does, and the only way with callback dispatch. The driver is an actor too; it reads the
clock in its set-up, before it spawns anything, and reports ``(elapsed_ns, result)``.
"""

from __future__ import annotations

import queue
from collections import deque
from collections.abc import Callable
from typing import Any

from benchmarks._common import now_ns
from benchmarks.savina import spec
from benchmarks.savina.spec import Params, complement, fj_work, next_random, trap_area

Result = tuple[int, Any]
Addr = Any


class Logic:
    """One role. The role provides ``setup(*args)`` and ``on_message(msg)``; the library binding
    (a subclass of the role and of the library's actor) provides the rest, declared here only
    as annotations so that no stub shadows the binding's methods."""

    me: Addr
    tell: Callable[[Addr, Any], None]
    spawn: Callable[..., Addr]  # spawn(role_class, *setup_args) -> address
    finish: Callable[[], None]  # this actor exits after the current message
    report: Callable[[Any], None]  # (the driver) hand the result to the caller outside

    def setup(self, *args: Any) -> None:
        pass

    def on_message(self, msg: Any) -> None:
        raise NotImplementedError


class Driver(Logic):
    """A workload's driver: starts the clock in ``setup`` and stops it in ``done``."""

    t0 = 0

    def done(self, result: Any) -> None:
        self.report((now_ns() - self.t0, result))


# ---------------------------------------------------------------------------------------------
# 1. PingPong


class Pong(Logic):
    def setup(self) -> None:
        self.count = 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("ping", frm):
                self.count += 1
                self.tell(frm, "pong")
            case ("stop", frm):
                self.tell(frm, ("pongs", self.count))
                self.finish()


class Ping(Logic):
    def setup(self, n: int, pong: Addr, driver: Addr) -> None:
        self.n, self.pong, self.driver, self.sent = n, pong, driver, 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case "start" | "pong":
                if self.sent < self.n:
                    self.sent += 1
                    self.tell(self.pong, ("ping", self.me))
                else:
                    self.tell(self.pong, ("stop", self.me))
            case ("pongs", count):
                self.tell(self.driver, ("result", count))
                self.finish()


class PingPongDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        pong = self.spawn(Pong)
        ping = self.spawn(Ping, p["n"], pong, self.me)
        self.tell(ping, "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("result", count):
                self.done(count)


# ---------------------------------------------------------------------------------------------
# 2. Counting


class Counter(Logic):
    def setup(self) -> None:
        self.count = 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case "inc":
                self.count += 1
            case ("get", frm):
                self.tell(frm, ("count", self.count))
                self.finish()


class Producer(Logic):
    def setup(self, n: int, counter: Addr, driver: Addr) -> None:
        self.n, self.counter, self.driver = n, counter, driver

    def on_message(self, msg: Any) -> None:
        match msg:
            case "start":
                for _ in range(self.n):
                    self.tell(self.counter, "inc")
                self.tell(self.counter, ("get", self.me))
            case ("count", x):
                self.tell(self.driver, ("result", x))
                self.finish()


class CountingDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        counter = self.spawn(Counter)
        self.tell(self.spawn(Producer, p["n"], counter, self.me), "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("result", x):
                self.done(x)


# ---------------------------------------------------------------------------------------------
# 3. Fork-Join Throughput


class FjtWorker(Logic):
    def setup(self, n: int, driver: Addr) -> None:
        self.n, self.left, self.driver = n, n, driver

    def on_message(self, msg: Any) -> None:
        match msg:
            case "msg":
                fj_work()
                self.left -= 1
                if self.left == 0:
                    self.tell(self.driver, ("done", self.n))
                    self.finish()


class FjtDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        a, n = p["a"], p["n"]
        workers = [self.spawn(FjtWorker, n, self.me) for _ in range(a)]
        for _ in range(n):
            for w in workers:
                self.tell(w, "msg")
        self.left, self.total = a, 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("done", k):
                self.total += k
                self.left -= 1
                if self.left == 0:
                    self.done(self.total)


# ---------------------------------------------------------------------------------------------
# 4. Fork-Join Create


class FjcWorker(Logic):
    def setup(self, driver: Addr) -> None:
        self.driver = driver

    def on_message(self, msg: Any) -> None:
        match msg:
            case "go":
                fj_work()
                self.tell(self.driver, "done")
                self.finish()


class FjcCreator(Logic):
    def setup(self, n: int, driver: Addr) -> None:
        self.n, self.driver = n, driver

    def on_message(self, msg: Any) -> None:
        match msg:
            case "start":
                for _ in range(self.n):
                    self.tell(self.spawn(FjcWorker, self.driver), "go")
                self.finish()


class FjcDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        self.n, self.count = p["n"], 0
        self.tell(self.spawn(FjcCreator, self.n, self.me), "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case "done":
                self.count += 1
                if self.count == self.n:
                    self.done(self.count)


# ---------------------------------------------------------------------------------------------
# 5. Thread Ring


class RingNode(Logic):
    def setup(self, i: int, size: int, driver: Addr) -> None:
        self.i, self.size, self.driver = i, size, driver
        self.next: Addr = None

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("ping", k):
                if k > 0:
                    self.tell(self.next, ("ping", k - 1))
                else:
                    self.tell(self.next, ("exit", self.size - 1, self.i))
                    self.finish()
            case ("exit", j, h):
                if j > 1:
                    self.tell(self.next, ("exit", j - 1, h))
                else:
                    self.tell(self.driver, ("done", h))
                self.finish()
            case ("next", nxt):
                self.next = nxt


class RingDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        size = p["n"]
        ring = [self.spawn(RingNode, i, size, self.me) for i in range(size)]
        for i, addr in enumerate(ring):
            self.tell(addr, ("next", ring[(i + 1) % size]))
        self.tell(ring[0], ("ping", p["r"]))

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("done", h):
                self.done(h)


# ---------------------------------------------------------------------------------------------
# 6. Chameneos


class Creature(Logic):
    def setup(self, mall: Addr, colour: int) -> None:
        self.mall, self.colour, self.meetings = mall, colour, 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("meet", other_colour, other):
                self.colour = complement(self.colour, other_colour)
                self.meetings += 1
                self.tell(other, ("change", self.colour))
                self.tell(self.mall, ("meet", self.colour, self.me))
            case ("change", colour):
                self.colour = colour
                self.meetings += 1
                self.tell(self.mall, ("meet", self.colour, self.me))
            case "start":
                self.tell(self.mall, ("meet", self.colour, self.me))
            case "exit":
                self.tell(self.mall, ("count", self.meetings))
                self.finish()


class Mall(Logic):
    def setup(self, creatures: int, meetings: int, driver: Addr) -> None:
        self.creatures, self.left, self.driver = creatures, meetings, driver
        self.waiting: Addr = None
        self.total = self.reported = 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("meet", _, frm):
                if self.left == 0:
                    self.tell(frm, "exit")
                elif self.waiting is None:
                    self.waiting = frm
                else:
                    self.tell(self.waiting, msg)
                    self.waiting = None
                    self.left -= 1
            case ("count", k):
                self.total += k
                self.reported += 1
                if self.reported == self.creatures:
                    self.tell(self.driver, ("result", self.total))
                    self.finish()
            case "start":
                for i in range(self.creatures):
                    self.tell(self.spawn(Creature, self.me, i % 3), "start")


class ChameneosDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        self.tell(self.spawn(Mall, p["c"], p["m"], self.me), "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("result", total):
                self.done(total)


# ---------------------------------------------------------------------------------------------
# 7. Big


class BigWorker(Logic):
    def setup(self, i: int, w: int, n: int, sink: Addr) -> None:
        self.i, self.w, self.n, self.sink = i, w, n, sink
        self.seed, self.expected, self.sent, self.target_sum = i, -1, 0, 0
        self.peers: tuple[Addr, ...] = ()

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("ping", j):
                self.tell(self.peers[j], ("pong", self.i))
            case ("pong", j):
                if j != -1 and j != self.expected:
                    raise AssertionError(f"worker {self.i}: pong from {j}")
                if self.sent == self.n:
                    self.tell(self.sink, ("finished", self.target_sum))
                else:
                    self.seed = next_random(self.seed)
                    t = self.seed % self.w
                    self.tell(self.peers[t], ("ping", self.i))
                    self.expected = t
                    self.target_sum += t
                    self.sent += 1
            case ("peers", peers):
                self.peers = peers
            case "exit":
                self.finish()


class BigSink(Logic):
    def setup(self, w: int, driver: Addr) -> None:
        self.left, self.driver, self.total = w, driver, 0
        self.peers: tuple[Addr, ...] = ()

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("finished", s):
                self.total += s
                self.left -= 1
                if self.left == 0:
                    for peer in self.peers:
                        self.tell(peer, "exit")
                    self.tell(self.driver, ("result", self.total))
                    self.finish()
            case ("peers", peers):
                self.peers = peers


class BigDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        w, n = p["w"], p["n"]
        sink = self.spawn(BigSink, w, self.me)
        workers = tuple(self.spawn(BigWorker, i, w, n, sink) for i in range(w))
        msg = ("peers", workers)
        self.tell(sink, msg)
        for addr in workers:
            self.tell(addr, msg)
        for addr in workers:
            self.tell(addr, ("pong", -1))

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("result", total):
                self.done(total)


# ---------------------------------------------------------------------------------------------
# 8. Concurrent Dictionary (a raw request/reply server)


class DictServer(Logic):
    def setup(self, driver: Addr) -> None:
        self.data = {k: k for k in range(spec.DICT_KEYS)}
        self.tell(driver, "ready")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("read", ref, frm, k):
                self.tell(frm, (ref, self.data.get(k)))
            case ("write", ref, frm, k, v):
                self.data[k] = v
                self.tell(frm, (ref, v))
            case ("sum", frm):
                self.tell(frm, ("sum", sum(self.data.values()), len(self.data)))
                self.finish()


class DictWorker(Logic):
    def setup(self, wid: int, m: int, write_pct: int, server: Addr, driver: Addr) -> None:
        self.left, self.write_pct, self.server, self.driver = m, write_pct, server, driver
        self.seed = wid + m + write_pct
        self.reads = self.writes = 0
        self.ref: object = None

    def call(self) -> None:
        self.seed = r = next_random(self.seed)
        self.seed = next_random(self.seed)
        k = self.seed % spec.DICT_KEYS
        self.ref = ref = object()
        if r % 100 < self.write_pct:
            self.tell(self.server, ("write", ref, self.me, k, spec.dict_value(k)))
            self.writes += 1
        else:
            self.tell(self.server, ("read", ref, self.me, k))
            self.reads += 1

    def on_message(self, msg: Any) -> None:
        match msg:
            case (ref, _) if ref is self.ref:  # the reply to the one call in flight
                self.left -= 1
                if self.left:
                    self.call()
                else:
                    self.tell(self.driver, ("done", self.reads, self.writes))
                    self.finish()
            case "start":
                self.call()


class DictDriver(Driver):
    def setup(self, p: Params) -> None:
        self.p = p
        self.server = self.spawn(DictServer, self.me)
        self.left, self.reads, self.writes = p["e"], 0, 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case "ready":  # the server has built its map; the clock starts now
                self.t0 = now_ns()
                p = self.p
                for wid in range(p["e"]):
                    self.tell(
                        self.spawn(DictWorker, wid, p["m"], p["w"], self.server, self.me), "start"
                    )
            case ("done", r, w):
                self.reads += r
                self.writes += w
                self.left -= 1
                if self.left == 0:
                    self.tell(self.server, ("sum", self.me))
            case ("sum", total, size):
                self.done((self.reads, self.writes, size, total))


# ---------------------------------------------------------------------------------------------
# 15. Bank Transaction (a stash stands in for the selective receive)


class Account(Logic):
    def setup(self, idx: int) -> None:
        self.idx, self.balance = idx, 0
        self.awaiting: object = None  # the ref of the reply this account waits for
        self.reply_to: Addr = None
        self.stash: deque[Any] = deque()

    def on_message(self, msg: Any) -> None:
        if self.awaiting is None:
            self.handle(msg)
        elif type(msg) is tuple and msg[0] == "reply" and msg[1] is self.awaiting:
            self.awaiting = None
            self.tell(self.reply_to, "reply")
            stash = self.stash
            while stash and self.awaiting is None:
                self.handle(stash.popleft())
        else:
            self.stash.append(msg)

    def handle(self, msg: Any) -> None:
        match msg:
            case ("credit", amount, dst, driver):
                self.balance -= amount
                self.awaiting = ref = object()
                self.reply_to = driver
                self.tell(dst, ("debit", amount, self.me, ref))
            case ("debit", amount, frm, ref):
                self.balance += amount
                self.tell(frm, ("reply", ref))
            case ("stop", frm):
                self.tell(frm, ("balance", self.idx, self.balance))
                self.finish()


class BankGenerator(Logic):
    def setup(self, n: int, accounts: tuple[Addr, ...], driver: Addr) -> None:
        self.n, self.accounts, self.driver = n, accounts, driver

    def on_message(self, msg: Any) -> None:
        if msg != "start":
            return
        accounts = self.accounts
        a = len(accounts)
        seed = 123456
        span = (a // 10) * 8
        for _ in range(self.n):
            seed = next_random(seed)
            src = seed % span
            seed = next_random(seed)
            d = seed % (a - src) or 1
            seed = next_random(seed)
            self.tell(accounts[src], ("credit", seed, accounts[src + d], self.driver))
        self.finish()


class BankDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        self.n, self.a = p["n"], p["a"]
        self.accounts = tuple(self.spawn(Account, i) for i in range(self.a))
        self.tell(self.spawn(BankGenerator, self.n, self.accounts, self.me), "start")
        self.replies = self.balances = self.checksum = 0

    def on_message(self, msg: Any) -> None:
        match msg:
            case "reply":
                self.replies += 1
                if self.replies == self.n:
                    for addr in self.accounts:
                        self.tell(addr, ("stop", self.me))
            case ("balance", idx, bal):
                self.checksum += (idx + 1) * bal
                self.balances += 1
                if self.balances == self.a:
                    self.done(self.checksum)


# ---------------------------------------------------------------------------------------------
# 18. Sieve of Eratosthenes


class SieveFilter(Logic):
    def setup(self, idx: int, first: int, m: int, driver: Addr) -> None:
        self.idx, self.primes, self.m, self.driver = idx, [first], m, driver
        self.next: Addr = None

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("cand", c):
                for q in self.primes:
                    if c % q == 0:
                        return
                if self.next is not None:
                    self.tell(self.next, ("cand", c))
                elif len(self.primes) < self.m:
                    self.primes.append(c)
                else:
                    self.next = self.spawn(SieveFilter, self.idx + 1, c, self.m, self.driver)
            case "exit":
                if self.next is not None:
                    self.tell(self.next, "exit")
                else:
                    found = (self.idx - 1) * self.m + len(self.primes)
                    self.tell(self.driver, ("result", found))
                self.finish()


class SieveProducer(Logic):
    def setup(self, n: int, first: Addr) -> None:
        self.n, self.first = n, first

    def on_message(self, msg: Any) -> None:
        if msg == "start":
            for c in range(3, self.n, 2):
                self.tell(self.first, ("cand", c))
            self.tell(self.first, "exit")
            self.finish()


class SieveDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        first = self.spawn(SieveFilter, 1, 2, p["m"], self.me)
        self.tell(self.spawn(SieveProducer, p["n"], first), "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("result", count):
                self.done(count)


# ---------------------------------------------------------------------------------------------
# 21. Trapezoidal approximation


class TrapWorker(Logic):
    def setup(self, driver: Addr, h: float) -> None:
        self.driver, self.h = driver, h

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("work", w, start, count):
                self.tell(self.driver, ("area", w, trap_area(start, count, self.h)))
                self.finish()


class TrapDriver(Driver):
    def setup(self, p: Params) -> None:
        n, w = p["n"], p["w"]
        h = (spec.TRAP_RIGHT - spec.TRAP_LEFT) / n
        share = n // w
        self.t0 = now_ns()
        workers = [self.spawn(TrapWorker, self.me, h) for _ in range(w)]
        for i, addr in enumerate(workers):
            self.tell(addr, ("work", i, i * share, share))
        self.areas = [0.0] * w
        self.left = w

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("area", i, area):
                self.areas[i] = area
                self.left -= 1
                if self.left == 0:
                    self.done(sum(self.areas))


# ---------------------------------------------------------------------------------------------
# 29. Fibonacci


class FibNode(Logic):
    def setup(self, n: int, parent: Addr) -> None:
        self.n, self.parent, self.total, self.left = n, parent, 0, 2

    def on_message(self, msg: Any) -> None:
        match msg:
            case "start":
                if self.n <= 2:
                    self.tell(self.parent, ("fib", 1))
                    self.finish()
                else:
                    self.tell(self.spawn(FibNode, self.n - 1, self.me), "start")
                    self.tell(self.spawn(FibNode, self.n - 2, self.me), "start")
            case ("fib", x):
                self.total += x
                self.left -= 1
                if self.left == 0:
                    self.tell(self.parent, ("fib", self.total))
                    self.finish()


class FibDriver(Driver):
    def setup(self, p: Params) -> None:
        self.t0 = now_ns()
        self.tell(self.spawn(FibNode, p["n"], self.me), "start")

    def on_message(self, msg: Any) -> None:
        match msg:
            case ("fib", x):
                self.done(x)


DRIVERS: dict[str, type[Driver]] = {
    "pingpong": PingPongDriver,
    "counting": CountingDriver,
    "fjthrput": FjtDriver,
    "fjcreate": FjcDriver,
    "threadring": RingDriver,
    "chameneos": ChameneosDriver,
    "big": BigDriver,
    "dictionary": DictDriver,
    "bank": BankDriver,
    "sieve": SieveDriver,
    "trapezoid": TrapDriver,
    "fib": FibDriver,
}

# ---------------------------------------------------------------------------------------------
# pykka


def _pykka_runner() -> Callable[[str, Params], Result]:
    import pykka

    bound: dict[type[Logic], type[Any]] = {}

    class PykkaActor(pykka.ThreadingActor):
        results: queue.Queue[Any] | None = None

        def __init__(self, *args: Any) -> None:
            super().__init__()
            self.me = self.actor_ref
            self.setup(*args)  # type: ignore[attr-defined]

        def tell(self, addr: Addr, msg: Any) -> None:
            addr.tell(msg)

        def spawn(self, cls: type[Logic], *args: Any) -> Addr:
            return bind(cls).start(*args)

        def finish(self) -> None:
            self.stop()

        def report(self, result: Any) -> None:
            assert PykkaActor.results is not None
            PykkaActor.results.put(result)
            self.stop()

    def bind(cls: type[Logic]) -> type[Any]:
        if cls not in bound:
            # the role's methods first; pykka calls on_receive(message) for every message
            bound[cls] = type(
                f"Pykka{cls.__name__}", (cls, PykkaActor), {"on_receive": cls.on_message}
            )
        return bound[cls]

    def run(bench: str, p: Params) -> Result:
        results: queue.Queue[Any] = queue.Queue()
        PykkaActor.results = results
        bind(DRIVERS[bench]).start(p)
        result: Result = results.get()
        pykka.ActorRegistry.stop_all(block=True)  # untimed: every actor thread has ended
        return result

    return run


# ---------------------------------------------------------------------------------------------
# thespian


def _thespian_runner() -> Callable[[str, Params], Result]:
    from thespian.actors import (  # type: ignore[import-untyped]
        Actor,
        ActorExitRequest,
        ActorSystem,
        ActorSystemMessage,
    )

    bound: dict[type[Logic], type[Any]] = {}
    setup_tag = object()

    class ThespianActor(Actor):  # type: ignore[misc]
        asker: Addr = None

        def receiveMessage(self, message: Any, sender: Addr) -> None:  # noqa: N802
            if isinstance(message, tuple) and message and message[0] is setup_tag:
                self.me = self.myAddress
                self.asker = sender
                self.setup(*message[1])
            elif not isinstance(message, ActorSystemMessage):
                self.on_message(message)

        def tell(self, addr: Addr, msg: Any) -> None:
            self.send(addr, msg)

        def spawn(self, cls: type[Logic], *args: Any) -> Addr:
            addr = self.createActor(bind(cls))
            self.send(addr, (setup_tag, args))
            return addr

        def finish(self) -> None:
            self.send(self.myAddress, ActorExitRequest())

        def report(self, result: Any) -> None:
            self.send(self.asker, result)

    def bind(cls: type[Logic]) -> type[Any]:
        if cls not in bound:
            bound[cls] = type(f"Thespian{cls.__name__}", (cls, ThespianActor), {})
        return bound[cls]

    def run(bench: str, p: Params) -> Result:
        asys = ActorSystem("simpleSystemBase", logDefs=False)
        try:
            driver = asys.createActor(bind(DRIVERS[bench]))
            result: Result = asys.ask(driver, (setup_tag, (p,)))
        finally:
            asys.shutdown()  # untimed: the whole system, every actor with it
        return result

    return run


def runner(impl: str) -> Callable[[str, Params], Result]:
    if impl == "pykka":
        return _pykka_runner()
    if impl == "thespian":
        return _thespian_runner()
    raise ValueError(impl)
