"""info(pid) / info(pid, item): Process.info for live processes, None for dead ones."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import trio

import beampy
from beampy import Pid
from tests.process.support import LONG, block_forever, down_reason, run, settle


async def _waiting_here() -> None:
    await beampy.receive("never")  # current_function points at this line


async def _registered_worker(name: str) -> None:
    beampy.register(beampy.self(), name)
    beampy.put("role", "worker")
    beampy.flag("trap_exit", True)
    await block_forever()


def test_info_all_items_of_a_live_process() -> None:
    async def main() -> tuple[dict[str, Any], Pid, Pid]:
        me = beampy.self()
        pid = beampy.spawn_link(_registered_worker, "w")
        beampy.monitor(pid)
        await settle()
        beampy.send(pid, "m1")
        beampy.send(pid, ("m", 2))
        info = beampy.info(pid)
        return info, me, pid

    info, me, _pid = run(main)
    assert set(info) == set(beampy.process.INFO_ITEMS)
    assert info["message_queue_len"] == 2
    assert info["messages"] == ["m1", ("m", 2)]
    assert info["links"] == [me]
    assert info["monitors"] == []
    assert info["monitored_by"] == [me]
    assert info["trap_exit"] is True
    assert info["registered_name"] == "w"
    assert info["dictionary"] == [("role", "worker")]
    assert info["priority"] == "normal"
    assert info["status"] == "waiting"
    assert info["parent"] == me
    assert info["hosted"] is False
    assert info["initial_call"] == f"{__name__}._registered_worker"
    assert info["current_function"][:2] == ("tests.process.support", "block_forever")
    assert isinstance(info["reductions"], int)


def test_info_dead_process_is_none() -> None:
    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        return beampy.info(pid), beampy.info(pid, "status")

    assert run(main) == (None, None)


def test_info_single_item_returns_the_value() -> None:
    async def main() -> Any:
        beampy.send(beampy.self(), "x")
        return beampy.info(beampy.self(), "message_queue_len")

    assert run(main) == 1


def test_info_status_running_runnable_waiting() -> None:
    async def main() -> tuple[Any, Any, Any]:
        pid = beampy.spawn(block_forever)
        runnable = beampy.info(pid, "status")
        await settle()
        return beampy.info(beampy.self(), "status"), runnable, beampy.info(pid, "status")

    assert run(main) == ("running", "runnable", "waiting")


def test_info_status_sleeping_process_is_waiting() -> None:
    async def main() -> Any:
        pid = beampy.spawn(settle, 10)
        await settle(1)
        return beampy.info(pid, "status")

    assert run(main) == "waiting"


def test_info_unknown_item_raises_value_error_naming_it() -> None:
    async def main() -> str:
        with pytest.raises(ValueError, match="'bogus'"):
            beampy.info(beampy.self(), "bogus")
        return "ok"

    assert run(main) == "ok"


def test_info_current_function_names_the_waiting_line() -> None:
    async def main() -> Any:
        pid = beampy.spawn(_waiting_here)
        await settle()
        return beampy.info(pid, "current_function")

    lines, first = inspect.getsourcelines(_waiting_here)
    line = first + next(i for i, text in enumerate(lines) if "await" in text)
    assert run(main) == (__name__, "_waiting_here", line)


def test_info_initial_call_and_parent_of_a_spawned_child() -> None:
    async def main() -> tuple[Any, Any, Pid, Any]:
        pid = beampy.spawn(block_forever)
        return (
            beampy.info(pid, "initial_call"),
            beampy.info(pid, "parent"),
            beampy.self(),
            beampy.info(beampy.self(), "parent"),
        )

    initial_call, parent, me, main_parent = run(main)
    assert initial_call == "tests.process.support.block_forever"
    assert parent == me
    assert main_parent is None  # the first process was started by the runtime, not a process


def test_info_links_are_in_the_order_the_links_were_made() -> None:
    # (differences.md says so; they were sorted by pid: found by a docs audit)
    async def main() -> tuple[Any, list[Pid]]:
        pids = [beampy.spawn(block_forever) for _ in range(4)]
        order = [pids[2], pids[0], pids[3], pids[1]]
        for p in order:
            beampy.link(p)
        beampy.link(pids[2])  # linking again changes nothing
        beampy.unlink(pids[0])
        beampy.link(pids[0])  # an unlinked one comes back last
        return beampy.info(beampy.self(), "links"), [pids[2], pids[3], pids[1], pids[0]]

    links, expected = run(main)
    assert links == expected


def test_exit_signals_reach_linked_processes_in_the_order_the_links_were_made() -> None:
    async def forwarder(spawner: Pid, to: Pid, name: str) -> None:
        beampy.flag("trap_exit", True)
        beampy.send(spawner, "ready")
        await beampy.receive(beampy.ExitMessage(spawner, beampy.ANY))
        beampy.send(to, name)  # each one runs as soon as its signal arrives

    async def dying(names: list[str], to: Pid) -> None:
        me = beampy.self()
        pids = {name: beampy.spawn(forwarder, me, to, name) for name in sorted(names)}
        for _ in names:
            await beampy.receive("ready")
        for name in names:  # spawned a to h; linked in another order
            beampy.link(pids[name])
        raise beampy.Exit(("shutdown", "bye"))

    async def main() -> list[str]:
        names = ["f", "c", "h", "a", "e", "d", "b", "g"]
        beampy.spawn(dying, names, beampy.self())
        return [await beampy.receive(str, timeout=LONG) for _ in names]

    assert run(main) == ["f", "c", "h", "a", "e", "d", "b", "g"]


def test_info_reductions_grow_with_work() -> None:
    async def main() -> tuple[int, int]:
        me = beampy.self()
        before = beampy.info(me, "reductions")
        for i in range(50):
            beampy.send(me, i)
            await beampy.receive()
        await beampy.yield_()
        return before, beampy.info(me, "reductions")

    before, after = run(main)
    assert after > before


def test_info_of_a_process_being_killed_is_none() -> None:
    async def main() -> tuple[Any, Any]:
        pid = beampy.spawn(block_forever)
        await settle()
        beampy.exit(pid, "kill")
        return beampy.info(pid), beampy.info(pid, "message_queue_len")

    assert run(main) == (None, None)


def test_info_items_constant_lists_every_item() -> None:
    assert beampy.process.INFO_ITEMS == (
        "current_function",
        "dictionary",
        "hosted",
        "initial_call",
        "links",
        "message_queue_len",
        "messages",
        "monitored_by",
        "monitors",
        "parent",
        "priority",
        "reductions",
        "registered_name",
        "status",
        "trap_exit",
    )


class _HashRaises:
    def __hash__(self) -> int:
        raise RuntimeError("no hash")


class _StatusByValue(str):
    """Equal to "status" by value, hashed otherwise."""

    def __hash__(self) -> int:
        return 12345


def test_info_items_are_compared_as_values_and_anything_else_is_unknown() -> None:
    # regression (review of the one-lookup info): a dict lookup let an item's own
    # __hash__ error out, and missed a str subclass equal to an item's name
    async def main() -> Any:
        me = beampy.self()
        out: list[Any] = [beampy.info(me, _StatusByValue("status")), beampy.info(me, [])]
        wrong_type: list[Any] = [_HashRaises(), 3, ("status",)]
        for item in wrong_type:
            with pytest.raises(TypeError, match="item must be a str"):
                beampy.info(me, item)
        with pytest.raises(ValueError, match="unknown item"):
            beampy.info(me, "nope")
        return out

    assert run(main) == ["running", []]


def test_info_of_a_list_of_items_gives_pairs_in_that_order() -> None:
    # Process.info(pid, [:trap_exit, :priority]) is a keyword list (an audit found the
    # list form refused as an unknown item)
    async def main() -> tuple[Any, Any]:
        beampy.flag("trap_exit", True)
        me = beampy.self()
        dead = beampy.spawn(beampy.sleep, 0)
        await beampy.sleep(1)
        return beampy.info(me, ["trap_exit", "priority", "links"]), beampy.info(dead, ["links"])

    assert run(main) == ([("trap_exit", True), ("priority", "normal"), ("links", [])], None)


async def _tell_its_initial_call(to: Pid) -> None:
    beampy.send(to, beampy.info(to, "initial_call"))


def test_a_trio_mailbox_initial_call_is_a_name_without_quotes() -> None:
    # audit: it was "'mailbox'", the repr of a str; initial_call is a qualified name
    async def main() -> Any:
        async with beampy.open_runtime() as rt, rt.mailbox() as mb:
            rt.spawn(_tell_its_initial_call, mb.pid)
            return await mb.receive()

    assert trio.run(main) == "beampy.lowlevel.Mailbox"


def test_info_current_function_of_the_caller_itself_names_where_it_runs() -> None:
    # a running coroutine does not show what it awaits: it named the outermost one
    # (found by a review)
    async def inner() -> Any:
        return beampy.info(beampy.self(), "current_function")

    async def main() -> Any:
        return await inner()

    module, qualname, _line = run(main)
    assert module == __name__
    assert qualname.endswith("<locals>.inner")
