"""A process that opened a trio nursery is killed cleanly, wherever it waits.

Found by writing the seed examples: a process serving HTTP with a nursery could not be
killed (nor the runtime closed) without corrupting trio's cancel-scope stack, because
the exit was thrown into the nursery's own wait in ``__aexit__``; and a kill that left
through a nursery as a group of ``ExitSignal`` and ``Cancelled`` was reported as a
failed cleanup.  The rule: a process blocked in trio is cancelled the trio way, so
every nursery and cancel scope it opened closes in order; its exit reason is the kill's.
"""

from __future__ import annotations

from typing import Any

import structlog
import trio

import beampy
from beampy import ANY, DownMessage
from tests.process.support import run, settle


async def _children_then(where: str, log: list[str]) -> None:
    # (cleanups are recorded in a list: a killed process's beampy operations take no effect)
    async def child() -> None:
        try:
            await trio.sleep_forever()
        finally:
            log.append("child_cleanup")

    try:
        async with trio.open_nursery() as n:
            n.start_soon(child)
            if where == "body_trio":
                await trio.sleep_forever()
            elif where == "body_receive":
                await beampy.receive("never")
            # "aexit": the body ends; the nursery waits for its child
    finally:
        log.append("process_cleanup")


def _kill_in(where: str) -> tuple[Any, list[str], list[str]]:
    log: list[str] = []

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(_children_then, where, log)
        await settle()
        beampy.exit(pid, "kill")
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        return down.reason

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    return reason, log, [e["event"] for e in logs]


def test_kill_while_the_nursery_waits_for_its_children() -> None:
    reason, got, events = _kill_in("aexit")
    assert reason == "killed"
    assert got == ["child_cleanup", "process_cleanup"]  # the nursery closed in order
    assert events == []


def test_kill_while_the_body_awaits_trio() -> None:
    reason, got, events = _kill_in("body_trio")
    assert reason == "killed"
    assert got == ["child_cleanup", "process_cleanup"]
    assert events == []  # not a failed cleanup: the group only carries the kill


def test_kill_while_the_body_awaits_a_beampy_receive() -> None:
    reason, got, events = _kill_in("body_receive")
    assert reason == "killed"
    assert got == ["child_cleanup", "process_cleanup"]
    assert events == []


def test_the_runtime_closes_over_a_process_serving_with_a_nursery() -> None:
    async def serve(log: beampy.Pid) -> None:
        listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
        beampy.send(log, "listening")
        try:
            await trio.serve_listeners(_echo, listeners)
        finally:
            beampy.send(log, "closed")

    async def main() -> str:
        beampy.spawn(serve, beampy.self())
        return await beampy.receive("listening")  # type: ignore[no-any-return]

    with structlog.testing.capture_logs() as logs:
        assert beampy.run(main) == "listening"  # ends: the server is shut down cleanly
    assert [e["event"] for e in logs] == []


async def _echo(stream: trio.SocketStream) -> None:
    await stream.send_all(await stream.receive_some())


def test_a_shielded_operation_finishes_then_the_kill_takes_effect() -> None:
    async def shielded(log: beampy.Pid) -> None:
        with trio.CancelScope(shield=True):
            await trio.sleep(5.0)
            beampy.send(log, "shield_done")
        beampy.send(log, "after_shield")  # a beampy operation: the exit is raised here

    async def main() -> tuple[Any, list[Any]]:
        pid, ref = beampy.spawn_monitor(shielded, beampy.self())
        await settle(1.0)
        beampy.exit(pid, "kill")
        down = await beampy.receive(DownMessage(ref, ANY, ANY), timeout=100.0)
        got = []
        while True:
            try:
                got.append(beampy.receive_nowait())
            except trio.WouldBlock:
                return down.reason, got

    reason, got = run(main)
    assert reason == "killed"
    assert "after_shield" not in got


async def _leaks_a_scope(kind: str) -> str:
    # misuse that plain trio lets a task end with: a scope entered and never exited
    if kind == "deadline":
        trio.move_on_after(0.5).__enter__()
        await beampy.receive("never")  # its own deadline cancels it here
    trio.CancelScope().__enter__()
    if kind == "hosted":
        await trio.sleep(0.01)
    return "returned"


async def _trio_then_beampy(i: int) -> int:
    await trio.sleep(1.0)
    await beampy.sleep(1.0)
    return i


def test_a_process_that_ends_inside_a_trio_scope_leaves_the_runtime_sound() -> None:
    # each leak is taken off the carrier and reported; processes that run on after it
    # (on the same carriers, past the leaked deadline) are not touched by it
    async def main() -> list[Any]:
        out: list[Any] = []
        for kind in ("light", "hosted", "deadline"):
            _, ref = beampy.spawn_monitor(_leaks_a_scope, kind)
            reason = (await beampy.receive(DownMessage(ref, ANY, ANY))).reason
            out.append(type(reason).__name__ if isinstance(reason, BaseException) else reason)
        refs = [beampy.spawn_monitor(_trio_then_beampy, i)[1] for i in range(4)]
        for ref in refs:
            out.append((await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
        return out

    with structlog.testing.capture_logs() as logs:
        assert run(main) == ["normal", "normal", "Cancelled", *["normal"] * 4]
    left = [e for e in logs if e["event"] == "process_left_trio_scope_open"]
    assert [e["initial_call"].split(".")[-1] for e in left] == ["_leaks_a_scope"] * 3


def test_a_process_that_ends_with_a_nursery_open_has_its_child_tasks_cancelled() -> None:
    # the nursery's children are cancelled and waited for by the runtime; one report
    cleanups: list[str] = []

    async def child() -> None:
        try:
            await trio.sleep_forever()
        finally:
            cleanups.append("child cancelled")

    async def leaks_a_nursery() -> str:
        nursery = await trio.open_nursery().__aenter__()
        nursery.start_soon(child)
        await trio.sleep(0.01)
        return "returned"

    async def main() -> list[Any]:
        _, ref = beampy.spawn_monitor(leaks_a_nursery)
        first = (await beampy.receive(DownMessage(ref, ANY, ANY))).reason
        _, ref = beampy.spawn_monitor(_trio_then_beampy, 1)
        return [first, (await beampy.receive(DownMessage(ref, ANY, ANY))).reason]

    with structlog.testing.capture_logs() as logs:
        assert run(main) == ["normal", "normal"]
    assert cleanups == ["child cancelled"]
    assert [e["event"] for e in logs if e["event"] == "process_left_trio_scope_open"] == [
        "process_left_trio_scope_open"
    ]
