"""KeyboardInterrupt and SystemExit raised by a process end ``beampy.run`` cleanly.

``run`` raises the bare exception (not a BaseExceptionGroup), after every other process has
been shut down inside the runtime (their ``finally`` blocks run as processes and can still use
beampy), and the interrupt is not reported as a ``process_crashed`` crash.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import Pid
from tests.process.support import LONG, block_forever, run, settle

REPO = Path(__file__).resolve().parents[2]

#: Only a guard against a hung subprocess: it ends in about a second.
HANG_GUARD = 120.0


def _outcome(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except beampy.ExitSignal:
        return "ExitSignal"
    except BaseException as e:
        return type(e).__name__


async def _cleans_up(third: Pid, log: list[Any]) -> None:
    me = beampy.self()
    try:
        await beampy.receive("never-sent")
    finally:
        # it runs as a process of the live runtime: its identity is readable, and its send
        # does what a killed process's send does (test_sound_kill's business)
        log.append("finally ran")
        log.append(("self", _outcome(lambda: beampy.self() == me)))
        log.append(("send", _outcome(beampy.send, third, "bye")))


def _cleaned_up(log: list[Any]) -> bool:
    return (
        len(log) == 3
        and log[0] == "finally ran"
        and log[1] == ("self", True)
        and log[2] in (("send", "bye"), ("send", "ExitSignal"))
    )


async def _interrupted_main(log: list[Any], interrupt: BaseException) -> None:
    third = beampy.spawn(block_forever)
    beampy.spawn(_cleans_up, third, log)
    await settle()
    raise interrupt


def _run_capturing(
    interrupt: BaseException,
) -> tuple[BaseException | None, list[Any], list[MutableMapping[str, Any]]]:
    log: list[Any] = []
    raised: BaseException | None = None
    with structlog.testing.capture_logs() as logs:
        try:
            run(_interrupted_main, log, interrupt)
        except BaseException as e:  # KeyboardInterrupt must not escape into pytest itself
            raised = e
        # what happened inside the runtime, as run() returned
        seen = list(log)
    return raised, seen, logs


def _raised_and_logs(main: Any) -> tuple[BaseException | None, list[MutableMapping[str, Any]]]:
    """What ``run(main)`` raised (None if nothing) and what was logged meanwhile."""
    raised: BaseException | None = None
    with structlog.testing.capture_logs() as logs:
        try:
            run(main)
        except BaseException as e:  # KeyboardInterrupt must not escape into pytest itself
            raised = e
    return raised, logs


def test_run_raises_bare_keyboard_interrupt_after_shutting_down_the_others() -> None:
    raised, log, logs = _run_capturing(KeyboardInterrupt())
    crashes = [e for e in logs if e["event"] == "process_crashed"]
    assert (type(raised), _cleaned_up(log), crashes) == (KeyboardInterrupt, True, []), log


def test_run_raises_bare_system_exit_after_shutting_down_the_others() -> None:
    raised, log, logs = _run_capturing(SystemExit(3))
    crashes = [e for e in logs if e["event"] == "process_crashed"]
    assert (type(raised), _cleaned_up(log), crashes) == (SystemExit, True, []), log
    assert isinstance(raised, SystemExit)
    assert raised.code == 3


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt(), SystemExit(3)], ids=repr)
def test_run_interrupt_in_a_non_first_process_ends_run_with_it(
    interrupt: BaseException,
) -> None:
    async def raiser() -> None:
        await settle()
        raise interrupt

    async def main(log: list[Any]) -> None:
        third = beampy.spawn(block_forever)
        beampy.spawn(_cleans_up, third, log)
        beampy.spawn(raiser)
        await beampy.receive("never-sent")

    log: list[Any] = []
    raised: BaseException | None = None
    with structlog.testing.capture_logs() as logs:
        try:
            run(main, log)
        except BaseException as e:
            raised = e
        seen = list(log)
    crashes = [e for e in logs if e["event"] == "process_crashed"]
    assert (type(raised), _cleaned_up(seen), crashes) == (type(interrupt), True, []), seen


_SYS_EXIT_3 = textwrap.dedent(
    """
    import sys
    import beampy

    async def main():
        sys.exit(3)

    beampy.run(main)
    print("not reached")
    """
)


def test_run_sys_exit_in_the_first_process_exits_the_interpreter_with_its_status() -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _SYS_EXIT_3],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("the subprocess hung") from None
    assert done.returncode == 3, done.stderr
    assert "not reached" not in done.stdout


def test_an_interrupt_with_many_processes_alive_comes_out_of_run() -> None:
    """Two shutdowns wait at once (the interrupt's and the block's end); both must see the
    last process end. Run in a child interpreter: the defect was a hang, which the timeout
    (far beyond the second or so it takes) turns into a failure."""
    script = (
        "import beampy\n"
        "async def idle():\n"
        "    await beampy.receive('stop')\n"
        "async def main():\n"
        "    for _ in range(2000):\n"
        "        beampy.spawn(idle)\n"
        "    raise KeyboardInterrupt\n"
        "try:\n"
        "    beampy.run(main)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600
    )
    assert done.stdout.strip() == "interrupted", done.stderr


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit], ids=repr)
def test_an_interrupt_raised_while_a_killed_process_is_closed_ends_run_with_it(
    interrupt: type[BaseException],
) -> None:
    # regression: the runtime closes the coroutine of a killed process that keeps catching
    # its exit; a KeyboardInterrupt raised by that close was reported as the process's
    # failed cleanup (process_exit_cleanup_failed) and run() went on. It is Ctrl-C: run()
    # shuts down and raises it, as for an interrupt raised anywhere else in a process.
    log: list[str] = []

    async def victim() -> None:
        while len(log) < 10:
            try:
                await beampy.receive("never-sent")
            except GeneratorExit:
                log.append("GeneratorExit")
                raise interrupt from None
            except BaseException as e:
                log.append(type(e).__name__)

    async def main() -> None:
        pid = beampy.spawn(victim)
        await settle()
        beampy.exit(pid, "kill")
        await beampy.receive("never-sent", timeout=LONG)  # (the bug: it times out)

    raised, logs = _raised_and_logs(main)
    failed = [e["event"] for e in logs if e["event"].startswith("process_")]
    assert type(raised) is interrupt
    assert log == ["ExitSignal", "ExitSignal", "GeneratorExit"]
    assert failed == []


@pytest.mark.parametrize("catches_everything", [False, True], ids=["unwinds", "abandoned"])
def test_an_interrupt_from_a_killed_process_nursery_child_ends_run_with_it(
    catches_everything: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # review: a child task of a killed process's nursery that raises KeyboardInterrupt when
    # cancelled was reported as a failed cleanup and run() went on: as a group with the
    # process's own Cancelled (the process unwinds), or from the nursery the runtime waits
    # for after a refused close (the process catches everything). It is Ctrl-C: run()
    # shuts down and raises it.
    async def child() -> None:
        try:
            await trio.sleep_forever()
        except trio.Cancelled:
            raise KeyboardInterrupt from None

    async def victim() -> None:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(child)
            for _ in range(20_000):  # (bounded: the bug fails the test instead of hanging)
                try:
                    await trio.sleep(LONG)
                except BaseException:
                    if not catches_everything:
                        raise

    async def main() -> None:
        pid = beampy.spawn(victim)
        await settle()
        beampy.exit(pid, "kill")
        await beampy.receive("never-sent", timeout=LONG)  # (the bug: it times out)

    # (Python reports the abandoned coroutine it could not close: not what this is about)
    monkeypatch.setattr(sys, "unraisablehook", lambda _: None)
    raised, logs = _raised_and_logs(main)
    failed = [e["exc_info"] for e in logs if e["event"] == "process_exit_cleanup_failed"]
    del logs
    gc.collect()
    assert type(raised) is KeyboardInterrupt
    assert not any(isinstance(e, KeyboardInterrupt) for e in failed)


def test_an_interrupt_in_a_group_shuts_down_and_the_rest_of_the_group_is_reported() -> None:
    # review: a nursery that raised [ValueError, KeyboardInterrupt] shut run() down with the
    # interrupt, and the ValueError went unreported
    async def fails() -> None:
        raise ValueError("a child's failure")

    async def interrupts() -> None:
        raise KeyboardInterrupt  # (no checkpoint first: the nursery's cancel cannot stop it)

    async def both() -> None:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(fails)
            nursery.start_soon(interrupts)

    async def main() -> None:
        beampy.spawn(both)
        await beampy.receive("never-sent", timeout=LONG)

    raised, logs = _raised_and_logs(main)
    crashed = [e["exc_info"] for e in logs if e["event"] == "process_crashed"]
    assert type(raised) is KeyboardInterrupt
    assert len(crashed) == 1
    assert isinstance(crashed[0], BaseExceptionGroup)
    assert [repr(e) for e in crashed[0].exceptions] == ['ValueError("a child\'s failure")']


_CTRL_C_DURING_SHUTDOWN = textwrap.dedent(
    """
    import os, signal, sys
    import trio
    import beampy

    @trio.lowlevel.enable_ki_protection
    def ctrl_c():
        # (protected: trio delivers it to the main task, waiting in the runtime's shutdown,
        # as it does a Ctrl-C that lands while trio itself runs)
        os.kill(os.getpid(), signal.SIGINT)

    async def cleans_up_slowly():
        try:
            await beampy.receive("never")
        finally:
            # the runtime is shutting down (it killed this process): Ctrl-C now
            ctrl_c()
            with trio.CancelScope(shield=True):
                await trio.sleep(0.2)
            print("cleanup finished")

    async def first():
        beampy.spawn(cleans_up_slowly)
        await beampy.sleep(0.01)

    async def in_trio():
        async with beampy.open_runtime() as rt:
            rt.spawn(cleans_up_slowly)
            await trio.sleep(0.01)

    try:
        if sys.argv[1] == "run":
            beampy.run(first)
        else:
            trio.run(in_trio)
    except KeyboardInterrupt:
        print("KeyboardInterrupt")
    except BaseException as e:
        print("other", repr(e))
    """
)


@pytest.mark.parametrize("entry", ["run", "open_runtime"])
def test_ctrl_c_while_the_runtime_shuts_down_comes_out_bare(entry: str) -> None:
    # found by an adversarial run: Ctrl-C landing while the runtime waited for a cleanup in
    # its shutdown came out of run() and open_runtime as BaseExceptionGroup([KeyboardInterrupt])
    # (an `except KeyboardInterrupt` missed it, and the exit status was 1)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CTRL_C_DURING_SHUTDOWN, entry],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("the subprocess hung") from None
    assert done.stdout.splitlines() == ["cleanup finished", "KeyboardInterrupt"], done.stderr


async def _yields_for_ever() -> None:
    while True:
        await beampy.yield_()


def test_ctrl_c_landing_in_the_scheduler_unwinds_every_process_before_run_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A signal lands wherever the main thread is: here in the scheduler's own code (its
    # clock, read between steps), not in a step. The scheduler's code is protected, as
    # trio protects its own: trio raises the KeyboardInterrupt in the code that opened the
    # runtime, which shuts every process down inside the runtime. It used to break the
    # scheduler, and the processes' finally blocks ran later, at garbage collection.
    import signal

    from beampy._core import _runtime

    armed: list[bool] = []
    real_clock = _runtime._busy_clock

    def clock() -> float:
        if armed and armed.pop():
            signal.raise_signal(signal.SIGINT)  # handled at once, in this frame
        return real_clock()

    monkeypatch.setattr(_runtime, "_busy_clock", clock)
    log: list[Any] = []

    async def main() -> None:
        beampy.spawn(_cleans_up, beampy.spawn(block_forever), log)
        beampy.spawn(_yields_for_ever)
        for _ in range(3):
            await beampy.yield_()  # the first waits in its receive
        armed.append(True)
        await beampy.receive("never-sent")

    with pytest.raises(KeyboardInterrupt):
        beampy.run(main)
    assert armed == []  # the signal was raised
    assert log[:2] == ["finally ran", ("self", True)]
