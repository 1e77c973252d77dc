#!/usr/bin/env python3
"""Run the Savina suite: twelve workloads, beampy beside the BEAM and the Python peers.

    python -m benchmarks.savina.run [BENCH ...] [--size smoke|small|default] [--impl X,Y]
    make bench SUITE=savina [BENCH=chameneos] [SIZE=small]

Every (workload, implementation) runs in a fresh OS process (``python -m
benchmarks.savina.worker`` or ``elixir benchmarks/beam/savina/savina.exs``), which runs the
workload 12 times, as Savina's BenchmarkRunner does, and prints one JSON line per iteration.
The runner checks every line's checksum (a wrong one is reported as ``CHECKSUM FAILED`` and
the run exits non-zero), keeps the lines in ``benchmarks/results/raw/``, and writes
``benchmarks/results/savina-<size>.md``/``.json``, two PNG plots, and (unless ``--no-docs``)
the results part of the Savina section of ``docs/benchmarks.md``.

The Python peers get a time budget per process (``--peer-budget``; at least 2 iterations still
run) so that a full run stays bounded; beampy and the BEAM always run every iteration.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import _report  # noqa: E402  (run as a script: the repo root goes first)
from benchmarks import run as base  # noqa: E402
from benchmarks.savina import spec  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"
RAW = RESULTS / "raw"
DOCS = REPO / "docs" / "benchmarks.md"
ELIXIR_SCRIPT = REPO / "benchmarks" / "beam" / "savina" / "savina.exs"
PLOT_REQUIREMENTS = Path(__file__).with_name("requirements-plot.txt")
DOCS_BEGIN = "<!-- savina-results:begin (written by benchmarks/savina/run.py) -->"
DOCS_END = "<!-- savina-results:end -->"

IMPLS = [
    "beampy",
    "beam_s1",
    "beam",
    "trio_actor",
    "asyncio",
    "uvloop",
    "gevent",
    "pykka",
    "thespian",
]
LABELS = {
    "beampy": "beampy",
    "beam_s1": "BEAM +S 1:1",
    "beam": "BEAM (default schedulers)",
    "trio_actor": "trio task per actor",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
    "gevent": "gevent",
    "pykka": "pykka (threads)",
    "thespian": "thespian (simpleSystemBase)",
}
BEAM_FLAGS = {"beam_s1": "+S 1:1 +P 4000000", "beam": "+P 4000000"}
PEERS = ["trio_actor", "asyncio", "uvloop", "gevent", "pykka", "thespian"]
REFERENCE = "beam_s1"
PEER_MIN_ITERS = 2  # a Python peer's process runs at least this many iterations in its budget

# (impl, bench) -> (sizes where it is not run, why): the peers that cannot run a workload in
# bounded time. Every one of them runs every workload at the smoke size (the CI check).
NOT_RUN: dict[tuple[str, str], tuple[set[str], str]] = {
    ("thespian", "counting"): (
        {"small", "default"},
        "simpleSystemBase keeps pending sends in a list and pops from its front, so the "
        "producer's burst of N sends costs O(N²): 0.7 s per iteration at the smoke size's "
        "N = 100,000, so about a minute at N = 1,000,000 (extrapolated, not run)",
    ),
    ("thespian", "fjthrput"): (
        {"small", "default"},
        "the driver's burst of A·N = 600,000 sends is O(N²) in simpleSystemBase's pending "
        "list: one iteration at the default size took 17.9 s (measured once, 2026-11-30)",
    ),
    ("pykka", "fib"): (
        {"small", "default"},
        "an OS thread per actor: fib(25) starts 150,049 threads, tens of thousands alive at "
        "once; one iteration at the default size had not finished after 120 s (2026-11-30)",
    ),
}


def not_run(impl: str, bench: str, size: str) -> str | None:
    sizes, why = NOT_RUN.get((impl, bench), (set(), ""))
    return why if size in sizes else None


# ---------------------------------------------------------------------------------------------
# installing


def ensure_matplotlib(install: bool) -> bool:
    if importlib.util.find_spec("matplotlib") is not None:
        return True
    if not install:
        return False
    base._log(f"installing matplotlib for the plots from {PLOT_REQUIREMENTS.name}")
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "-r", str(PLOT_REQUIREMENTS)]
    ok = subprocess.run(cmd, check=False).returncode == 0
    importlib.invalidate_caches()
    return ok and importlib.util.find_spec("matplotlib") is not None


def available(impls: Sequence[str], install: bool) -> tuple[list[str], dict[str, str]]:
    """The implementations that can run here, and why the others cannot."""
    missing: dict[str, str] = {}
    if any(i in BEAM_FLAGS for i in impls) and not (
        shutil.which("elixir") or (install and base.ensure_elixir())
    ):
        for i in impls:
            if i in BEAM_FLAGS:
                missing[i] = "`elixir` is not on PATH"
    py = [i for i in impls if i in base.PEER_MODULES]
    if install:
        gone = base.ensure_python_peers(py)
    else:
        gone = {i for i in py for m in base.PEER_MODULES[i] if importlib.util.find_spec(m) is None}
    for i in gone:
        missing[i] = f"{', '.join(base.PEER_MODULES[i])} is not installed"
    return [i for i in impls if i not in missing], missing


# ---------------------------------------------------------------------------------------------
# running


def command(impl: str, benches: Sequence[str], size: str, iters: int, budget: float) -> list[str]:
    if impl in BEAM_FLAGS:
        jobs = []
        for bench in benches:
            p = spec.params(bench, size)
            jobs += ["--job", " ".join([bench, *(f"{k}={v}" for k, v in p.items())])]
        return [
            "elixir",
            "--erl",
            BEAM_FLAGS[impl],
            str(ELIXIR_SCRIPT),
            f"--impl={impl}",
            f"--size={size}",
            f"--iters={iters}",
            *jobs,
        ]
    cmd = [sys.executable, "-m", "benchmarks.savina.worker", f"--impl={impl}"]
    cmd += [f"--bench={','.join(benches)}", f"--size={size}", f"--iters={iters}"]
    if budget > 0:
        cmd += [f"--budget={budget}", f"--min-iters={PEER_MIN_ITERS}"]
    return cmd


def run_process(cmd: list[str], timeout: float) -> tuple[list[dict[str, Any]], str | None]:
    """Run one worker; the JSON lines it printed (also those before a timeout) and any error."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    with subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            error = None
            if proc.returncode != 0:
                tail = [ln for ln in err.strip().splitlines() if ln.strip()][-3:]
                error = f"exit {proc.returncode}: {' / '.join(tail)}"
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            error = f"timed out after {timeout:.0f} s"
    records = []
    for line in out.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                records.append(json.loads(line))
    return records, error


def check_record(rec: dict[str, Any]) -> bool:
    """The runner's own checksum check of one iteration (the Python workers check too)."""
    ok = spec.verify(rec["bench"], rec["size"], rec["check"])
    rec["ok"] = ok
    return ok


def run_all(
    benches: Sequence[str],
    impls: Sequence[str],
    size: str,
    iters: int,
    peer_budget: float,
    timeout: float,
    max_wait: float,
    raw_path: Path,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    jobs = [(b, i) for b in benches for i in impls if not not_run(i, b, size)]
    wait_budget = 600.0
    with raw_path.open("a") as raw:
        for k, (bench, impl) in enumerate(jobs, 1):
            busy = None
            if max_wait > 0:
                t_wait = time.monotonic()
                busy = base.wait_for_quiet(min(max_wait, wait_budget))
                wait_budget = max(0.0, wait_budget - (time.monotonic() - t_wait))
            load = round(os.getloadavg()[0], 2)
            budget = peer_budget if impl in PEERS else 0.0
            t0 = time.perf_counter()
            recs, error = run_process(command(impl, [bench], size, iters, budget), timeout)
            wall = time.perf_counter() - t0
            bad = [r for r in recs if not check_record(r)]
            for rec in recs:
                rec["date"] = date
                rec["load1"] = load
                if busy is not None:
                    rec["busy_before"] = round(busy, 3)
                line = json.dumps(rec)
                print(line, flush=True)
                raw.write(line + "\n")
                records.append(rec)
            if bad:
                r = bad[0]
                want = spec.expected(bench, size)
                error = (error + "; " if error else "") + (
                    f"CHECKSUM FAILED: iteration {r['iter']} gave {r['check']!r}, expected {want!r}"
                )
            elif error is None and not recs:
                error = "printed no iteration"
            ms = [r["ms"] for r in recs]
            summary = f"median {statistics.median(ms):.1f} ms over {len(ms)}" if ms else ""
            status = f"FAILED ({error})" if error else summary
            base._log(f"[{k}/{len(jobs)}] {bench} {impl} ({size}): {status} ({wall:.1f} s)")
            if error:
                if "CHECKSUM" in error:
                    base._log(f"!!! {bench} {impl}: {error}")
                failures.append({"bench": bench, "impl": impl, "size": size, "error": error})
    return records, failures


# ---------------------------------------------------------------------------------------------
# statistics


def filtered_mean(times: Sequence[float]) -> float:
    """Savina's BenchmarkRunner: drop times outside +-20 % of the median, average the rest."""
    med = statistics.median(times)
    kept = [t for t in times if abs(t - med) <= spec.FILTER_TOLERANCE * med]
    return statistics.fmean(kept or times)


def summarize(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """bench -> impl -> {median, min, filtered_mean, iters, busy, load, peak_rss_mb}."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in records:
        if r.get("ok", True):
            groups.setdefault((r["bench"], r["impl"]), []).append(r)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for (bench, impl), recs in groups.items():
        ms = [r["ms"] for r in recs]
        out.setdefault(bench, {})[impl] = {
            "median": statistics.median(ms),
            "min": min(ms),
            "max": max(ms),
            "filtered_mean": filtered_mean(ms),
            "iters": len(ms),
            "load1": max(r.get("load1", 0.0) for r in recs),
            "busy_before": recs[0].get("busy_before"),
            "peak_rss_mb": max(r.get("peak_rss_mb", 0.0) for r in recs),
        }
    return out


def geomean(values: Sequence[float]) -> float:
    return math.exp(statistics.fmean(math.log(v) for v in values))


def ratios(summary: dict[str, dict[str, dict[str, Any]]], num: str, den: str) -> dict[str, float]:
    """bench -> median(num) / median(den), where both ran."""
    return {
        b: s[num]["median"] / s[den]["median"]
        for b, s in summary.items()
        if num in s and den in s and s[den]["median"] > 0
    }


def targets(summary: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    vs_beam = ratios(summary, "beampy", REFERENCE)
    if vs_beam:
        g = geomean(list(vs_beam.values()))
        worst = max(vs_beam, key=lambda b: vs_beam[b])
        out.append(
            {
                "target": "beampy / BEAM `+S 1:1`, geometric mean over the workloads ≤ 3",
                "measured": f"{g:.2f} over {len(vs_beam)} workloads",
                "met": g <= 3,
            }
        )
        above = sorted(b for b, r in vs_beam.items() if r > 6)
        out.append(
            {
                "target": "beampy / BEAM `+S 1:1`, no workload above 6",
                "measured": f"highest {vs_beam[worst]:.2f} ({spec.TITLES[worst]})"
                + (f"; above 6: {', '.join(spec.TITLES[b] for b in above)}" if above else ""),
                "met": not above,
            }
        )
    for peer in PEERS:
        r = ratios(summary, peer, "beampy")
        if not r:
            continue
        g = geomean(list(r.values()))
        out.append(
            {
                "target": f"{LABELS[peer]} / beampy, geometric mean ≥ 5",
                "measured": f"{g:.2f} over {len(r)} workloads",
                "met": g >= 5,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Markdown


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def times_table(summary: dict[str, dict[str, dict[str, Any]]], impls: Sequence[str]) -> str:
    """Workloads down, implementations across: median ms (min / Savina's filtered mean)."""
    head = ["workload", *(LABELS[i] for i in impls)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for bench in spec.BENCHES:
        if bench not in summary:
            continue
        cells = [spec.TITLES[bench]]
        for impl in impls:
            s = summary[bench].get(impl)
            if s is None:
                cells.append("—")
            else:
                cells.append(
                    f"**{fmt_ms(s['median'])}** ({fmt_ms(s['min'])} / {fmt_ms(s['filtered_mean'])})"
                )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratio_table(summary: dict[str, dict[str, dict[str, Any]]], impls: Sequence[str]) -> str:
    """Each implementation's median over the BEAM `+S 1:1`'s, and the geometric means."""
    shown = [i for i in impls if i != REFERENCE]
    head = ["workload", *(LABELS[i] for i in shown)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    per_impl = {i: ratios(summary, i, REFERENCE) for i in shown}
    for bench in spec.BENCHES:
        if bench not in summary:
            continue
        cells = [spec.TITLES[bench]]
        cells += [f"{per_impl[i][bench]:.2f}" if bench in per_impl[i] else "—" for i in shown]
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**geometric mean**"]
    for i in shown:
        r = per_impl[i]
        n = len(r)
        cells.append(f"**{geomean(list(r.values())):.2f}** ({n})" if r else "—")
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def peer_table(summary: dict[str, dict[str, dict[str, Any]]], impls: Sequence[str]) -> str:
    """Each Python peer's median over beampy's."""
    shown = [i for i in impls if i in PEERS]
    head = ["workload", *(LABELS[i] for i in shown)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    per_impl = {i: ratios(summary, i, "beampy") for i in shown}
    for bench in spec.BENCHES:
        if bench not in summary:
            continue
        cells = [spec.TITLES[bench]]
        cells += [f"{per_impl[i][bench]:.2f}" if bench in per_impl[i] else "—" for i in shown]
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**geometric mean**"]
    for i in shown:
        r = per_impl[i]
        cells.append(f"**{geomean(list(r.values())):.2f}** ({len(r)})" if r else "—")
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| target | measured | verdict |", "|---|---|---|"]
    for t in rows:
        lines.append(f"| {t['target']} | {t['measured']} | {'met' if t['met'] else '**missed**'} |")
    return "\n".join(lines)


def not_run_table(size: str, impls: Sequence[str], missing: dict[str, str]) -> str:
    lines = ["| implementation | workload | why |", "|---|---|---|"]
    for (impl, bench), (sizes, why) in NOT_RUN.items():
        if size in sizes and impl in impls:
            lines.append(f"| {LABELS[impl]} | {spec.TITLES[bench]} | {why} |")
    for impl, why in missing.items():
        lines.append(f"| {LABELS[impl]} | all | {why} |")
    return (
        "\n".join(lines) if len(lines) > 2 else "Nothing: every implementation ran every workload."
    )


def iterations_note(summary: dict[str, dict[str, dict[str, Any]]], iters: int) -> str:
    short = sorted(
        (spec.TITLES[b], LABELS[i], s["iters"])
        for b, per in summary.items()
        for i, s in per.items()
        if s["iters"] < iters
    )
    if not short:
        return f"Every (workload, implementation) ran all {iters} iterations."
    parts = ", ".join(f"{i} {b} ({n})" for b, i, n in short)
    return (
        f"Iterations short of {iters} (the per-process time budget of the Python peers; at "
        f"least {PEER_MIN_ITERS} run): {parts}."
    )


def runs_list(history: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {h['date']} at {h.get('commit', '?')}: {', '.join(h['benches'])} x "
        f"{', '.join(h['impls'])}; load average {h['load']}"
        for h in history
    )


def failures_text(failures: list[dict[str, Any]]) -> str:
    if not failures:
        return "None: every iteration that ran passed its checksum."
    lines = ["| workload | implementation | what happened |", "|---|---|---|"]
    for f in failures:
        what = str(f["error"]).replace("|", "/")[:300]
        lines.append(f"| {spec.TITLES[f['bench']]} | {LABELS[f['impl']]} | {what} |")
    return "\n".join(lines)


def results_markdown(data: dict[str, Any], plots: dict[str, str], link_prefix: str) -> str:
    """The results part: machine, targets, tables, plots, what did not run."""
    summary = data["summary"]
    impls = [i for i in IMPLS if any(i in per for per in summary.values())]
    size = data["size"]
    parts = [
        f"Size **{size}**: "
        + "; ".join(
            f"{spec.TITLES[b].split(' (')[0]} {spec.describe(spec.params(b, size))}"
            for b in spec.BENCHES
            if b in summary
        )
        + ".",
        "",
        "### Machine",
        "",
        "As of the latest run (date, commit and load averages are that run's; every run is "
        "listed below the table).",
        "",
        _report.machine_table(data["machine"]),
        "",
        "Runs, oldest first (a later run replaces the rows of the (workload, implementation) "
        "pairs it measured):",
        "",
        runs_list(data["history"]),
        "",
        "### Targets",
        "",
        "Ratios of medians, measured in the same run.",
        "",
        targets_table(data["targets"]),
        "",
        "### Time per workload",
        "",
        "Milliseconds per iteration: **median** (min / Savina's filtered mean: the mean of the "
        "iterations within ±20 % of the median).",
        "",
        times_table(summary, impls),
        "",
        iterations_note(summary, data["iters"]),
        "",
        "### Ratio to the BEAM with one scheduler",
        "",
        "Median over the BEAM `+S 1:1`'s median (below 1: faster than it); the last row is the "
        "geometric mean over the workloads the implementation ran (how many in brackets).",
        "",
        ratio_table(summary, impls),
        "",
        "### The Python peers against beampy",
        "",
        "Median over beampy's median (above 1: slower than beampy).",
        "",
        peer_table(summary, impls),
        "",
    ]
    if plots:
        parts += ["### Plots", ""]
        for title, name in plots.items():
            parts += [f"![{title}]({link_prefix}{name})", ""]
    parts += [
        "### Not run, and why",
        "",
        not_run_table(size, IMPLS, data.get("missing", {})),
        "",
        "### Failed runs",
        "",
        failures_text(data["failures"]),
        "",
    ]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# plots


def plot(data: dict[str, Any], out_dir: Path, stem: str) -> dict[str, str]:
    """Two PNGs: per-workload time per implementation (log), and ratio to the BEAM `+S 1:1`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = data["summary"]
    impls = [i for i in IMPLS if any(i in per for per in summary.values())]
    benches = [b for b in spec.BENCHES if b in summary]
    colours = {impl: plt.get_cmap("tab10")(k) for k, impl in enumerate(IMPLS)}
    files: dict[str, str] = {}

    cols = 4
    rows = math.ceil(len(benches) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.3 * rows), squeeze=False)
    for ax, bench in zip(axes.flat, benches, strict=False):
        per = summary[bench]
        shown = [i for i in impls if i in per]
        ys = [per[i]["median"] for i in shown]
        lo = [per[i]["median"] - per[i]["min"] for i in shown]
        ax.bar(
            range(len(shown)),
            ys,
            color=[colours[i] for i in shown],
            yerr=[lo, [0] * len(shown)],
            capsize=2,
        )
        ax.set_yscale("log")
        ax.set_title(spec.TITLES[bench], fontsize=10)
        ax.set_xticks(range(len(shown)))
        ax.set_xticklabels([LABELS[i].split(" (")[0] for i in shown], rotation=60, fontsize=7)
        ax.set_ylabel("ms (median; bar down to min)", fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(axis="y", which="both", alpha=0.3)
    for ax in list(axes.flat)[len(benches) :]:
        ax.set_visible(False)
    fig.suptitle(
        f"Savina ({data['size']}): time per iteration, log scale; {data['machine'].get('cpu', '')}"
    )
    fig.tight_layout()
    name = f"{stem}-times.png"
    fig.savefig(out_dir / name, dpi=90)
    plt.close(fig)
    files["Savina: time per workload and implementation (log scale)"] = name

    shown_impls = [i for i in impls if i != REFERENCE]
    fig, ax = plt.subplots(figsize=(14, 5.5))
    width = 0.8 / max(1, len(shown_impls))
    for k, impl in enumerate(shown_impls):
        r = ratios(summary, impl, REFERENCE)
        xs = [j + (k - (len(shown_impls) - 1) / 2) * width for j, b in enumerate(benches) if b in r]
        ys = [r[b] for b in benches if b in r]
        ax.bar(xs, ys, width, label=LABELS[impl], color=colours[impl])
    ax.set_yscale("log")
    for y, style in ((1, "-"), (3, "--"), (6, ":")):
        ax.axhline(y, color="black", linestyle=style, linewidth=0.8)
    ax.set_xticks(range(len(benches)))
    ax.set_xticklabels([spec.TITLES[b] for b in benches], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("median / BEAM +S 1:1 median (log)")
    ax.set_title(
        f"Savina ({data['size']}): each implementation over the BEAM with one scheduler "
        "(lines at 1, 3 and 6)"
    )
    ax.grid(axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=4)
    fig.tight_layout()
    name = f"{stem}-ratio.png"
    fig.savefig(out_dir / name, dpi=90)
    plt.close(fig)
    files["Savina: ratio of each implementation to the BEAM +S 1:1 (log scale)"] = name
    return files


# ---------------------------------------------------------------------------------------------
# results files


def merge(path: Path, records: list[dict[str, Any]], failures: list[dict[str, Any]]) -> Any:
    """The earlier results at this size with the (workload, implementation) pairs just run
    replaced."""
    ran = {(r["bench"], r["impl"]) for r in records} | {(f["bench"], f["impl"]) for f in failures}
    old: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}

    def kept(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if (r["bench"], r["impl"]) not in ran]

    return (
        kept(old.get("records", [])) + records,
        kept(old.get("failures", [])) + failures,
        old.get("history", []),
        old.get("machine", {}),
    )


def write(data: dict[str, Any], out_dir: Path, docs: bool, plots_wanted: bool) -> None:
    stem = f"savina-{data['size']}"
    out_dir.mkdir(parents=True, exist_ok=True)
    plots: dict[str, str] = {}
    if plots_wanted:
        try:
            plots = plot(data, out_dir, stem)
        except ImportError as exc:
            base._log(f"no plots: {exc}")
    md = f"""# Savina results ({data["size"]})

Method and what each workload stresses: [docs/benchmarks.md](../../docs/benchmarks.md#savina).
Every iteration's time is in `{stem}.json` beside this file.

{results_markdown(data, plots, "")}"""
    (out_dir / f"{stem}.md").write_text(md)
    (out_dir / f"{stem}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    base._log(f"wrote {out_dir / stem}.md, .json" + (" and the plots" if plots else ""))
    if docs and DOCS.exists():
        text = DOCS.read_text()
        if DOCS_BEGIN in text and DOCS_END in text:
            head, rest = text.split(DOCS_BEGIN, 1)
            _, tail = rest.split(DOCS_END, 1)
            rel = os.path.relpath(out_dir, DOCS.parent) + "/"
            body = f"Full table: [{stem}.md]({rel}{stem}.md).\n\n" + results_markdown(
                data, plots, rel
            ).replace("### ", "#### ")
            DOCS.write_text(head + DOCS_BEGIN + "\n" + body + "\n" + DOCS_END + tail)
            base._log(f"wrote the Savina results into {DOCS.relative_to(REPO)}")
        else:
            base._log(f"{DOCS.relative_to(REPO)} has no Savina results markers; left alone")


# ---------------------------------------------------------------------------------------------
# main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Run the Savina suite beside the BEAM and the Python peers.",
        epilog=f"workloads: {', '.join(spec.BENCHES)}; implementations: {', '.join(IMPLS)}",
    )
    p.add_argument("benches", nargs="*", metavar="BENCH", help="workloads (default: all)")
    p.add_argument("--size", default="default", choices=spec.SIZE_NAMES)
    p.add_argument("--impl", action="append", default=[], help="comma-separated or repeated")
    p.add_argument("--iters", type=int, default=spec.ITERATIONS)
    p.add_argument(
        "--peer-budget",
        type=float,
        default=None,
        help="seconds of iterations per Python-peer process before it stops starting new ones "
        f"(at least {PEER_MIN_ITERS} run); default 10, 0 (none) at the smoke size",
    )
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per process")
    p.add_argument("--max-wait", type=float, default=15.0, help="wait for a quiet machine (s)")
    p.add_argument(
        "--out",
        type=Path,
        help="results directory (default benchmarks/results; smoke: benchmarks/results/raw/smoke)",
    )
    p.add_argument("--fresh", action="store_true", help="do not merge with earlier results")
    p.add_argument("--no-install", action="store_true")
    p.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--render-only", action="store_true", help="re-render the existing results")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    benches = [b for spec_ in opts.benches for b in spec_.split(",") if b] or spec.BENCHES
    impls = [i for s in opts.impl for i in s.split(",") if i] or IMPLS
    for what, chosen, known in (
        ("workload", benches, spec.BENCHES),
        ("implementation", impls, IMPLS),
    ):
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            base._log(f"unknown {what}(s): {', '.join(unknown)}; known: {', '.join(known)}")
            return 2
    size = opts.size
    # smoke runs are checks, not results: they go with the raw lines (not committed)
    out_dir = opts.out or (RAW / "smoke" if size == "smoke" else RESULTS)
    docs = not opts.no_docs and opts.out is None and size != "smoke"
    results_json = out_dir / f"savina-{size}.json"
    plots_wanted = not opts.no_plots and ensure_matplotlib(not opts.no_install)
    if opts.render_only:
        if not results_json.exists():
            base._log(f"no results to render: {results_json}")
            return 2
        write(json.loads(results_json.read_text()), out_dir, docs, plots_wanted)
        return 0

    impls, missing = available(impls, not opts.no_install)
    for impl, why in missing.items():
        base._log(f"skipping {impl}: {why}")
    if not impls:
        return 1
    machine = base.machine_info(impls)
    machine["Python packages"] = {
        **machine.get("Python packages", {}),
        **({"matplotlib": _version("matplotlib")} if plots_wanted else {}),
    }
    RAW.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    raw_path = RAW / f"savina-{size}-{stamp}.jsonl"
    budget = opts.peer_budget if opts.peer_budget is not None else (0 if size == "smoke" else 10)
    max_wait = 0.0 if size == "smoke" else opts.max_wait
    base._log(
        f"Savina {size}: {len(benches)} workloads x {len(impls)} implementations, "
        f"{opts.iters} iterations each; raw lines in {raw_path.relative_to(REPO)}"
    )
    t0 = time.perf_counter()
    records, failures = run_all(
        benches, impls, size, opts.iters, budget, opts.timeout, max_wait, raw_path
    )
    base._log(f"done in {time.perf_counter() - t0:.0f} s")
    machine["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if opts.fresh:
        all_records, all_failures, history, earlier = records, failures, [], {}
    else:
        all_records, all_failures, history, earlier = merge(results_json, records, failures)
    machine = {**machine, **{k: v for k, v in earlier.items() if k not in machine}}
    history.append(
        {
            "date": machine["date"],
            "benches": benches,
            "impls": impls,
            "iters": opts.iters,
            "peer_budget_s": budget,
            "load": f"{machine['load average at start']} at start, "
            f"{machine['load average at end']} at end",
            "commit": machine.get("repo commit", "?"),
        }
    )
    summary = summarize(all_records)
    data = {
        "suite": "savina",
        "size": size,
        "iters": opts.iters,
        "machine": machine,
        "history": history,
        "summary": summary,
        "targets": targets(summary),
        "missing": missing,
        "failures": all_failures,
        "records": all_records,
    }
    write(data, out_dir, docs, plots_wanted)
    if failures:
        base._log(f"{len(failures)} process(es) failed; see the results' 'Failed runs'")
        return 1
    return 0


def _version(dist: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
