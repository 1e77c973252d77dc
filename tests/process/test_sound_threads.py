"""Threads: beampy's process functions belong to the thread that runs the runtime.

Called from any other thread they raise ``beampy.WrongThreadError`` (a RuntimeError pointing at
``trio.from_thread``) and change nothing; ``trio.from_thread.run_sync(rt.send, ...)`` is the
way in.  Two runtimes in two threads at once do not share a "current process".
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import trio

import beampy
from beampy import Pid
from beampy.lowlevel import current_runtime
from tests.process.support import block_forever, drain, run, settle

REPO = Path(__file__).resolve().parents[2]

#: Only guards against a hang (real seconds): every wait below ends long before them.
HANG_GUARD = 120.0
SUBPROCESS_GUARD = 30.0  # the two-runtime subprocess takes about a second


def _wrong_thread_error() -> type[BaseException]:
    """``beampy.WrongThreadError`` (looked up at run time: it is part of the fix)."""
    cls = vars(beampy).get("WrongThreadError")
    assert isinstance(cls, type), "beampy.WrongThreadError does not exist"
    assert issubclass(cls, RuntimeError)
    return cls


def _outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    """What calling ``fn(*args)`` did: ("returned", value) or ("raised", exception)."""
    try:
        return "returned", fn(*args)
    except BaseException as e:
        return "raised", e


def _check_wrong_thread(outcome: tuple[str, Any]) -> None:
    kind, value = outcome
    assert kind == "raised", f"expected WrongThreadError, the call returned {value!r}"
    assert type(value).__name__ == "WrongThreadError", repr(value)
    assert type(value) is _wrong_thread_error()
    assert "trio.from_thread" in str(value)


def test_send_from_a_plain_thread_raises_wrong_thread_error_and_changes_nothing() -> None:
    async def main() -> tuple[tuple[str, Any], Any, list[Any], list[Any]]:
        target = beampy.spawn(block_forever)
        await settle()
        me = beampy.self()
        outcomes: list[tuple[str, Any]] = []
        # the thread runs while this process holds the scheduler: nothing else moves meanwhile
        thread = threading.Thread(
            target=lambda: outcomes.append(_outcome(beampy.send, target, "from a thread"))
        )
        thread.start()
        thread.join(HANG_GUARD)
        queued = beampy.info(target, "messages")
        # the documented way in, from a worker thread
        rt = current_runtime()
        await trio.to_thread.run_sync(
            lambda: trio.from_thread.run_sync(rt.send, me, "via trio.from_thread")
        )
        return outcomes[0], beampy.info(target, "status"), queued, drain()

    outcome, status, queued, mine = run(main)
    _check_wrong_thread(outcome)
    assert status == "waiting"
    assert queued == []
    assert mine == ["via trio.from_thread"]


def test_runtime_methods_from_a_plain_thread_name_themselves() -> None:
    # rt.send's error said beampy.send() (found by a docs audit)
    async def main() -> list[tuple[str, Any]]:
        rt = current_runtime()
        me = beampy.self()
        outcomes: list[tuple[str, Any]] = []

        def calls() -> None:
            outcomes.append(_outcome(rt.send, me, "from a thread"))
            outcomes.append(_outcome(rt.exit, me, "normal"))
            outcomes.append(_outcome(rt.spawn, block_forever))
            outcomes.append(_outcome(rt.statistics))

        thread = threading.Thread(target=calls)
        thread.start()
        thread.join(HANG_GUARD)
        return outcomes

    outcomes = run(main)
    for outcome, name in zip(outcomes, ["send", "exit", "spawn", "statistics"], strict=True):
        _check_wrong_thread(outcome)
        assert str(outcome[1]).startswith(f"Runtime.{name}() was called from a thread")


def test_self_in_to_thread_run_sync_raises_wrong_thread_error() -> None:
    async def main() -> tuple[str, Any]:
        return await trio.to_thread.run_sync(_outcome, beampy.self)

    _check_wrong_thread(run(main))


async def _busy_until(thread_done: threading.Event, started: threading.Event) -> None:
    await beampy.receive("thread started")
    started.set()
    thread_done.wait(HANG_GUARD)  # holds the scheduler while the thread calls beampy.self()


def test_self_in_a_worker_thread_never_returns_the_running_process_pid() -> None:
    async def main() -> tuple[Pid, tuple[str, Any]]:
        started = threading.Event()
        thread_done = threading.Event()
        busy = beampy.spawn(_busy_until, thread_done, started)
        rt = current_runtime()

        def probe() -> tuple[str, Any]:
            try:
                trio.from_thread.run_sync(rt.send, busy, "thread started")
                started.wait(HANG_GUARD)  # now `busy` is running its step
                return _outcome(beampy.self)
            finally:
                thread_done.set()

        return busy, await trio.to_thread.run_sync(probe)

    busy, outcome = run(main)
    assert outcome != ("returned", busy)
    _check_wrong_thread(outcome)


# The two runtimes run in a subprocess: before the fix they corrupt each other (and may hang),
# which must not leak into the rest of the suite.  A tiny GIL switch interval makes the
# threads interleave inside scheduling steps.
_TWO_RUNTIMES = textwrap.dedent(
    """
    import json, sys, threading
    import trio.testing
    import beampy

    N = 10_000
    sys.setswitchinterval(1e-5)

    async def echo():
        while True:
            sender, x = await beampy.receive()
            beampy.send(sender, (beampy.self(), x))

    async def main(tag):
        me = beampy.self()
        server = beampy.spawn(echo)
        total = 0
        for i in range(N):
            beampy.send(server, (me, i))
            try:
                frm, x = await beampy.receive(timeout=1000)
            except beampy.ReceiveTimeout:
                return "timed out"
            if frm != server or beampy.self() != me:
                return "corrupted"
            total += x * tag
        return [tag, total]

    def runner(tag, results):
        try:
            results[tag] = beampy.run(
                main, tag, clock=trio.testing.MockClock(autojump_threshold=0)
            )
        except BaseException as e:
            results[tag] = type(e).__name__

    results = {}
    threads = [threading.Thread(target=runner, args=(tag, results)) for tag in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results, sort_keys=True))
    """
)


def _last_json_line(script: str, hung: str) -> Any:
    """Runs ``script`` in a fresh interpreter; the JSON of its last line of output.

    (Crash reports, if any, come before it.)  A hang fails as ``hung``.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_GUARD,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(hung) from None
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines, done.stderr
    return json.loads(lines[-1])


def test_run_in_two_threads_at_once_both_complete_with_their_own_results() -> None:
    n = 10_000
    assert _last_json_line(_TWO_RUNTIMES, "two runtimes in two threads hung") == {
        "1": [1, n * (n - 1) // 2],
        "2": [2, 2 * n * (n - 1) // 2],
    }


# A process's own to_thread worker calling back into it with trio.from_thread.run: trio runs
# the function inside to_thread's wait, in the host task, so a beampy wait there must keep the
# process hosted (handed back to the run queue, it was lost: the worker woke the old host).
_FROM_OWN_WORKER = textwrap.dedent(
    """
    import json, trio, beampy
    from beampy import ANY, DownMessage

    def work(main):
        trio.from_thread.run_sync(beampy.send, main, "ready")
        got = trio.from_thread.run(beampy.receive)
        trio.from_thread.run(beampy.sleep, 0.001)
        return got

    async def worker(main):
        return await trio.to_thread.run_sync(work, main)

    async def kept(main):
        beampy.send(main, ("result", await worker(main)))

    async def main():
        me = beampy.self()
        out = {}
        pid = beampy.spawn(kept, me)
        await beampy.receive("ready")
        beampy.send(pid, "hello")
        out["received"] = (await beampy.receive(("result", ANY), timeout=60))[1]
        pid, ref = beampy.spawn_monitor(worker, me)
        await beampy.receive("ready")
        # killed once its worker waits in beampy.receive (no longer in to_thread's trap)
        while beampy.info(pid, "current_function")[0] == "trio._core._traps":
            await beampy.sleep(0.001)
        beampy.exit(pid, "kill")
        out["down"] = (await beampy.receive(DownMessage(ref, ANY, ANY), timeout=60)).reason
        return out

    print(json.dumps(beampy.run(main)))
    """
)


def test_a_beampy_wait_from_the_processs_own_worker_thread_keeps_it_alive_and_killable() -> None:
    hung = "a process waiting through from_thread.run hung"
    assert _last_json_line(_FROM_OWN_WORKER, hung) == {"received": "hello", "down": "killed"}


def test_a_kill_lets_the_process_own_to_thread_worker_call_back_into_trio_and_return() -> None:
    # The worker's trio.from_thread.run runs in the killed process's wait for the thread;
    # its checkpoint completed and the exit thrown there kept the answer from the thread,
    # which blocked for ever while the process was reported gone.
    started, go = threading.Event(), threading.Event()
    seen: list[str] = []

    def work() -> None:
        started.set()
        go.wait(HANG_GUARD)
        try:
            trio.from_thread.run(trio.sleep, 0)
            seen.append("returned")
        except BaseException as e:
            seen.append(type(e).__name__)

    async def worker() -> None:
        await trio.to_thread.run_sync(work)

    async def main() -> tuple[Any, list[str]]:
        pid, ref = beampy.spawn_monitor(worker)
        while not started.is_set():  # once its thread runs, it waits for it in trio
            await trio.sleep(0)
        beampy.exit(pid, "boom")
        go.set()
        down = await beampy.receive(
            beampy.DownMessage(ref, beampy.ANY, beampy.ANY), timeout=HANG_GUARD
        )
        return down.reason, list(seen)  # what the thread had done when the DOWN came

    assert beampy.run(main) == ("boom", ["Cancelled"])
