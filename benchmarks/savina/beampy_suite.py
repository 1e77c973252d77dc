"""The twelve Savina workloads in beampy, with beampy's public API only.

Every process is a ``beampy.spawn``ed coroutine; messages are tuples and strings; every receive
takes the oldest message and ``match``es on it, as the Elixir ``receive`` clauses do, except
where the workload is about selective receive: a Bank Transaction account waiting for
``("reply", ref)`` and a Concurrent Dictionary client waiting for its ``(ref, value)`` receive
by pattern, pinning a reference made just before (the BEAM's ref-receive optimisation).

Each iteration is a fresh ``beampy.run``; the driver (the first process) reads the clock before
it spawns anything and after it receives the final result.
"""

from __future__ import annotations

import sys
from typing import Any

import structlog

import beampy
from beampy import ANY, Pid, make_ref, receive, send, spawn
from benchmarks._common import now_ns
from benchmarks.savina import spec
from benchmarks.savina.spec import Params, complement, fj_work, next_random, trap_area

# stdout carries only the JSON lines; structlog events (long_schedule, say) go to stderr
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

Result = tuple[int, Any]

# ---------------------------------------------------------------------------------------------
# 1. PingPong


async def pp_pong() -> None:
    count = 0
    while True:
        match await receive():
            case ("ping", frm):
                count += 1
                send(frm, "pong")
            case ("stop", frm):
                send(frm, ("pongs", count))
                return


async def pp_ping(n: int, pong: Pid, driver: Pid) -> None:
    me = beampy.self()
    sent = 0
    while True:
        match await receive():
            case "start" | "pong":
                if sent < n:
                    sent += 1
                    send(pong, ("ping", me))
                else:
                    send(pong, ("stop", me))
            case ("pongs", count):
                send(driver, ("result", count))
                return


async def pingpong(p: Params) -> Result:
    me = beampy.self()
    t0 = now_ns()
    pong = spawn(pp_pong)
    ping = spawn(pp_ping, p["n"], pong, me)
    send(ping, "start")
    match await receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 2. Counting


async def ct_counter() -> None:
    count = 0
    while True:
        match await receive():
            case "inc":
                count += 1
            case ("get", frm):
                send(frm, ("count", count))
                return


async def ct_producer(n: int, counter: Pid, driver: Pid) -> None:
    for _ in range(n):
        send(counter, "inc")
    send(counter, ("get", beampy.self()))
    match await receive():
        case ("count", x):
            send(driver, ("result", x))


async def counting(p: Params) -> Result:
    me = beampy.self()
    t0 = now_ns()
    counter = spawn(ct_counter)
    spawn(ct_producer, p["n"], counter, me)
    match await receive():
        case ("result", x):
            pass
    return now_ns() - t0, x


# ---------------------------------------------------------------------------------------------
# 3. Fork-Join Throughput


async def fjt_worker(n: int, driver: Pid) -> None:
    for _ in range(n):
        match await receive():
            case "msg":
                fj_work()
    send(driver, ("done", n))


async def fjthrput(p: Params) -> Result:
    me = beampy.self()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    workers = [spawn(fjt_worker, n, me) for _ in range(a)]
    for _ in range(n):
        for w in workers:
            send(w, "msg")
    total = 0
    for _ in range(a):
        match await receive():
            case ("done", k):
                total += k
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 4. Fork-Join Create


async def fjc_worker(driver: Pid) -> None:
    match await receive():
        case "go":
            fj_work()
            send(driver, "done")


async def fjc_creator(n: int, driver: Pid) -> None:
    for _ in range(n):
        send(spawn(fjc_worker, driver), "go")


async def fjcreate(p: Params) -> Result:
    me = beampy.self()
    n = p["n"]
    t0 = now_ns()
    spawn(fjc_creator, n, me)
    count = 0
    while count < n:
        match await receive():
            case "done":
                count += 1
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 5. Thread Ring


async def tr_node(i: int, size: int, driver: Pid) -> None:
    match await receive():
        case ("next", nxt):
            pass
    while True:
        match await receive():
            case ("ping", k):
                if k > 0:
                    send(nxt, ("ping", k - 1))
                else:
                    send(nxt, ("exit", size - 1, i))
                    return
            case ("exit", j, h):
                if j > 1:
                    send(nxt, ("exit", j - 1, h))
                else:
                    send(driver, ("done", h))
                return


async def threadring(p: Params) -> Result:
    me = beampy.self()
    size, rounds = p["n"], p["r"]
    t0 = now_ns()
    ring = [spawn(tr_node, i, size, me) for i in range(size)]
    for i, pid in enumerate(ring):
        send(pid, ("next", ring[(i + 1) % size]))
    send(ring[0], ("ping", rounds))
    match await receive():
        case ("done", h):
            pass
    return now_ns() - t0, h


# ---------------------------------------------------------------------------------------------
# 6. Chameneos


async def cham_creature(mall: Pid, colour: int) -> None:
    me = beampy.self()
    meetings = 0
    send(mall, ("meet", colour, me))
    while True:
        match await receive():
            case ("meet", other_colour, other):
                colour = complement(colour, other_colour)
                meetings += 1
                send(other, ("change", colour))
                send(mall, ("meet", colour, me))
            case ("change", new_colour):
                colour = new_colour
                meetings += 1
                send(mall, ("meet", colour, me))
            case "exit":
                send(mall, ("count", meetings))
                return


async def cham_mall(creatures: int, meetings: int, driver: Pid) -> None:
    me = beampy.self()
    for i in range(creatures):
        spawn(cham_creature, me, i % 3)
    left = meetings
    waiting: Pid | None = None
    total = 0
    reported = 0
    while reported < creatures:
        match await receive():
            case ("meet", _, frm) as msg:
                if left == 0:
                    send(frm, "exit")
                elif waiting is None:
                    waiting = frm
                else:
                    send(waiting, msg)
                    waiting = None
                    left -= 1
            case ("count", k):
                total += k
                reported += 1
    send(driver, ("result", total))


async def chameneos(p: Params) -> Result:
    me = beampy.self()
    t0 = now_ns()
    spawn(cham_mall, p["c"], p["m"], me)
    match await receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 7. Big


async def big_worker(i: int, w: int, n: int, sink: Pid) -> None:
    match await receive():
        case ("peers", peers):
            pass
    seed = i
    expected = -1
    sent = 0
    target_sum = 0
    while True:
        match await receive():
            case ("ping", j):
                send(peers[j], ("pong", i))
            case ("pong", j):
                if j != -1 and j != expected:
                    raise AssertionError(f"worker {i}: pong from {j}, expected {expected}")
                if sent == n:
                    send(sink, ("finished", target_sum))
                else:
                    seed = next_random(seed)
                    t = seed % w
                    send(peers[t], ("ping", i))
                    expected = t
                    target_sum += t
                    sent += 1
            case "exit":
                return


async def big_sink(w: int, driver: Pid) -> None:
    match await receive():
        case ("peers", peers):
            pass
    total = 0
    for _ in range(w):
        match await receive():
            case ("finished", s):
                total += s
    for pid in peers:
        send(pid, "exit")
    send(driver, ("result", total))


async def big(p: Params) -> Result:
    me = beampy.self()
    w, n = p["w"], p["n"]
    t0 = now_ns()
    sink = spawn(big_sink, w, me)
    workers = tuple(spawn(big_worker, i, w, n, sink) for i in range(w))
    msg = ("peers", workers)
    send(sink, msg)
    for pid in workers:
        send(pid, msg)
    for pid in workers:
        send(pid, ("pong", -1))
    match await receive():
        case ("result", total):
            pass
    return now_ns() - t0, total


# ---------------------------------------------------------------------------------------------
# 8. Concurrent Dictionary (a raw request/reply server)


async def dict_server(driver: Pid) -> None:
    data = {k: k for k in range(spec.DICT_KEYS)}
    send(driver, "ready")
    while True:
        match await receive():
            case ("read", ref, frm, k):
                send(frm, (ref, data.get(k)))
            case ("write", ref, frm, k, v):
                data[k] = v
                send(frm, (ref, v))
            case ("sum", frm):
                send(frm, ("sum", sum(data.values()), len(data)))
                return


async def dict_worker(wid: int, m: int, write_pct: int, server: Pid, driver: Pid) -> None:
    me = beampy.self()
    seed = wid + m + write_pct
    reads = writes = 0
    for _ in range(m):
        seed = next_random(seed)
        r = seed
        seed = next_random(seed)
        k = seed % spec.DICT_KEYS
        ref = make_ref()
        if r % 100 < write_pct:
            send(server, ("write", ref, me, k, spec.dict_value(k)))
            writes += 1
        else:
            send(server, ("read", ref, me, k))
            reads += 1
        await receive((ref, ANY))  # the call: only this request's reply
    send(driver, ("done", reads, writes))


async def dictionary(p: Params) -> Result:
    me = beampy.self()
    server = spawn(dict_server, me)
    await receive("ready")  # the server has built its map; the clock starts now
    t0 = now_ns()
    for wid in range(p["e"]):
        spawn(dict_worker, wid, p["m"], p["w"], server, me)
    reads = writes = 0
    for _ in range(p["e"]):
        match await receive():
            case ("done", r, w):
                reads += r
                writes += w
    send(server, ("sum", me))
    match await receive():
        case ("sum", total, size):
            pass
    return now_ns() - t0, (reads, writes, size, total)


# ---------------------------------------------------------------------------------------------
# 15. Bank Transaction (selective receive)


async def bank_account(idx: int) -> None:
    me = beampy.self()
    balance = 0
    while True:
        match await receive():
            case ("credit", amount, dst, driver):
                balance -= amount
                ref = make_ref()
                send(dst, ("debit", amount, me, ref))
                await receive(("reply", ref))  # everything else stays queued, in order
                send(driver, "reply")
            case ("debit", amount, frm, ref):
                balance += amount
                send(frm, ("reply", ref))
            case ("stop", frm):
                send(frm, ("balance", idx, balance))
                return


async def bank_generator(n: int, accounts: tuple[Pid, ...], driver: Pid) -> None:
    a = len(accounts)
    seed = 123456
    span = (a // 10) * 8
    for _ in range(n):
        seed = next_random(seed)
        src = seed % span
        seed = next_random(seed)
        d = seed % (a - src) or 1
        seed = next_random(seed)
        send(accounts[src], ("credit", seed, accounts[src + d], driver))


async def bank(p: Params) -> Result:
    me = beampy.self()
    a, n = p["a"], p["n"]
    t0 = now_ns()
    accounts = tuple(spawn(bank_account, i) for i in range(a))
    spawn(bank_generator, n, accounts, me)
    replies = 0
    while replies < n:
        match await receive():
            case "reply":
                replies += 1
    for pid in accounts:
        send(pid, ("stop", me))
    checksum = 0
    for _ in range(a):
        match await receive():
            case ("balance", idx, bal):
                checksum += (idx + 1) * bal
    return now_ns() - t0, checksum


# ---------------------------------------------------------------------------------------------
# 18. Sieve of Eratosthenes


async def sieve_filter(idx: int, first: int, m: int, driver: Pid) -> None:
    primes = [first]
    nxt: Pid | None = None
    while True:
        match await receive():
            case ("cand", c):
                for q in primes:
                    if c % q == 0:
                        break
                else:
                    if nxt is not None:
                        send(nxt, ("cand", c))
                    elif len(primes) < m:
                        primes.append(c)
                    else:
                        nxt = spawn(sieve_filter, idx + 1, c, m, driver)
            case "exit":
                if nxt is not None:
                    send(nxt, "exit")
                else:
                    send(driver, ("result", (idx - 1) * m + len(primes)))
                return


async def sieve_producer(n: int, first: Pid) -> None:
    for c in range(3, n, 2):
        send(first, ("cand", c))
    send(first, "exit")


async def sieve(p: Params) -> Result:
    me = beampy.self()
    t0 = now_ns()
    first = spawn(sieve_filter, 1, 2, p["m"], me)
    spawn(sieve_producer, p["n"], first)
    match await receive():
        case ("result", count):
            pass
    return now_ns() - t0, count


# ---------------------------------------------------------------------------------------------
# 21. Trapezoidal approximation


async def trap_worker(driver: Pid, h: float) -> None:
    match await receive():
        case ("work", w, start, count):
            send(driver, ("area", w, trap_area(start, count, h)))


async def trapezoid(p: Params) -> Result:
    me = beampy.self()
    n, w = p["n"], p["w"]
    h = (spec.TRAP_RIGHT - spec.TRAP_LEFT) / n
    share = n // w
    t0 = now_ns()
    workers = [spawn(trap_worker, me, h) for _ in range(w)]
    for i, pid in enumerate(workers):
        send(pid, ("work", i, i * share, share))
    areas = [0.0] * w
    for _ in range(w):
        match await receive():
            case ("area", i, area):
                areas[i] = area
    return now_ns() - t0, sum(areas)


# ---------------------------------------------------------------------------------------------
# 29. Fibonacci


async def fib_node(n: int, parent: Pid) -> None:
    if n <= 2:
        send(parent, ("fib", 1))
        return
    me = beampy.self()
    spawn(fib_node, n - 1, me)
    spawn(fib_node, n - 2, me)
    total = 0
    for _ in range(2):
        match await receive():
            case ("fib", x):
                total += x
    send(parent, ("fib", total))


async def fib(p: Params) -> Result:
    me = beampy.self()
    t0 = now_ns()
    spawn(fib_node, p["n"], me)
    match await receive():
        case ("fib", x):
            pass
    return now_ns() - t0, x


WORKLOADS = {
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


def run(bench: str, p: Params) -> Result:
    """One iteration in a fresh runtime."""
    result: Result = beampy.run(WORKLOADS[bench], p)
    return result


def runner(impl: str) -> Any:
    assert impl == "beampy"
    return run
