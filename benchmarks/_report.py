"""Turns the runner's raw measurements into statistics, target verdicts and Markdown.

Pure functions over plain dicts (the JSON lines the workloads print, plus ``run`` and ``date``
added by the runner), so a results file can be re-rendered without re-running anything:
``python benchmarks/run.py --render-only``.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]

IMPL_ORDER = [
    "beampy",
    "beampy_patterns",
    "beam_s1",
    "beam",
    "beam_s1_httpc",
    "beam_httpc",
    "trio_actor",
    "asyncio",
    "uvloop",
    "gevent",
    "pykka",
    "thespian",
    "trio",
    "aiometer",
    "aiohttp",
    "httpx",
]
IMPL_LABELS = {
    "beampy": "beampy",
    "beampy_patterns": "beampy, receive by pattern",
    "beam_s1": "BEAM `+S 1:1`",
    "beam": "BEAM (default schedulers)",
    "beam_s1_httpc": "BEAM `+S 1:1`, `:httpc` (keep-alive)",
    "beam_httpc": "BEAM (default schedulers), `:httpc` (keep-alive)",
    "trio_actor": "trio task per actor",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
    "gevent": "gevent",
    "pykka": "pykka (threads)",
    "thespian": "thespian (simpleSystemBase)",
    "trio": "trio (a nursery)",
    "aiometer": "aiometer (asyncio; over httpx in io_fanout)",
    "aiohttp": "aiohttp on uvloop, a semaphore",
    "httpx": "httpx on trio, a CapacityLimiter",
}
BUSY = 0.25  # a run that started while more than this share of the CPU was in use
PYTHON_PEERS = ["trio_actor", "asyncio", "uvloop", "gevent", "pykka", "thespian"]
BENCH_ORDER = [
    "spawn",
    "ping_pong",
    "hosted_server",
    "ring",
    "fan_out",
    "selective_receive",
    "fairness",
    "genserver_call",
    "genserver_call_queued",
    "genserver_cast",
    "agent_update",
    "genserver_call_hosted",
    "sup_restart",
    "sup_start_stop",
    "dynsup_start_stop",
    "task_async_await",
    "task_await_many",
    "async_stream",
    "async_stream_unordered",
    "io_fanout",
]
# The results file each workload goes to (benchmarks/results/<suite>.md); default process_layer.
GENSERVER_BENCHES = BENCH_ORDER[
    BENCH_ORDER.index("genserver_call") : BENCH_ORDER.index("genserver_call_hosted") + 1
]
SUPERVISOR_BENCHES = ["sup_restart", "sup_start_stop", "dynsup_start_stop"]
TASK_BENCHES = [
    "task_async_await",
    "task_await_many",
    "async_stream",
    "async_stream_unordered",
    "io_fanout",
]
SUITE = {
    **dict.fromkeys(GENSERVER_BENCHES, "genserver"),
    **dict.fromkeys(SUPERVISOR_BENCHES, "supervisor"),
    **dict.fromkeys(TASK_BENCHES, "task"),
}

# What per_op_us means for each (bench, metric).
UNITS = {
    ("spawn", "spawn"): "µs per spawn (until every process waits in receive)",
    ("spawn", "stop"): "µs per process stopped (send stop, wait until all exited)",
    ("ping_pong", "round_trip"): "µs per round trip",
    ("hosted_server", "plain"): "µs per round trip to a server that never touched trio",
    ("hosted_server", "touched_trio"): (
        "µs per round trip to a server that awaited `trio.sleep(0)` once at start"
    ),
    ("ring", "hop"): "µs per hop",
    ("fan_out", "message"): "µs per message",
    ("selective_receive", "empty"): "µs per tagged request/reply, empty mailbox",
    ("selective_receive", "queued"): "µs per tagged request/reply behind the queued messages",
    ("fairness", "idle"): "mean extra delay of trio.sleep(0.01), µs, no load",
    ("fairness", "loaded"): "mean extra delay of trio.sleep(0.01), µs, ping-pong running",
    ("fairness", "thread_idle"): (
        "mean extra delay of a worker thread's time.sleep(0.01), µs, no load"
    ),
    ("fairness", "thread_loaded"): (
        "mean extra delay of a worker thread's time.sleep(0.01), µs, ping-pong running"
    ),
    ("genserver_call", "call"): "µs per `GenServer.call` to a counter (request/reply: ask)",
    ("genserver_call_queued", "empty"): "µs per `GenServer.call`, caller's mailbox empty",
    ("genserver_call_queued", "queued"): (
        "µs per `GenServer.call` from a caller holding 10,000 unrelated messages"
    ),
    ("genserver_cast", "cast"): "µs per `GenServer.cast` (N casts, then one call)",
    ("agent_update", "update"): "µs per `Agent.update(agent, fn n -> n + 1)`",
    ("agent_update", "get"): "µs per `Agent.get(agent, fn n -> n)`",
    ("genserver_call_hosted", "plain"): "µs per call to a server that never touched trio",
    ("genserver_call_hosted", "touched_trio"): (
        "µs per call to a server that awaited `trio.sleep(0)` once in init"
    ),
    ("sup_restart", "first_1000"): (
        "µs per restart of a killed one_for_one child (kill to the new child's init), the "
        "first 1,000 restarts"
    ),
    ("sup_restart", "batch"): "µs per restart in the batch of 1,000 ending at restart `size`",
    ("sup_restart", "all"): "µs per restart over all the restarts",
    ("sup_start_stop", "start"): "µs per child: `Supervisor.start_link` with N children",
    ("sup_start_stop", "stop"): "µs per child: `Supervisor.stop` of that supervisor",
    ("dynsup_start_stop", "start"): "µs per `DynamicSupervisor.start_child` call",
    ("dynsup_start_stop", "stop"): "µs per child: `DynamicSupervisor.stop` with N children",
    ("task_async_await", "pair"): "µs per `Task.async` + `Task.await` pair, one after another",
    ("task_await_many", "task"): "µs per task: N `Task.async`, then `Task.await_many` of them",
    ("async_stream", "item"): (
        "µs per item: `Task.async_stream` of a trivial function, max_concurrency 100, to a list"
    ),
    ("async_stream_unordered", "item"): (
        "µs per item: the same with `ordered: false` (results as they finish)"
    ),
    ("io_fanout", "wall"): (
        "µs of elapsed time per HTTP GET (10 ms each at the server; the floor is "
        "10 ms / max_concurrency)"
    ),
    ("io_fanout", "cpu"): "µs of the client process's CPU time (user + system) per HTTP GET",
}

# Numeric extras worth a median in the tables, with their column text.
EXTRAS = {
    "bytes_per_proc": "bytes/process (RSS Δ / N)",
    "tracemalloc_bytes_per_proc": "bytes/process (tracemalloc)",
    "beam_memory_bytes_per_proc": "bytes/process (`erlang:memory(processes)` Δ / N)",
    "process_info_memory": "`Process.info(pid, :memory)`",
    "p50_ms": "p50 extra delay ms",
    "p99_ms": "p99 extra delay ms",
    "max_ms": "max extra delay ms",
    "round_trip_us": "µs per round trip meanwhile",
    "ratio_to_plain": "x the plain server, same run",
    "ratio_to_empty": "x the empty-mailbox caller, same run",
}

NOT_MEASURED = [
    (
        "selective_receive",
        "asyncio, uvloop, gevent, pykka, thespian",
        "their mailboxes are FIFO queues or callback dispatch with no receive-by-pattern; a "
        "hand-written scan over the queue is what `trio_actor` measures",
    ),
    ("fairness", "every peer", "hosted processes (trio I/O inside an actor runtime) are beampy's"),
    (
        "hosted_server",
        "every peer; the BEAM's `touched_trio`",
        "a process that leaves the run queue for trio and comes back is beampy's; the BEAM runs "
        "the plain server only, for reference",
    ),
    (
        "spawn at 1,000,000",
        "the Python peers",
        "bounded to 100,000 (pykka: 10,000 OS threads) to keep the run short",
    ),
]

NOT_MEASURED_GENSERVER = [
    (
        "genserver_call_queued, genserver_cast, agent_update, genserver_call_hosted",
        "the Python peers",
        "request/reply is compared on `genserver_call` only (pykka and thespian `ask`, a queue "
        "and a future per request in trio, asyncio and uvloop); the others are beampy's OTP "
        "layer beside the BEAM's",
    ),
    (
        "genserver_call",
        "gevent",
        "not asked for by the comparison (pykka, thespian, asyncio, uvloop, trio)",
    ),
    (
        "genserver_call_hosted",
        "the BEAM's `touched_trio`",
        "a server that leaves the run queue for trio and comes back is beampy's; the BEAM runs "
        "the plain server only, for reference",
    ),
]


@dataclass(frozen=True)
class Key:
    bench: str
    metric: str
    impl: str
    n: int
    procs: int | None
    queued: int | None

    def params(self) -> str:
        parts = [f"n={self.n:,}"]
        if self.procs is not None:
            parts.append(f"procs={self.procs:,}")
        if self.queued is not None:
            parts.append(f"queued={self.queued:,}")
        return ", ".join(parts)


def key_of(rec: Record) -> Key:
    return Key(
        rec["bench"],
        rec["metric"],
        rec["impl"],
        int(rec["n"]),
        rec.get("procs"),
        rec.get("queued") if rec["bench"] == "selective_receive" else None,
    )


def _order(key: Key) -> tuple[int, str, int, int, int]:
    bench = BENCH_ORDER.index(key.bench) if key.bench in BENCH_ORDER else len(BENCH_ORDER)
    impl = IMPL_ORDER.index(key.impl) if key.impl in IMPL_ORDER else len(IMPL_ORDER)
    return (bench, key.metric, impl, key.n, key.queued or 0)


def summarize(records: Iterable[Record]) -> list[Record]:
    """One row per (bench, metric, impl, size): median, min and max over the runs."""
    groups: dict[Key, list[Record]] = defaultdict(list)
    for rec in records:
        groups[key_of(rec)].append(rec)
    rows = []
    for key in sorted(groups, key=_order):
        recs = groups[key]
        per_op = [r["per_op_us"] for r in recs]
        row: Record = {
            "bench": key.bench,
            "metric": key.metric,
            "impl": key.impl,
            "n": key.n,
            "procs": key.procs,
            "queued": key.queued,
            "runs": len(recs),
            "per_op_us": _spread(per_op),
            "seconds": _spread([r["seconds"] for r in recs]),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in recs),
            "extras": {
                name: statistics.median(r[name] for r in recs)
                for name in EXTRAS
                if all(isinstance(r.get(name), int | float) for r in recs)
            },
        }
        if any("busy_before" in r for r in recs):
            row["busy_runs"] = sum(1 for r in recs if r.get("busy_before", 0) > BUSY)
        if any("all_stopped" in r for r in recs):
            row["all_stopped"] = sum(1 for r in recs if r.get("all_stopped") is True)
        rows.append(row)
    return rows


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# ---------------------------------------------------------------------------------------------
# targets


@dataclass
class Target:
    name: str
    value: float | None
    limit: float
    op: str  # "<=" or ">="
    shown: str  # the measured value as text
    basis: str  # where the value comes from

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit

    def verdict(self) -> str:
        if self.value is None:
            return "not measured"
        v, lim = self.value, self.limit
        if self.op == "<=":
            if v <= lim:
                return f"**met**, {(1 - v / lim) * 100:.0f}% under the limit"
            return f"**missed** by {(v / lim - 1) * 100:.0f}% (x{v / lim:.2f} the limit)"
        if v == lim:
            return "**met**"
        if v > lim:
            return f"**met**, {(v / lim - 1) * 100:.0f}% above the floor"
        return f"**missed** by {(1 - v / lim) * 100:.0f}% (needs x{lim / v:.2f} more)"


def _find(rows: list[Record], bench: str, metric: str, impl: str, n: int | None = None) -> Record:
    """The row with the largest n (or exactly ``n``) for bench/metric/impl; {} if none."""
    found = [
        r
        for r in rows
        if r["bench"] == bench
        and r["metric"] == metric
        and r["impl"] == impl
        and (n is None or r["n"] == n)
    ]
    return max(found, key=lambda r: r["n"]) if found else {}


def _med(row: Record) -> float | None:
    return row["per_op_us"]["median"] if row else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _fmt_ratio(r: float | None, a: Record, b: Record, what: str = "µs") -> str:
    if r is None:
        return "—"
    return f"{r:.2f} ({_num(_med(a))} / {_num(_med(b))} {what})"


# (suite, bench, metric): beampy / BEAM(+S 1:1) <= 2, the targets of the suites below
RATIO_TARGETS = [
    ("supervisor", "sup_restart", "first_1000"),
    ("supervisor", "sup_start_stop", "start"),
    ("supervisor", "sup_start_stop", "stop"),
    ("supervisor", "dynsup_start_stop", "start"),
    ("supervisor", "dynsup_start_stop", "stop"),
    ("task", "task_async_await", "pair"),
    ("task", "task_await_many", "task"),
    ("task", "async_stream", "item"),
    ("task", "async_stream_unordered", "item"),
]


def evaluate_targets(rows: list[Record]) -> list[Target]:
    """The beampy targets of the suites ``rows`` are from, each with its measured value."""
    gs = [r for r in rows if r["bench"] in GENSERVER_BENCHES]
    out = _genserver_targets(gs) if gs else []
    suites = {SUITE.get(r["bench"], "process_layer") for r in rows}
    for suite in sorted(suites - {"genserver", "process_layer"}):
        out += _ratio_targets(suite, [r for r in rows if SUITE.get(r["bench"]) == suite])
    if "process_layer" in suites or not rows:
        out = _process_targets([r for r in rows if r["bench"] not in SUITE]) + out
    return out


def _ratio_targets(suite: str, rows: list[Record]) -> list[Target]:
    """beampy at most 2x the BEAM (+S 1:1) on each workload of ``RATIO_TARGETS`` in ``suite``."""
    out: list[Target] = []
    for s, bench, metric in RATIO_TARGETS:
        if s != suite:
            continue
        a, b = _find(rows, bench, metric, "beampy"), _find(rows, bench, metric, "beam_s1")
        r = _ratio(_med(a), _med(b))
        out.append(
            Target(
                f"{bench} {metric}: beampy / BEAM(+S 1:1) ≤ 2",
                r,
                2.0,
                "<=",
                _fmt_ratio(r, a, b),
                "medians of per-op time",
            )
        )
    if suite == "task":
        a = _find(rows, "io_fanout", "cpu", "beampy", 20_000)
        b = _find(rows, "io_fanout", "cpu", "trio", 20_000)
        r = _ratio(_med(a), _med(b))
        out.append(
            Target(
                "io_fanout CPU per request at 1,000: beampy / lazy trio raw client ≤ 1.2",
                r,
                1.2,
                "<=",
                _fmt_ratio(r, a, b),
                "medians of client CPU time per request, 20,000 requests",
            )
        )
    return out


def _paired(touched: Record, extra: str) -> str:
    paired = touched.get("extras", {}).get(extra) if touched else None
    return f"; median of the per-run ratios: {paired:.2f}" if paired is not None else ""


def _genserver_targets(rows: list[Record]) -> list[Target]:
    """The OTP layer's targets (issue 7): GenServer and Agent beside the BEAM and the peers."""
    out: list[Target] = []
    base = "beam_s1"
    for bench, metric in (
        ("genserver_call", "call"),
        ("agent_update", "update"),
        ("agent_update", "get"),
    ):
        a, b = _find(rows, bench, metric, "beampy"), _find(rows, bench, metric, base)
        r = _ratio(_med(a), _med(b))
        out.append(
            Target(
                f"{bench} {metric}: beampy / BEAM(+S 1:1) ≤ 2",
                r,
                2.0,
                "<=",
                _fmt_ratio(r, a, b),
                "medians of per-op time",
            )
        )

    for bench, metric, other, limit, extra, what in (
        ("genserver_call_queued", "queued", "empty", 1.3, "ratio_to_empty", "10,000 queued"),
        ("genserver_call_hosted", "touched_trio", "plain", 1.1, "ratio_to_plain", "touched trio"),
    ):
        a, b = _find(rows, bench, metric, "beampy"), _find(rows, bench, metric=other, impl="beampy")
        r = _ratio(_med(a), _med(b))
        ba, bb = _find(rows, bench, metric, base), _find(rows, bench, other, base)
        beam_r = _ratio(_med(ba), _med(bb))
        basis = "beampy, medians of time per call" + _paired(a, extra)
        if beam_r is not None:
            basis += f"; the BEAM (+S 1:1) itself: {beam_r:.2f}"
        elif _med(bb) is not None:
            basis += f"; the BEAM (+S 1:1) {other} server: {_num(_med(bb))} µs"
        out.append(
            Target(
                f"{bench}: {what} / {other} ≤ {limit}",
                r,
                limit,
                "<=",
                _fmt_ratio(r, a, b),
                basis,
            )
        )

    mine = _find(rows, "genserver_call", "call", "beampy")
    for peer in PYTHON_PEERS:
        p = _find(rows, "genserver_call", "call", peer)
        if not p:
            continue
        r = _ratio(_med(p), _med(mine))
        out.append(
            Target(
                f"genserver_call: {peer} request/reply / beampy ≥ 5",
                r,
                5.0,
                ">=",
                _fmt_ratio(r, p, mine),
                "medians of per-op time",
            )
        )
    return out


def _process_targets(rows: list[Record]) -> list[Target]:
    """The process layer's targets."""
    out: list[Target] = []
    base = "beam_s1"

    for bench, metric, limit in (
        ("ping_pong", "round_trip", 1.5),
        ("ring", "hop", 1.5),
        ("fan_out", "message", 2.0),
    ):
        a, b = _find(rows, bench, metric, "beampy"), _find(rows, bench, metric, base)
        r = _ratio(_med(a), _med(b))
        out.append(
            Target(
                f"{bench}: beampy / BEAM(+S 1:1) ≤ {limit}",
                r,
                limit,
                "<=",
                _fmt_ratio(r, a, b),
                "medians of per-op time",
            )
        )

    # the same ping-pong with every receive written as a pattern (as the Elixir is)
    pat = _find(rows, "ping_pong", "round_trip", "beampy_patterns")
    for other, label, limit in (("beampy", "beampy", 1.2), (base, "BEAM(+S 1:1)", 2.0)):
        b = _find(rows, "ping_pong", "round_trip", other)
        r = _ratio(_med(pat), _med(b))
        out.append(
            Target(
                f"ping_pong by pattern: beampy_patterns / {label} ≤ {limit}",
                r,
                limit,
                "<=",
                _fmt_ratio(r, pat, b),
                "medians of per-op time",
            )
        )

    # a server that awaited trio once at start, handed back to the run queue, against one that
    # never touched trio
    touched = _find(rows, "hosted_server", "touched_trio", "beampy")
    plain = _find(rows, "hosted_server", "plain", "beampy")
    r = _ratio(_med(touched), _med(plain))
    paired = touched.get("extras", {}).get("ratio_to_plain") if touched else None
    beam_plain = _med(_find(rows, "hosted_server", "plain", base))
    basis = "beampy, medians of time per round trip"
    if paired is not None:
        basis += f"; median of the per-run ratios: {paired:.2f}"
    if beam_plain is not None:
        basis += f"; the BEAM (+S 1:1) plain server: {_num(beam_plain)} µs"
    out.append(
        Target(
            "hosted_server: touched trio once / never touched trio ≤ 1.1",
            r,
            1.1,
            "<=",
            _fmt_ratio(r, touched, plain),
            basis,
        )
    )

    spawn_sizes = sorted(
        {r["n"] for r in rows if r["bench"] == "spawn" and r["impl"] == "beampy"}
        & {r["n"] for r in rows if r["bench"] == "spawn" and r["impl"] == base}
    ) or [None]
    for n in spawn_sizes:
        a, b = _find(rows, "spawn", "spawn", "beampy", n), _find(rows, "spawn", "spawn", base, n)
        r = _ratio(_med(a), _med(b))
        size = f" (N={n:,})" if n else ""
        out.append(
            Target(
                f"spawn{size}: beampy / BEAM(+S 1:1) ≤ 2",
                r,
                2.0,
                "<=",
                _fmt_ratio(r, a, b),
                "medians of time per spawn",
            )
        )

    a, b = _find(rows, "spawn", "spawn", "beampy"), _find(rows, "spawn", "spawn", base)
    ab = a.get("extras", {}).get("bytes_per_proc") if a else None
    bb = b.get("extras", {}).get("bytes_per_proc") if b else None
    out.append(
        Target(
            "bytes per idle process: beampy ≤ BEAM (ratio ≤ 1)",
            _ratio(ab, bb),
            1.0,
            "<=",
            f"{_ratio(ab, bb):.2f} ({_num(ab)} / {_num(bb)} bytes, N={a['n']:,})"
            if ab is not None and bb is not None
            else "—",
            "RSS growth / N, median",
        )
    )

    big = _find(rows, "spawn", "stop", "beampy", 1_000_000)
    clean = big.get("all_stopped") if big else None
    out.append(
        Target(
            "1,000,000 processes spawned and stopped cleanly (runs clean / runs)",
            clean / big["runs"] if big and clean is not None else None,
            1.0,
            ">=",
            f"{clean}/{big['runs']} runs" if big else "—",
            "every process exited, none left in `beampy.list()`",
        )
    )

    q = _find(rows, "selective_receive", "queued", "beampy")
    e = _find(rows, "selective_receive", "empty", "beampy")
    r = _ratio(_med(q), _med(e))
    bq = _find(rows, "selective_receive", "queued", base)
    be = _find(rows, "selective_receive", "empty", base)
    beam_r = _ratio(_med(bq), _med(be))
    out.append(
        Target(
            "tagged receive behind 10,000 queued ≤ 2x the empty-queue cost",
            r,
            2.0,
            "<=",
            _fmt_ratio(r, q, e),
            "beampy, medians of time per request/reply"
            + (f"; the BEAM (+S 1:1) itself: {beam_r:.2f}" if beam_r is not None else ""),
        )
    )

    for bench, metric in (("ping_pong", "round_trip"), ("ring", "hop")):
        mine = _find(rows, bench, metric, "beampy")
        for peer in PYTHON_PEERS:
            p = _find(rows, bench, metric, peer)
            if not p:
                continue
            r = _ratio(_med(p), _med(mine))
            out.append(
                Target(
                    f"{bench}: {peer} / beampy ≥ 5",
                    r,
                    5.0,
                    ">=",
                    _fmt_ratio(r, p, mine),
                    "medians of per-op time",
                )
            )

    for metric, what, limit, note in (
        ("loaded", "p50 extra delay", 2.0, "hosted trio.sleep(0.01) while two processes ping-pong"),
        (
            "thread_loaded",
            "a worker thread's p50 extra delay",
            5.0,  # the GIL's switch interval
            "trio.to_thread worker's time.sleep(0.01) while two processes ping-pong",
        ),
    ):
        f = _find(rows, "fairness", metric, "beampy")
        p50 = f.get("extras", {}).get("p50_ms") if f else None
        shown = (
            f"{p50:.3f} ms (p99 {f['extras'].get('p99_ms', 0):.3f} ms)" if p50 is not None else "—"
        )
        out.append(Target(f"fairness: {what} ≤ {limit:g} ms", p50, limit, "<=", shown, note))
    return out


# ---------------------------------------------------------------------------------------------
# Markdown


def _num(v: float | None) -> str:
    """Three significant digits, thousands separators for big numbers."""
    if v is None:
        return "—"
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3g}"


def targets_table(targets: list[Target]) -> str:
    lines = [
        "| target | measured | verdict | basis |",
        "|---|---|---|---|",
    ]
    for t in targets:
        lines.append(f"| {t.name} | {t.shown} | {t.verdict()} | {t.basis} |")
    met = sum(1 for t in targets if t.met is True)
    missed = sum(1 for t in targets if t.met is False)
    todo = sum(1 for t in targets if t.met is None)
    lines.append("")
    lines.append(f"{met} met, {missed} missed, {todo} not measured.")
    return "\n".join(lines)


def results_tables(rows: list[Record], detailed: bool) -> str:
    """One table per (bench, metric): every implementation's median with min-max."""
    out = []
    seen: list[tuple[str, str]] = []
    for r in rows:
        if (r["bench"], r["metric"]) not in seen:
            seen.append((r["bench"], r["metric"]))
    for bench, metric in seen:
        group = [r for r in rows if r["bench"] == bench and r["metric"] == metric]
        mine = {r["n"]: _med(r) for r in group if r["impl"] == "beampy"}
        extras = [e for e in EXTRAS if any(e in r["extras"] for r in group)]
        if not detailed:
            extras = [e for e in extras if e in ("bytes_per_proc", "p50_ms", "p99_ms")]
        unit = UNITS.get((bench, metric), "µs per op")
        out.append(f"### {bench} — {metric}\n\n{unit}: median of the runs [min - max].\n")
        head = ["implementation", "size", "median", "[min - max]", "x beampy", "peak RSS MB"]
        head += [EXTRAS[e] for e in extras]
        if any("all_stopped" in r for r in group):
            head.append("all stopped")
        if detailed:
            head += ["runs", "runs on a busy machine"]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        for r in group:
            po = r["per_op_us"]
            # beampy at the same size if it ran that size, else at its largest
            ref = mine.get(r["n"]) or (mine[max(mine)] if mine else None)
            cells: list[str] = [
                str(IMPL_LABELS.get(r["impl"], r["impl"])),
                _size(r),
                _num(po["median"]),
                f"[{_num(po['min'])} - {_num(po['max'])}]",
                f"{po['median'] / ref:.2f}" if ref else "—",
                _num(r["peak_rss_mb"]),
            ]
            cells += [_num(r["extras"].get(e)) for e in extras]
            if any("all_stopped" in x for x in group):
                cells.append(f"{r['all_stopped']}/{r['runs']}" if "all_stopped" in r else "")
            if detailed:
                cells += [str(r["runs"]), str(r.get("busy_runs", "?"))]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def _size(r: Record) -> str:
    parts = [f"{r['n']:,}"]
    if r.get("procs") is not None:
        what = "max_concurrency" if r["bench"] == "io_fanout" else "ring of"
        parts.append(f"{what} {r['procs']:,}")
    if r["bench"] == "selective_receive" and r.get("queued"):
        parts.append(f"{r['queued']:,} queued")
    return ", ".join(parts)


def machine_table(machine: dict[str, Any]) -> str:
    lines = ["| | |", "|---|---|"]
    for k, v in machine.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a} {b}" for a, b in v.items())
        lines.append(f"| {k} | {v} |")
    return "\n".join(lines)


def failures_section(failures: list[Record]) -> str:
    if not failures:
        return "None: every run exited 0 and passed its own check."
    lines = ["| bench | impl | args | run | what happened |", "|---|---|---|---|---|"]
    for f in failures:
        what = str(f.get("error", "")).replace("|", "/").replace("\n", " ")[:300]
        lines.append(f"| {f['bench']} | {f['impl']} | {f['args']} | {f['run']} | {what} |")
    return "\n".join(lines)


NOT_MEASURED_BY_SUITE = {
    "genserver": NOT_MEASURED_GENSERVER,
    "supervisor": [
        (
            "sup_restart, sup_start_stop, dynsup_start_stop",
            "the Python peers",
            "none of them has supervisors (restart strategies, ordered shutdown)",
        ),
    ],
    "task": [
        (
            "task_async_await",
            "trio, aiometer",
            "trio has no task handle to await (a nursery per task is not what the pair does); "
            "aiometer schedules batches, not one task",
        ),
        ("task_await_many", "aiometer", "its batch runner is the async_stream row"),
        (
            "io_fanout at 20,000 requests, max_concurrency 1,000",
            "httpx, aiometer (over httpx)",
            "httpx's connection pool costs milliseconds of CPU per request at this "
            "concurrency (quadratic in the connections, a known upstream issue): minutes per run",
        ),
        ("io_fanout", "asyncio, uvloop", "aiohttp on uvloop stands for asyncio here"),
    ],
}


def not_measured_section(suite: str = "process_layer") -> str:
    lines = ["| workload | not measured for | why |", "|---|---|---|"]
    for what, who, why in NOT_MEASURED_BY_SUITE.get(suite, NOT_MEASURED):
        lines.append(f"| {what} | {who} | {why} |")
    return "\n".join(lines)
