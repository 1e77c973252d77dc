"""The rules behind the seed examples whose output alone depends on time, checked on a
MockClock with the HTTP calls replaced by sleeps of known length; and the local HTTP
server and client the examples use, and the demo's terminal mode."""

from __future__ import annotations

import math
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import trio
import trio.testing

import beampy
from docs.examples import localhttp, seed_deadlines, seed_ordered

REPO = Path(__file__).resolve().parents[2]


def run_on_mock_clock(fn: Any, *args: Any) -> Any:
    return beampy.run(fn, *args, clock=trio.testing.MockClock(autojump_threshold=0))


# -- cascading deadlines: each step is given what is left -----------------------------

COST = {"dns": 3.0, "whois": 4.0, "certs": 5.0}


@pytest.fixture
def fake_sources(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float, float]]:
    """query_source sleeps COST[source]; with_timeout records (source, start, timeout)."""
    given: list[tuple[str, float, float]] = []

    async def query_source(port: int, source: str) -> str:
        await trio.sleep(COST[source])
        return f"{source} answer"

    real = seed_deadlines.with_timeout

    async def with_timeout(port: int, source: str, timeout: float) -> tuple[str, Any]:
        given.append((source, trio.current_time(), timeout))
        return await real(port, source, timeout)

    monkeypatch.setattr(seed_deadlines, "query_source", query_source)
    monkeypatch.setattr(seed_deadlines, "with_timeout", with_timeout)
    return given


def test_each_step_gets_what_is_left_and_the_chain_ends_at_the_deadline(
    fake_sources: list[tuple[str, float, float]],
) -> None:
    async def main() -> tuple[Any, float]:
        start = trio.current_time()
        result = await seed_deadlines.investigate(0, ["dns", "whois", "certs"], 10.0)
        return result, trio.current_time() - start

    result, took = run_on_mock_clock(main)
    assert result == ("error", "timeout")
    assert took == 10.0
    assert [(s, t, timeout) for s, t, timeout in fake_sources] == [
        ("dns", 0.0, 10.0),
        ("whois", 3.0, 7.0),
        ("certs", 7.0, 3.0),
    ]


def test_a_step_never_gets_more_than_15_seconds(
    fake_sources: list[tuple[str, float, float]],
) -> None:
    result = run_on_mock_clock(seed_deadlines.investigate, 0, ["dns", "whois"], 60.0)
    assert result == ("ok", {"dns": "dns answer", "whois": "whois answer"})
    assert [timeout for _, _, timeout in fake_sources] == [15.0, 15.0]


def test_no_time_left_is_deadline_exceeded_without_a_task(
    fake_sources: list[tuple[str, float, float]],
) -> None:
    result = run_on_mock_clock(seed_deadlines.investigate, 0, ["dns"], 0.0)
    assert result == ("error", "deadline_exceeded")
    assert fake_sources == []


def test_move_on_at_ends_the_chain_at_the_deadline(
    fake_sources: list[tuple[str, float, float]],
) -> None:
    async def main() -> tuple[Any, ...]:
        start = trio.current_time()
        plain = await seed_deadlines.investigate_move_on_at(0, ["dns", "whois", "certs"], 10.0)
        middle = trio.current_time()
        tasks = await seed_deadlines.investigate_tasks_move_on_at(
            0, ["dns", "whois", "certs"], 10.0
        )
        return plain, middle - start, tasks, trio.current_time() - middle, beampy.list()

    plain, took_plain, (answers, cut_off), took_tasks, alive = run_on_mock_clock(main)
    assert plain == answers == {"dns": "dns answer", "whois": "whois answer"}
    assert took_plain == took_tasks == 10.0
    assert cut_off == ("fake_sources.<locals>.query_source", None)  # certs, shut down
    assert len(alive) == 1  # main only: the cut-off task is gone


# -- ordered vs unordered: when each result arrives -----------------------------------


@pytest.mark.parametrize("ordered", [True, False])
def test_ordered_results_wait_behind_the_slow_one(
    monkeypatch: pytest.MonkeyPatch, ordered: bool
) -> None:
    arrivals: list[tuple[str, float]] = []
    delay = {"/slow/crt.sh": 30.0, "/fast/shodan": 0.1, "/fast/whois": 0.2, "/fast/dns": 0.3}

    async def fetch(path: str, port: int) -> str:
        await trio.sleep(delay[path])
        return path.rsplit("/", 1)[1]

    monkeypatch.setattr(seed_ordered, "fetch", fetch)

    async def main() -> list[tuple[str, Any, bool]]:
        start = trio.current_time()
        stream = beampy.Task.async_stream(
            seed_ordered.PATHS,
            fetch,
            0,
            max_concurrency=10,
            timeout=seed_ordered.TIMEOUT,
            on_timeout="kill_task",
            ordered=ordered,
        )
        async for _kind, value in stream:
            arrivals.append((value, trio.current_time() - start))
        return await seed_ordered.run(0, ordered)  # the example's own, on the same clock

    results = run_on_mock_clock(main)
    timeout = seed_ordered.TIMEOUT
    if ordered:
        assert arrivals == [(v, timeout) for v in ["timeout", "shodan", "whois", "dns"]]
        assert [early for _, _, early in results] == [False] * 4
    else:
        assert arrivals == [("shodan", 0.1), ("whois", 0.2), ("dns", 0.3), ("timeout", timeout)]
        assert [early for _, _, early in results] == [True, True, True, False]


# -- the local server and client ------------------------------------------------------


def test_the_local_server_endpoints() -> None:
    async def main(port: int) -> list[Any]:
        out: list[Any] = []
        for path in ["/fast/a", "/fail/b", "/delay/10/c", "/nope", "/flaky/k/1", "/flaky/k/1"]:
            out.append(await localhttp.get(port, path))
        try:
            await localhttp.get(port, "/reset/d")
        except ConnectionError as e:
            out.append(str(e))
        out.append(await localhttp.get(port, "/stats"))
        task = beampy.Task.async_(localhttp.get, port, "/slow/e")
        out.append(await beampy.Task.yield_(task, 0.2) or await beampy.Task.shutdown(task))
        out.append(await localhttp.get(port, "/hangups/1"))
        await localhttp.get(port, "/notify/x")
        out.append(await localhttp.get(port, "/events"))
        return out

    assert localhttp.run(main) == [
        (200, "a: ok"),
        (500, "b: internal error"),
        (200, "c: ok"),
        (404, "no such path: /nope"),
        (500, "k: failure 1 of 1"),
        (200, "k: ok after 1 failures"),
        "GET /reset/d: connection reset",
        (200, "served 6 peak 1"),  # /reset is not an answer; peak 1: one at a time
        None,
        (200, "hung up: 1"),
        (200, "x\n"),
    ]


def test_run_raises_what_main_raised() -> None:
    async def main(port: int) -> None:
        raise beampy.Exit(("shutdown", port > 0))

    with pytest.raises(beampy.Exit) as caught:
        localhttp.run(main)
    assert caught.value.reason == ("shutdown", True)


# -- the demo on a terminal -------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_demo_draws_progress_and_timings_on_a_terminal() -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "docs" / "examples" / "demo.py")],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the demo closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(leader)
    out = b"".join(chunks).decode()
    assert "\r  [" in out  # the progress line...
    assert "24/24" in out  # ... to the end
    assert "succeeded 17, failed 5, timed out 2" in out
    assert "for its slowest call" in out
    assert math.isfinite(float(out.split("the whole run took ")[1].split(" s")[0]))
