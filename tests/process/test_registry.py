"""register/unregister/whereis/registered, and sending to names (conformance 024, 025)."""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from beampy import Pid
from tests.process.support import block_forever, down_reason, echo, run, settle, wait_down


def test_register_whereis_send_by_name_unregister() -> None:
    # conformance 024
    async def main() -> tuple[list[Any], Pid]:
        child = beampy.spawn(echo)
        out: list[Any] = [beampy.register(child, "svc"), beampy.whereis("svc") == child]
        beampy.send("svc", (beampy.self(), "hello"))
        out.append(await beampy.receive(timeout=10))
        out.append(beampy.unregister("svc"))
        out.append(beampy.whereis("svc"))
        return out, child

    out, _ = run(main)
    assert out == [True, True, ("echo", "hello"), True, None]


def test_register_name_is_freed_when_the_process_dies() -> None:
    # conformance 024
    async def main() -> tuple[Any, Any, list[str]]:
        child, ref = beampy.spawn_monitor(block_forever)
        beampy.register(child, "svc2")
        before = beampy.whereis("svc2") == child
        beampy.exit(child, "bye")
        await down_reason(ref)
        return before, beampy.whereis("svc2"), beampy.registered()

    assert run(main) == (True, None, [])


def test_register_freed_name_can_be_taken_again() -> None:
    async def main() -> tuple[Any, bool]:
        first = beampy.spawn(settle, 0.1)
        beampy.register(first, "svc")
        await wait_down(first)
        second = beampy.spawn(block_forever)
        return beampy.register(second, "svc"), beampy.whereis("svc") == second

    assert run(main) == (True, True)


def test_register_after_unregister_the_process_can_take_another_name() -> None:
    async def main() -> tuple[Any, Any, Any]:
        me = beampy.self()
        beampy.register(me, "a")
        beampy.unregister("a")
        return beampy.register(me, "b"), beampy.whereis("a"), beampy.info(me, "registered_name")

    assert run(main) == (True, None, "b")


def test_registered_lists_every_name() -> None:
    async def main() -> list[str]:
        beampy.register(beampy.self(), "main")
        beampy.register(beampy.spawn(block_forever), "worker")
        return sorted(beampy.registered())

    assert run(main) == ["main", "worker"]


def test_register_another_process_and_unregister_from_a_third() -> None:
    async def unregisterer(name: str, to: Pid) -> None:
        beampy.send(to, ("unregistered", beampy.unregister(name)))

    async def main() -> tuple[Any, Any]:
        target = beampy.spawn(block_forever)
        beampy.register(target, "svc")
        beampy.spawn(unregisterer, "svc", beampy.self())
        got = await beampy.receive(timeout=10)
        return got, beampy.whereis("svc")

    assert run(main) == (("unregistered", True), None)


def test_register_info_registered_name() -> None:
    async def main() -> tuple[Any, Any]:
        me = beampy.self()
        before = beampy.info(me, "registered_name")
        beampy.register(me, "me")
        return before, beampy.info(me, "registered_name")

    assert run(main) == (None, "me")


def test_whereis_unknown_name_is_none() -> None:
    async def main() -> Any:
        return beampy.whereis("nobody")

    assert run(main) is None


# -- errors (conformance 025: all ArgumentError on the BEAM) --------------------------------


def test_send_to_unregistered_name_raises_value_error() -> None:
    async def main() -> str:
        with pytest.raises(ValueError, match="'nobody'"):
            beampy.send("nobody", "hi")
        return "ok"

    assert run(main) == "ok"


def test_send_to_name_of_dead_process_raises_value_error() -> None:
    async def main() -> str:
        pid = beampy.spawn(settle, 0.1)
        beampy.register(pid, "gone")
        await wait_down(pid)
        with pytest.raises(ValueError, match="'gone'"):
            beampy.send("gone", "hi")
        return "ok"

    assert run(main) == "ok"


def test_register_taken_name_raises_value_error_naming_the_owner() -> None:
    async def main() -> tuple[str, Pid]:
        owner = beampy.spawn(block_forever)
        beampy.register(owner, "taken")
        with pytest.raises(ValueError, match="already registered") as info:
            beampy.register(beampy.self(), "taken")
        return str(info.value), owner

    msg, owner = run(main)
    assert "'taken'" in msg
    assert repr(owner) in msg


def test_register_second_name_raises_value_error() -> None:
    async def main() -> tuple[str, Any]:
        me = beampy.self()
        beampy.register(me, "first")
        with pytest.raises(ValueError, match="already registered") as info:
            beampy.register(me, "second")
        return str(info.value), beampy.whereis("second")

    msg, second = run(main)
    assert "'first'" in msg
    assert second is None


def test_register_dead_pid_raises_value_error() -> None:
    async def main() -> tuple[str, Pid, Any]:
        pid, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        with pytest.raises(ValueError, match="'dead'") as info:
            beampy.register(pid, "dead")
        return str(info.value), pid, beampy.whereis("dead")

    msg, pid, whereis = run(main)
    assert repr(pid) in msg
    assert "not alive" in msg
    assert whereis is None


def test_register_exiting_process_raises_value_error() -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        beampy.exit(pid, "kill")
        with pytest.raises(ValueError, match="not alive"):
            beampy.register(pid, "late")
        return beampy.whereis("late")

    assert run(main) is None


def test_register_undefined_raises_value_error() -> None:
    async def main() -> str:
        with pytest.raises(ValueError, match="'undefined'"):
            beampy.register(beampy.self(), "undefined")
        return "ok"

    assert run(main) == "ok"


def test_unregister_unknown_name_raises_value_error() -> None:
    async def main() -> str:
        with pytest.raises(ValueError, match="'unknown'"):
            beampy.unregister("unknown")
        return "ok"

    assert run(main) == "ok"


def test_register_non_str_name_or_non_pid_raises_type_error() -> None:
    async def main() -> str:
        with pytest.raises(TypeError, match="42"):
            beampy.register(beampy.self(), 42)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="'me'"):
            beampy.register("me", "me")  # type: ignore[arg-type]
        return "ok"

    assert run(main) == "ok"
